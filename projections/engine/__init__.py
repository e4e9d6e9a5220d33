"""The machinery shared by every log follower, knowing no view in particular:
view.py (LogFollower, View, Touched), runner.py (one follower's position, batches and
fault, exactly once), conductor.py (the one thread per process driving them all, under
one advisory lock on PostgreSQL), together.py (their small batches in one transaction),
wakeups.py (NOTIFY, SQLite data_version), projections.py (a process's followers, status,
read-your-writes waits), view_store.py (transactions with the tracking position),
view_lock.py (the advisory lock), replicas.py, decoded.py, rebuild.py (a new generation
of a view's tables, swapped in), drivers.py (async reads), instants.py."""
