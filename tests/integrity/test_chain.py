"""The hash chain on every backend: each product's decisions linked in position order,
fixed once, recomputed from the event store by verification."""

from __future__ import annotations

from api.composition import Container
from domain.commands import PrioritizeItem
from projections.audit_chain.canonical import link_hash
from projections.audit_chain.stored import product_decisions
from projections.audit_chain.verify import verify_all, verify_product
from tests.projections.team import Team


def links(tandem: Container, product_id: str) -> list[tuple[int, str | None, str]]:
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall(
            "SELECT position, previous_hash, hash FROM audit_chain WHERE product_id = ? "
            "ORDER BY position",
            (product_id,),
        )
    return [(int(p), prev, h) for p, prev, h in rows]


def test_each_decision_links_to_the_one_before_it_on_its_product(
    tandem: Container, team: Team
) -> None:
    other = Team.gather(tandem.app, "Payroll")
    _, second = team.propose("SSO login", "Audit log")
    other.propose("Payslips")
    tandem.app.decide(team.ana, PrioritizeItem(item_id=second, rank=1, rationale="Legal asks"))
    tandem.projections.catch_up()

    chain = links(tandem, team.product_id)
    stored = product_decisions(tandem.app, team.product_id)
    assert [p for p, _, _ in chain] == [d.position for d in stored]
    assert chain[0][1] is None
    previous = None
    for (_, prev, digest), decision in zip(chain, stored, strict=True):
        assert prev == previous
        assert digest == link_hash(previous, decision)
        assert len(digest) == 64 and digest == digest.lower()
        previous = digest
    assert links(tandem, other.product_id)[0][1] is None


def test_verification_recomputes_every_products_chain(tandem: Container, team: Team) -> None:
    other = Team.gather(tandem.app, "Payroll")
    team.propose("SSO login")
    other.propose("Payslips")
    tandem.projections.catch_up()

    result = verify_product(tandem.app, tandem.projections.store, team.product_id)
    assert result.ok and result.broken_at is None
    assert result.checked == len(product_decisions(tandem.app, team.product_id))
    assert result.head == links(tandem, team.product_id)[-1][2]
    every = verify_all(tandem.app, tandem.projections.store)
    assert {team.product_id, other.product_id} <= set(every)
    assert all(v.ok for v in every.values())
    assert every[team.product_id].head == result.head


def test_a_rebuild_never_recomputes_the_chain(tandem: Container, team: Team) -> None:
    from projections.catalog import followers
    from projections.engine.rebuild import rebuild_all

    team.propose("SSO login")
    tandem.projections.catch_up()
    before = links(tandem, team.product_id)
    with tandem.projections.store.transaction() as tx:
        tx.execute("UPDATE audit_chain SET hash = 'kept' WHERE position = ?", (before[-1][0],))
    rebuild_all(tandem.app, tandem.projections.store, followers(tandem.app))
    assert links(tandem, team.product_id)[-1][2] == "kept"
