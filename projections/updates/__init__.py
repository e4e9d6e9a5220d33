"""Stakeholder updates: each published report exactly as it was stored with its
decision. compose.py writes a report from the other views' rows (pure), view.py stores
the published ones (UpdatesView), queries.py reads them (UpdateQueries)."""
