"""Personal data under a key per member (crypto-shredding): keys.py keeps the keys in
their own table beside the event store, sealing.py encrypts and opens one field with
AES-GCM, mapper.py seals the personal fields of the events (and snapshots) that carry
them as they are stored, and opens them as they are read. Destroying a member's key
leaves only ciphertext nobody can open: the member reads FORGOTTEN_NAME."""

from __future__ import annotations

FORGOTTEN_NAME = "Forgotten member"
"""What a forgotten member's name reads, everywhere and at every instant."""
