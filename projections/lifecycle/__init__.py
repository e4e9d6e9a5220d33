"""What the everyday lifecycle adds to the backlog: who requested an item, which goals
it serves, each goal's version and the decision that set it. tables.py the DDL,
view.py the writes (LifecycleView), queries.py the reads (LifecycleQueries, part of
projections.reader.ViewReader), item_filter.py the pure filter shared with time travel."""
