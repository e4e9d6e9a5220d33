"""The SSRF guard: a webhook may not reach loopback, private, link-local, metadata or
otherwise non-public addresses unless the server allows it (local tests). A host name
is resolved and every address it has is checked, when the webhook is added and again
before each delivery (DNS can change); a delivery then connects to an address checked,
never resolving the name again (sender.py), so an answer that changes in between (DNS
rebinding) cannot steer it elsewhere."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from domain.errors import InvalidInput

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
"""Cloud metadata services (AWS, ECS, Alibaba, AWS IPv6): refused by name, too."""

Resolve = Callable[[str, int], Iterable[str]]


class Refused(InvalidInput):
    """The URL is not one a webhook may call."""


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, in the system's order of preference."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal(address: str) -> str | None:
    """Why a webhook may not call this address; None if it may."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_multicast:
        return "not a public address"
    return None


def split(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; anything else is bad input."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("url is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("url must be an http or https URL with a host")
    if parts.username or parts.password:
        raise Refused("url must not carry credentials; use the secret")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check(url: str, allow_private: bool, lookup: Resolve = resolve) -> list[str]:
    """The addresses the URL's host resolves to, every one of them public, else raises
    Refused. None are looked up where private addresses are allowed (an empty list)."""
    _, host, port = split(url)
    if allow_private:
        return []
    try:
        addresses = list(lookup(host, port))
    except (OSError, UnicodeError):
        raise Refused(f"url's host {host!r} does not resolve") from None
    if not addresses:
        raise Refused(f"url's host {host!r} does not resolve")
    for address in addresses:
        reason = refusal(address)
        if reason is not None:
            raise Refused(
                f"url's host {host!r} is {reason} ({address}); webhooks call public hosts"
            )
    return addresses
