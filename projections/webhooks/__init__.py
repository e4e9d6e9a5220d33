"""Webhooks: who hears about which decisions, and the deliveries owed to them.

view.py is the follower: it keeps the webhooks of each product and, in the same
transaction as its tracked position, writes one delivery per matching decision and
webhook (an outbox, exactly once). dispatcher.py sends each webhook's deliveries in
position order, at least once, with retries (sender.py, guard.py, secrets.py).
queries.py reads both for the API."""
