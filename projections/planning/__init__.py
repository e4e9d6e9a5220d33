"""Planning: iterations, the forecast and the bottlenecks of each product.

One package because the three are one fold of the same product state (fold.py,
forecast.py, bottlenecks.py: pure, shared with time travel), kept at one tracked
position: tables.py the DDL, view.py the writes (PlanningView), queries.py the reads
(PlanningQueries, part of projections.reader.ViewReader)."""
