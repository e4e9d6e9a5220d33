"""The decisions (the audit trail): who decided what, when, in which role, and why.
audit.py is the fold (a decision event -> a row with its sentence), tables.py the
DDL, view.py the writes (DecisionsView), queries.py the async reads (DecisionQueries,
part of projections.reader.ViewReader), sync_queries.py the reads time travel and
the CLI make on a thread."""
