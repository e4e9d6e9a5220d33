"""Time travel: any view as it stood at a past instant, and what changed between two
(retrospectives), from the recorded decisions through the views' own folds.
service.py (TimeTravel: instant -> version -> rows), past_product.py (a whole
product from the time-travel store's checkpoint plus the events after it),
retrospective.py (the pure report); the store is projections/snapshots, the
decisions SQL it needs is in decisions/sync_queries.py."""
