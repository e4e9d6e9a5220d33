"""`tandem update preview` prints the next update and publishes nothing."""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

from api.cli import main
from api.composition import build
from domain.actor import Actor
from domain.commands import CreateProduct, GrantRole, PrioritizeItem, ProposeItem, RegisterMember
from domain.vocabulary import Role
from tests.api.harness import settings_for


def test_preview_prints_the_next_report_without_recording_anything() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'tandem.db'}"
        tandem = build(settings_for(url))
        admin = Actor.admin()
        ana = tandem.app.decide(admin, RegisterMember(name="Ana", email="ana@t.example"))
        pid = tandem.app.decide(admin, CreateProduct(name="Checkout", vision="v")).product_id
        assert pid is not None and ana.member_id is not None
        tandem.app.decide(
            admin, GrantRole(product_id=pid, member_id=ana.member_id, role=Role.PRODUCT_OWNER)
        )
        po = Actor.member(ana.member_id)
        for title in ("SSO login", "Apple Pay"):
            tandem.app.decide(po, ProposeItem(product_id=pid, title=title))
        item = tandem.app.product(pid).order[1]
        tandem.app.decide(po, PrioritizeItem(item_id=item, rank=1, rationale="launch"))
        head = tandem.app.recorder.max_notification_id()
        tandem.projections.catch_up()
        tandem.close()
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["update", "preview", "--product", pid, "--database-url", url])
        assert code == 0
        assert out.getvalue() == "# Next update\n\n## Priorities\n\n- #1 Apple Pay: launch\n"
        again = build(settings_for(url))
        assert again.app.recorder.max_notification_id() == head
        again.close()
