
set edit:completion:arg-completer[gloss] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) GLOSS_COMPLETE="elvish" gloss -- $@words) | to-lines
}

