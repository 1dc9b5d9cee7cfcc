// Placeholder: the command line.
