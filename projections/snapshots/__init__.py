"""The time-travel store: a log follower, not a view. It answers no query itself; it
writes, per product, a small row per item decision and a checkpoint every
TANDEM_SNAPSHOT_INTERVAL versions, so time travel reads a past backlog page by
index and rebuilds any past product from a checkpoint (tables.py, encoding.py,
taker.py, queries.py). It also keeps the library's latest snapshots of each product
for the write side (latest.py). Its tracked position is "snapshots" in `tandem status`."""
