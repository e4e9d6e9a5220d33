"""The schema's object types, each built from view rows (never from aggregates)."""
