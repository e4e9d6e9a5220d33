"""People records on every backend: the EM records them; who reads which is decided
where they are read; they never appear where decisions do."""

from __future__ import annotations

import json
import logging

import pytest

from tests.api.harness import Api
from tests.api.websocket import connected
from tests.people.documents import RECORDS, decide, mutation

MARKER = "zqx-private-7731"
"""In every note's text: found in no answer that is not a people record."""


async def record_notes(api: Api) -> dict[str, str]:
    """Ben notes a review of Cleo and a one-on-one with Dev; ids by member name."""
    ids = {}
    for name, kind in (("Cleo", "REVIEW"), ("Dev", "ONE_ON_ONE")):
        payload = await decide(
            api,
            "recordPeopleNote",
            "Ben",
            productId=api.product_id,
            memberId=api.ids[name],
            kind=kind,
            title=f"{kind} {MARKER} title",
            body=f"{name} {MARKER} body",
        )
        assert payload["record"]["member"] == {"name": name}
        assert payload["record"]["author"] == {"name": "Ben"}
        ids[name] = payload["record"]["id"]
    return ids


async def test_who_reads_which_records(api: Api) -> None:
    ids = await record_notes(api)
    expected = {"Ben": ["Dev", "Cleo"], "Cleo": ["Cleo"], "Dev": ["Dev"], "Ana": []}
    for caller, members in expected.items():
        data = await api.ok(RECORDS, {"id": api.product_id}, as_=caller)
        records = data["product"]["peopleRecords"]
        assert [e["node"]["member"]["name"] for e in records["edges"]] == members, caller
        assert records["totalCount"] == len(members)
    for caller, code in (
        ("Eve", "FORBIDDEN"),
        ("admin", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ):
        answer = await api.post(RECORDS, {"id": api.product_id}, as_=caller)
        assert answer.code == code and MARKER not in answer.text, (caller, answer.body)
    node = "query($id: ID!) { node(id: $id) { id ... on PeopleRecord { title body } } }"
    for caller in ("Ben", "Cleo"):
        data = await api.ok(node, {"id": ids["Cleo"]}, as_=caller)
        assert data["node"]["body"] == f"Cleo {MARKER} body"
    for caller in ("Ana", "Dev", "Eve", "admin"):
        answer = await api.post(node, {"id": ids["Cleo"]}, as_=caller)
        assert answer.code == "NOT_FOUND" and MARKER not in answer.text, (caller, answer.body)


async def test_another_member_filter_shows_a_member_nothing_more(api: Api) -> None:
    await record_notes(api)
    data = await api.ok(RECORDS, {"id": api.product_id, "member": api.ids["Dev"]}, as_="Cleo")
    assert data["product"]["peopleRecords"]["edges"] == []
    ben = await api.ok(RECORDS, {"id": api.product_id, "kinds": ["REVIEW"]}, as_="Ben")
    assert [e["node"]["kind"] for e in ben["product"]["peopleRecords"]["edges"]] == ["REVIEW"]
    page = await api.ok(RECORDS, {"id": api.product_id, "first": 1}, as_="Ben")
    records = page["product"]["peopleRecords"]
    assert records["pageInfo"]["hasNextPage"] and len(records["edges"]) == 1
    rest = await api.ok(
        RECORDS,
        {"id": api.product_id, "first": 1, "after": records["pageInfo"]["endCursor"]},
        as_="Ben",
    )
    assert [e["node"]["member"]["name"] for e in rest["product"]["peopleRecords"]["edges"]] == [
        "Cleo"
    ]


async def test_notes_appear_in_no_decision_retrospective_history_log_or_metric(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    start = "2000-01-01T00:00:00+00:00"
    async with api.websocket_client() as client, connected(client, api.tokens["Ben"]) as sub:
        assert (await sub.message())["type"] == "connection_ack"
        await sub.subscribe(api.product_id, after=0)
        before = [await sub.decision() for _ in range(await decision_count(api))]
        await record_notes(api)
        await decide(api, "openPosition", "Ben", productId=api.product_id, title="SRE")
        live = await sub.decision()
        assert live["type"] == "PositionOpened"
        assert MARKER not in json.dumps([*before, live])
    everything = f"""query($id: ID!, $item: ID!) {{ product(id: $id) {{
      decisions(first: 500) {{ edges {{ node {{ type summary rationale
        changes {{ before after }} }} }} }}
      retrospective(from: "{start}", to: "2100-01-01T00:00:00+00:00") {{ decisionCount }} }}
      item(id: $item) {{ history {{ summary }} }} }}"""
    for caller in ("Ana", "Ben", "Cleo", "Dev", "admin"):
        answer = await api.post(
            everything, {"id": api.product_id, "item": api.ids["SSO login"]}, as_=caller
        )
        assert not answer.errors and MARKER not in answer.text, answer.body
        types = {e["node"]["type"] for e in answer.data["product"]["decisions"]["edges"]}
        assert "PeopleNoteRecorded" not in types
    metrics = await api.client.get("/metrics")
    assert MARKER not in metrics.text and "PeopleNote" not in metrics.text
    assert MARKER not in caplog.text


async def decision_count(api: Api) -> int:
    data = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions { totalCount } } }", {"id": api.product_id}
    )
    return int(data["product"]["decisions"]["totalCount"])


async def test_recording_a_note_follows_the_rules_and_rejections_record_nothing(
    api: Api,
) -> None:
    head = api.head()
    note = {"productId": api.product_id, "kind": "REVIEW", "title": "Q3", "body": "Good"}
    cases = [
        ("Ana", {**note, "memberId": api.ids["Cleo"]}, "FORBIDDEN"),
        ("Cleo", {**note, "memberId": api.ids["Cleo"]}, "FORBIDDEN"),
        ("admin", {**note, "memberId": api.ids["Cleo"]}, "FORBIDDEN"),
        ("Eve", {**note, "memberId": api.ids["Cleo"]}, "FORBIDDEN"),
        ("Ben", {**note, "memberId": api.ids["Eve"]}, "BAD_USER_INPUT"),
        ("Ben", {**note, "memberId": api.ids["Cleo"], "title": ""}, "BAD_USER_INPUT"),
        ("Ben", {**note, "memberId": api.ids["Cleo"], "title": "x" * 201}, "BAD_USER_INPUT"),
        ("Ben", {**note, "memberId": api.ids["Cleo"], "body": "x" * 20_001}, "BAD_USER_INPUT"),
        ("Ben", {**note, "memberId": "00000000-0000-4000-8000-000000000000"}, "NOT_FOUND"),
    ]
    for caller, fields, code in cases:
        answer = await api.post(mutation("recordPeopleNote"), {"input": fields}, as_=caller)
        assert answer.code == code, (caller, fields, answer.body)
    assert api.head() == head
    longest = {**note, "memberId": api.ids["Cleo"], "title": "x" * 200, "body": "y" * 20_000}
    recorded = await decide(api, "recordPeopleNote", "Ben", **longest)
    assert len(recorded["record"]["body"]) == 20_000
