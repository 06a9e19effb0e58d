complete --keep-order --exclusive --command gloss --arguments "(COMPLETE=fish gloss -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
