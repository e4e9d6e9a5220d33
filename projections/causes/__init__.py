"""Why decisions were taken: each decision's causedBy, and what followed from it."""
