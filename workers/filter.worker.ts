// Placeholder: the filter worker.
