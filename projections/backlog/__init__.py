"""The backlog: what is on each product, in what order, who holds which role, and
which goals it works towards. render.py is the fold (a product -> rows, shared with
time travel), tables.py the DDL, view.py the writes (BacklogView), queries.py the
reads (BacklogQueries, part of projections.reader.ViewReader)."""
