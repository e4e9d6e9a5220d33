"""The risk view's writes: each touched product's register, rewritten whole (a
register holds tens of entries, and any decision may change an exposure)."""

from __future__ import annotations

from projections.registers import RegisterView
from projections.risks.render import REGISTER
from projections.risks.tables import TABLES


class RiskView(RegisterView):
    """Risks and opportunities per product, with the items they concern."""

    name = "risks"
    tables = TABLES
    version_table = "risk_products"
    register = REGISTER
