"""The people area's mutations and queries as documents."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api

POSITION = """{ position { id title description status version filledBy { name }
  history { type summary } } decision { type summary role actor { name } subjectId } }"""
PAYLOADS = {
    "openPosition": ("OpenPositionInput", POSITION),
    "fillPosition": ("FillPositionInput", POSITION),
    "cancelPosition": ("CancelPositionInput", POSITION),
    "recordPeopleNote": (
        "RecordPeopleNoteInput",
        "{ record { id kind title body member { name } author { name } } }",
    ),
    "rotateToken": ("RotateTokenInput", "{ member { id name } token }"),
    "deactivateMember": ("MemberDecisionInput", "{ member { id name active } }"),
    "forgetMember": ("MemberDecisionInput", "{ member { id name active forgotten email } }"),
}
RECORDS = """query($id: ID!, $member: ID, $kinds: [PeopleNoteKind!], $first: Int, $after: String) {
  product(id: $id) { peopleRecords(memberId: $member, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind title body member { name } author { name } } } } } }"""
POSITIONS = """query($id: ID!, $status: [PositionStatus!], $asOf: DateTime) {
  product(id: $id) { positions(status: $status, asOf: $asOf) {
    id title status version filledBy { name } } } }"""


def mutation(name: str) -> str:
    input_type, payload = PAYLOADS[name]
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {payload} }}"


async def decide(api: Api, name: str, as_: str, **fields: Any) -> dict[str, Any]:
    data = await api.ok(mutation(name), {"input": fields}, as_=as_)
    return data[name]  # type: ignore[no-any-return]
