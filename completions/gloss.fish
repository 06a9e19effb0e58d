complete --keep-order --exclusive --command gloss --arguments "(GLOSS_COMPLETE=fish gloss -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
