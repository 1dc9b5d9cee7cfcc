// Placeholder: the Electron shell (see issue 3).
