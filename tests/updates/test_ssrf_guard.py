"""The SSRF guard's verdicts, without connecting anywhere (no lookups but "localhost")."""

from __future__ import annotations

import pytest

from projections.webhooks import guard


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.20", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("0.0.0.0", "a private address"),
        ("100.64.0.1", "not a public address"),
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    assert guard.refusal(address) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1"])
def test_public_addresses_pass(address: str) -> None:
    assert guard.refusal(address) is None


def test_a_host_is_refused_if_any_of_its_addresses_is_private() -> None:
    lookup = {"hooks.example.com": ["93.184.216.34", "10.0.0.7"]}
    with pytest.raises(guard.Refused, match="private address"):
        guard.check("https://hooks.example.com/x", False, lambda h, p: lookup[h])


def test_a_host_with_only_public_addresses_passes() -> None:
    guard.check("https://hooks.example.com/x", False, lambda h, p: ["93.184.216.34"])


def test_a_name_that_resolves_to_loopback_is_refused() -> None:
    with pytest.raises(guard.Refused, match="loopback"):
        guard.check("http://localhost:8080/hook", False)


def test_private_addresses_pass_when_the_server_allows_them() -> None:
    guard.check("http://127.0.0.1:9/hook", True, lambda h, p: pytest.fail("no lookup needed"))


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "http:///nohost", "https://u:p@h.example/"]
)
def test_only_http_urls_with_a_host_and_no_credentials(url: str) -> None:
    with pytest.raises(guard.Refused):
        guard.check(url, True)
