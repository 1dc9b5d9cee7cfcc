// Placeholder: the preload bridge (see issue 3).
