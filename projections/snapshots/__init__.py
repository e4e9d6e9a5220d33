"""Snapshots: a log follower, not a view. It answers no query; it stores a snapshot
of each product every TANDEM_SNAPSHOT_INTERVAL versions so that time travel
reconstructs any past version from the nearest one. Everything is in taker.py
(SnapshotTaker); it has its own tracked position ("snapshots" in `tandem status`)."""
