"""Time travel: any view as it stood at a past instant, and what changed between two
(retrospectives), rebuilt from the recorded decisions through the views' own folds.
service.py (TimeTravel: instant -> version -> product -> rows), lazy_snapshot.py
(a product from its nearest snapshot), retrospective.py (the pure report); the
decisions SQL it needs is in decisions/sync_queries.py."""
