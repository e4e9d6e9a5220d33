"""How decisions reach the event store: the database URL, table start-up, the
PostgreSQL recorder that keeps commit order, and the per-product locks."""
