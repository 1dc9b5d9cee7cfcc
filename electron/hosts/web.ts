// Placeholder: the web host.
