"""The technical record: each product's architecture decisions, by number, and the
technical requirements of its items."""
