"""A delivery connects to an address the SSRF guard checked, never resolving the
webhook's host name again (an answer changed in between, DNS rebinding, cannot steer
it), with the name kept for the Host header and TLS. Only loopback addresses are ever
connected to: the names are resolved by the test's own lookup."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from projections.webhooks import guard
from projections.webhooks.clients import Clients
from projections.webhooks.sender import pinned, post
from tests.updates.receiver import Receiver, receiving

CHECKED = "127.0.0.2"
"""Where the receiver listens: what the test's lookup answers for the name. The name,
`localhost`, resolves elsewhere (127.0.0.1, ::1), where nothing listens on its port."""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving(CHECKED) as found:
        yield found


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard checks every address but lets loopback ones through, so a checked
    address can be connected to here."""
    refusal = guard.refusal
    monkeypatch.setattr(guard, "refusal", lambda a: None if a.startswith("127.") else refusal(a))


def named(receiver: Receiver) -> str:
    """The receiver's URL with the name `localhost` for its address."""
    return receiver.url.replace(CHECKED, "localhost")


def deliver(url: str, addresses: list[str], client: httpx.Client) -> int | None:
    lookups: list[str] = []

    def lookup(host: str, port: int) -> list[str]:
        lookups.append(host)
        return addresses

    status = post(
        client,
        url,
        b"{}",
        delivery_id="d-1",
        secret="s",
        signed=True,
        allow_private=False,
        lookup=lookup,
    )
    assert lookups == ["localhost"]  # once, by the guard
    return status


def test_a_request_is_pinned_with_its_name_for_host_and_tls() -> None:
    request = httpx.Request("POST", "https://hooks.example.com:8443/in?token=1", content=b"{}")

    sent = pinned(request, "2606:2800:220:1::1")

    assert str(sent.url) == "https://[2606:2800:220:1::1]:8443/in?token=1"
    assert sent.headers["host"] == "hooks.example.com:8443"
    assert sent.extensions["sni_hostname"] == "hooks.example.com"


def test_without_an_address_a_request_is_left_as_it_is() -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/in", content=b"{}")

    assert str(pinned(request, None).url) == "http://127.0.0.1:9/in"


@pytest.mark.usefixtures("loopback_allowed")
def test_a_delivery_goes_to_the_checked_address_not_where_the_name_resolves(
    receiver: Receiver,
) -> None:
    port = urlsplit(receiver.url).port
    with httpx.Client(timeout=5) as client:
        assert deliver(named(receiver), [CHECKED], client) == 200

    (received,) = receiver.received
    assert received.headers["host"] == f"localhost:{port}"
    assert received.headers["x-tandem-delivery"] == "d-1"


@pytest.mark.usefixtures("loopback_allowed")
def test_each_checked_address_is_tried_in_turn(receiver: Receiver) -> None:
    with httpx.Client(timeout=5) as client:
        assert deliver(named(receiver), ["127.0.0.3", CHECKED], client) == 200

    assert len(receiver.received) == 1


@pytest.mark.usefixtures("loopback_allowed")
def test_no_answer_from_any_checked_address_is_no_answer(receiver: Receiver) -> None:
    with httpx.Client(timeout=5) as client:
        assert deliver(named(receiver), ["127.0.0.3"], client) is None

    assert receiver.received == []


def test_each_host_name_has_its_own_client() -> None:
    clients = Clients(timeout=5, connections=2)
    try:
        first = clients.for_url("https://a.example/hook")
        assert clients.for_url("https://a.example/other?x=1") is first
        assert clients.for_url("https://b.example/hook") is not first
        assert clients.for_url("http://[::1/x") is not first  # not a URL: the guard says so
    finally:
        clients.close()
