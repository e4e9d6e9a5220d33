"""Tandem's read side: one package per view, named for the question it answers
(backlog/, allocation/, decisions/), the snapshot taker (snapshots/), time travel
(time_travel/), and the machinery that follows the log (engine/). catalog.py lists
what runs; reader.py is the one object the API reads the views through; rows.py
holds the rows the views serve."""
