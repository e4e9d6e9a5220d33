"""The positions view: a product's open, filled and cancelled positions. fold.py is the
pure fold (a product -> its position rows, shared with time travel), tables.py the
DDL, view.py the writes (PositionsView), queries.py the reads (PositionQueries)."""
