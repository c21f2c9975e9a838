"""Pure rules: text, colours, fonts and recipients; no I/O beyond reading the text's source."""
