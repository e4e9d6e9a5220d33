"""Each webhook's full URL and secret, sealed with AES-256-GCM before they are stored
(the event log holds neither; the key never leaves the process's settings or key file)."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from projections.engine.view_store import Tx


@dataclass(frozen=True)
class Sealed:
    url: str
    secret: str | None


class Sealer:
    """Seals and opens a webhook's URL and secret, bound to the webhook's id."""

    def __init__(self, key: bytes) -> None:
        self.aead = AESGCM(key)

    def seal(self, webhook_id: str, value: Sealed) -> str:
        nonce = os.urandom(12)
        plain = json.dumps({"url": value.url, "secret": value.secret}).encode()
        sealed = self.aead.encrypt(nonce, plain, webhook_id.encode())
        return base64.b64encode(nonce + sealed).decode()

    def open(self, webhook_id: str, text: str) -> Sealed:
        raw = base64.b64decode(text)
        plain = json.loads(self.aead.decrypt(raw[:12], raw[12:], webhook_id.encode()))
        return Sealed(url=plain["url"], secret=plain["secret"])


def store(tx: Tx, webhook_id: str, sealed: str) -> None:
    tx.execute(
        "INSERT INTO webhook_secrets VALUES (?, ?) ON CONFLICT (webhook_id) "
        "DO UPDATE SET sealed = excluded.sealed",
        (webhook_id, sealed),
    )


def load(tx: Tx, webhook_id: str) -> str | None:
    rows = tx.fetchall("SELECT sealed FROM webhook_secrets WHERE webhook_id = ?", (webhook_id,))
    return str(rows[0][0]) if rows else None


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)
