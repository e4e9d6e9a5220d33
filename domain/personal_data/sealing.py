"""One personal field sealed with AES-GCM (the `cryptography` package) under its
member's key. The member id and the field's name are the associated data, so a
sealed value cannot be moved to another member or field and still open."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sealed:v1:"
"""Marks a sealed value in the stored JSON; anything else is legacy plaintext."""
NONCE_BYTES = 12


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(key: bytes, member_id: str, field: str, value: str | None) -> str | None:
    """The value's sealed form (None stays None: there is nothing to hide)."""
    if value is None:
        return None
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), _aad(member_id, field))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(key: bytes, member_id: str, field: str, value: str) -> str:
    """The plaintext of a sealed value (raises cryptography's InvalidTag if tampered with)."""
    raw = base64.b64decode(value[len(PREFIX) :])
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    return AESGCM(key).decrypt(nonce, sealed, _aad(member_id, field)).decode("utf-8")


def _aad(member_id: str, field: str) -> bytes:
    return f"tandem:{member_id}:{field}".encode()
