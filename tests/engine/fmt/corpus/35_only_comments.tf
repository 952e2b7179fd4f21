# just a comment
    # indented comment

// another
