"""Public addresses only: the SSRF guard for URLs that come from the web app's ingest form.

A URL typed into the form must not make the app fetch from the machine itself (its own API),
the local network or a cloud metadata service. ``public_only()`` switches the guard on for the
current thread or task; while it is on, ``client_options()`` gives ``httpx.Client`` a transport
that resolves every host itself, refuses the connection when any of its addresses is loopback,
link-local, private, shared, multicast, reserved or unspecified (IPv4 and IPv6, IPv4-mapped and
other IPv4-embedding forms), and then connects to the address it checked, so DNS cannot answer
differently between the check and the connection. Redirects go through the same transport, so
every hop is checked. ``check_literal`` refuses the same addresses in a URL without DNS, in all
the spellings the C resolver accepts (``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_IPV4_SPELLING = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


class BlockedAddress(httpcore.ConnectError):
    """A host that is, or resolves to, an address the guard refuses (httpx reports it as ConnectError)."""


def system_resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


_guard: ContextVar[Resolver | None] = ContextVar("claimtrail_netguard", default=None)


@contextmanager
def public_only(resolve: Resolver | None = None) -> Iterator[None]:
    """Within this block (this thread or task), URL fetches reach public addresses only."""
    token = _guard.set(resolve or system_resolve)
    try:
        yield
    finally:
        _guard.reset(token)


def client_options() -> dict:
    """Extra ``httpx.Client`` arguments: the guarded transport while ``public_only`` is on, else none.

    ``trust_env`` is off under the guard: a proxy from the environment would do its own resolving.
    """
    resolve = _guard.get()
    if resolve is None:
        return {}
    return {"transport": GuardedTransport(resolve), "trust_env": False}


def refusal(ip: Address) -> str | None:
    """Why ``ip`` may not be fetched from, or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 or ip in _IPV4_COMPATIBLE else None) \
            or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not (ip in _IPV4_COMPATIBLE and int(ip) <= 1):
            why = refusal(embedded)
            if why:
                return f"{why} (inside {ip})"
        if ip.is_site_local:
            return "a site-local address"
    for what, test in (("an unspecified", ip.is_unspecified), ("a loopback", ip.is_loopback), ("a link-local", ip.is_link_local),
                       ("a multicast", ip.is_multicast), ("a private", ip.is_private), ("a reserved", ip.is_reserved)):
        if test:
            return f"{what} address"
    if ip in _SHARED or not ip.is_global:
        return "not a public address"
    return None


def parse_literal(host: str) -> Address | None:
    """The address ``host`` spells, in any form the C resolver accepts, or None for a name."""
    host = host.strip().strip("[]").split("%", 1)[0]  # IPv6 brackets and zone id
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _IPV4_SPELLING.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except (OSError, ValueError):
            return None
    return None


def check_literal(url: str) -> str | None:
    """Why the host of ``url`` may not be fetched, judged without DNS; None when it may (or needs DNS)."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return "not a valid URL"
    if not host:
        return "no host"
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return f"{host} is this machine"
    ip = parse_literal(host)
    if ip is not None:
        why = refusal(ip)
        return f"{host} is {why}" if why else None
    return None


def resolve_public(host: str, port: int, resolve: Resolver) -> str:
    """The address to connect to for ``host``; raises BlockedAddress when any of its addresses is refused."""
    ip = parse_literal(host)
    if ip is not None:
        addresses = [str(ip)]
    elif host.rstrip(".").lower() in _LOCAL_NAMES or host.rstrip(".").lower().endswith(".localhost"):
        raise BlockedAddress(f"refused {host}: this machine")
    else:
        try:
            addresses = resolve(host, port)
        except OSError as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
    if not addresses:
        raise httpcore.ConnectError(f"cannot resolve {host}")
    for a in addresses:
        why = refusal(ipaddress.ip_address(a.split("%", 1)[0]))
        if why:
            raise BlockedAddress(f"refused {host}: {a} is {why}")
    return addresses[0]


class _PublicBackend(httpcore.NetworkBackend):
    """Connects to the checked address of the host, never to whatever a second lookup returns."""

    def __init__(self, resolve: Resolver, inner: httpcore.NetworkBackend | None = None) -> None:
        self.resolve = resolve
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        ip = resolve_public(host, port, self.resolve)
        return self.inner.connect_tcp(ip, port, timeout=timeout, local_address=local_address, socket_options=socket_options)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise BlockedAddress("refused: unix sockets")

    def sleep(self, seconds: float) -> None:  # pragma: no cover
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool on ``_PublicBackend`` (TLS still checks the host name)."""

    def __init__(self, resolve: Resolver, inner: httpcore.NetworkBackend | None = None) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=_PublicBackend(resolve, inner))
