"""The machinery shared by every log follower, knowing no view in particular:
view.py (LogFollower, View, Touched), runner.py (one follower following the log,
exactly once), projections.py (all of a process's runners, status, read-your-writes
waits), view_store.py (transactions with the tracking position), view_lock.py (one
runner per view on PostgreSQL), replicas.py, decoded.py, rebuild.py (a new
generation of a view's tables, swapped in), drivers.py (async reads), instants.py."""
