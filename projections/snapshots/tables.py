"""The time-travel store's tables, for SQLite and PostgreSQL alike.

Products and items are keyed by small numbers (a product's in order of creation,
an item's its proposal sequence in the product), so the rows of a million
decisions stay small. `past_changes` has a row per item decision (the item's
version, its rank after it, and its work when that changed); `past_texts` a row
when an item's text changed; `past_checkpoints` the order and counters every
N versions of a product, pointing at `past_rests`, the rest of the product,
stored only when it changed since the previous checkpoint. BYTEA is a BLOB to
SQLite (numeric affinity leaves blobs alone).

On SQLite `past_changes`, a row per item decision, is stored in its key's order
(WITHOUT ROWID): a rowid table kept its key as a second copy of every row, 15 MB of
the store's 117 MB at a million decisions. PostgreSQL has no such layout and reads
the statement without the clause (view_store.Tx.sql).
"""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS past_products (
        product_id TEXT PRIMARY KEY, pkey INTEGER NOT NULL, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS past_items (
        pkey INTEGER NOT NULL, ikey INTEGER NOT NULL, item_id TEXT NOT NULL,
        proposed INTEGER NOT NULL, PRIMARY KEY (pkey, ikey))""",
    "CREATE INDEX IF NOT EXISTS past_items_id ON past_items (item_id)",
    """CREATE TABLE IF NOT EXISTS past_changes (
        pkey INTEGER NOT NULL, version INTEGER NOT NULL, ikey INTEGER NOT NULL,
        item_version INTEGER NOT NULL, item_rank INTEGER, work TEXT,
        PRIMARY KEY (pkey, version)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS past_changes_item
        ON past_changes (pkey, ikey, version, item_version)""",
    """CREATE TABLE IF NOT EXISTS past_texts (
        pkey INTEGER NOT NULL, ikey INTEGER NOT NULL, version INTEGER NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (pkey, ikey, version))""",
    """CREATE TABLE IF NOT EXISTS past_checkpoints (
        pkey INTEGER NOT NULL, version INTEGER NOT NULL, item_order BYTEA NOT NULL,
        backlog_version INTEGER NOT NULL, modified_on TEXT NOT NULL,
        rest_version INTEGER NOT NULL, PRIMARY KEY (pkey, version))""",
    """CREATE TABLE IF NOT EXISTS past_rests (
        pkey INTEGER NOT NULL, version INTEGER NOT NULL, body BYTEA NOT NULL,
        PRIMARY KEY (pkey, version))""",
)
