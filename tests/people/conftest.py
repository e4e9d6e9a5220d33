from __future__ import annotations

from tests.api.conftest import api, bare, sqlite_api

__all__ = ["api", "bare", "sqlite_api"]
