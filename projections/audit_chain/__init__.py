"""The audit hash chain: each product's decisions chained in position order by a log
follower that is never rebuilt (follower.py), the canonical form (canonical.py),
verification against the event store (verify.py) and exports (export.py)."""
