"""Finding a position's product from the position's id alone."""

from __future__ import annotations

from domain.errors import NotFound
from domain.ledger import Ledger, parse_id
from domain.people_events import PositionLocator


class PositionLookup(Ledger):
    """The product of a position (immutable, so cached)."""

    _position_products: dict[str, str]

    def product_of_position(self, position_id: str) -> str:
        key = str(parse_id(position_id, "position"))
        known = self.__dict__.setdefault("_position_products", {})
        if key not in known:
            try:
                locator = self.load(key, PositionLocator, "position")
            except NotFound:
                raise NotFound(f"no position {key}") from None
            known[key] = locator.product_id
        return str(known[key])
