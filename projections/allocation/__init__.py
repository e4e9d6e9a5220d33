"""The allocation: how much of each engineer's capacity is taken, and by which items.
loads.py is the fold (a product -> member loads, shared with time travel), tables.py
the DDL, view.py the writes (AllocationView), queries.py the read (AllocationQueries,
part of projections.reader.ViewReader)."""
