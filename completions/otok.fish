complete --keep-order --exclusive --command otok --arguments "(COMPLETE=fish otok -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
