"""Documents are parsed and validated once per process; the limits and error codes hold for
a document served from the caches as for a new one."""

from __future__ import annotations

from strawberry.extensions.parser_cache import _get_parse_cache

from api.graphql.document_cache import CACHED, MAX_CHARACTERS, validation_errors
from tests.api.harness import Api, running
from tests.backends import database_url


def hits() -> tuple[int, int]:
    parsed = _get_parse_cache(CACHED).cache_info().hits
    validated = validation_errors.cache_info().hits
    return parsed, validated


async def test_a_repeated_document_is_parsed_and_validated_once(sqlite_api: Api) -> None:
    document = "{ products { name backlog(first: 2) { totalCount } } } # cache test"
    first = await sqlite_api.post(document, as_="Ana")
    before = hits()
    again = await sqlite_api.post(document, as_="Ana")
    assert (
        first.data
        == again.data
        == {"products": [{"name": "Checkout", "backlog": {"totalCount": 3}}]}
    )
    assert hits() == (before[0] + 1, before[1] + 1)


async def test_a_large_document_is_not_kept(sqlite_api: Api) -> None:
    document = "{ products { name } }" + " " * MAX_CHARACTERS
    before = hits()
    for _ in range(2):
        assert (await sqlite_api.post(document, as_="Ana")).data == {
            "products": [{"name": "Checkout"}]
        }
    assert hits() == before


async def test_a_cached_invalid_document_is_refused_every_time(sqlite_api: Api) -> None:
    deep = "name"
    for level in range(16):
        deep = f"f{level} {{ {deep} }}"
    for document in ("{ products { nope } }", "{ products { " + deep + " } }"):
        for _ in range(2):
            answer = await sqlite_api.post(document, as_="Ana")
            assert answer.code == "GRAPHQL_VALIDATION_FAILED" and "data" not in answer.body


async def test_several_operations_without_a_name_stay_refused_when_cached(
    sqlite_api: Api,
) -> None:
    document = "query A { __typename } query B { __typename }"
    for _ in range(2):
        answer = await sqlite_api.post(document, as_="Ana")
        assert answer.code == "GRAPHQL_VALIDATION_FAILED"
        named = await sqlite_api.post(document, as_="Ana", operationName="B")
        assert named.data == {"__typename": "Query"}


async def test_page_sizes_are_checked_for_a_cached_document(sqlite_api: Api) -> None:
    document = "query Page($first: Int) { products { backlog(first: $first) { totalCount } } }"
    assert (await sqlite_api.post(document, {"first": 5}, as_="Ana")).errors == []
    refused = await sqlite_api.post(document, {"first": 100_000}, as_="Ana")
    assert refused.code == "BAD_USER_INPUT"


async def test_introspection_off_is_not_undone_by_a_document_cached_with_it_on(
    sqlite_api: Api,
) -> None:
    document = "{ __schema { queryType { name } } }"
    assert (await sqlite_api.post(document)).errors == []
    with database_url("memory") as url:
        async with running(url, introspection=False) as closed:
            assert (await closed.post(document)).code == "GRAPHQL_VALIDATION_FAILED"


async def test_arguments_are_checked_for_a_cached_document(sqlite_api: Api) -> None:
    """Checked once per document where no variable appears, per request where one does:
    the same document is refused or answered by the variables it comes with."""
    varying = "query Page($after: String) { products { backlog(after: $after) { totalCount } } }"
    fixed = '{ products { backlog(after: "not-a-cursor") { totalCount } } }'
    for _ in range(2):
        assert (await sqlite_api.post(varying, {"after": None}, as_="Ana")).errors == []
        refused = await sqlite_api.post(varying, {"after": "not-a-cursor"}, as_="Ana")
        assert refused.code == "BAD_USER_INPUT" and refused.data is None
        refused = await sqlite_api.post(fixed, as_="Ana")
        assert refused.code == "BAD_USER_INPUT" and refused.data is None
        too_long = await sqlite_api.post(
            fixed.replace('after: "not-a-cursor"', "first: 501"), as_="Ana"
        )
        assert too_long.code == "BAD_USER_INPUT" and "first" in too_long.errors[0]["message"]
    mixed = "query Both($n: Int) " + fixed.replace(
        "products {", "products { total: backlog(first: $n) { totalCount }", 1
    )
    wrong = await sqlite_api.post(mixed, {"n": "many"}, as_="Ana")
    assert wrong.code == "BAD_USER_INPUT" and "$n" in wrong.errors[0]["message"]
