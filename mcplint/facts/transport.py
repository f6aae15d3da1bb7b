"""Where a server's traffic goes: its URL (and URLs given to local proxies such as mcp-remote)."""

from __future__ import annotations

import re
from functools import lru_cache

from urllib.parse import urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server
from mcplint.record import Frozen

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "host.docker.internal", "0.0.0.0"})
PLAINTEXT_SCHEMES = frozenset({"http", "ws"})
_URL = lazy_compile(r"^(?:https?|wss?)://", re.I)
_VARIABLE = lazy_compile(r"\$\{|\{env:|%[A-Za-z_]+%|\$[A-Za-z_]")


class Endpoint(Item):
    url: str
    scheme: str
    host: str
    pointer: Pointer
    where: str
    loopback: bool
    private: bool
    """A private-network address (10/8, 192.168/16, fc00::/7, *.local): traffic stays in a LAN."""
    variable_host: bool
    """The host is a placeholder (``${HOST}``): where it points is unknown."""

    @property
    def plaintext(self) -> bool:
        return self.scheme in PLAINTEXT_SCHEMES


class Transport(Frozen):
    kind: str
    remote: bool
    """Not stdio: the client connects to a URL."""
    endpoints: tuple[Endpoint, ...]
    """The server URL, plus URLs passed as arguments (``npx mcp-remote http://...``)."""

    @property
    def url(self) -> Endpoint | None:
        return self.endpoints[0] if self.endpoints and self.endpoints[0].where == "url" else None


def endpoint(url: str, pointer: Pointer, where: str) -> Endpoint | None:
    found = _classify(url)
    if found is None:
        return None
    scheme, host, loopback, private, variable_host = found
    return Endpoint(url, scheme, host, pointer, where, loopback, private, variable_host)


@lru_cache(maxsize=2048)
def _classify(url: str) -> tuple[str, str, bool, bool, bool] | None:
    """(scheme, host, loopback, private, variable host) of a URL; None without scheme or host.

    Memoized: ``urlsplit`` and ``ipaddress`` are this fact's cost, and URLs recur."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not scheme or not host:
        return None
    loopback = private = False
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        loopback = True
    else:
        import ipaddress  # only for hosts that are not loopback names (~2 ms to import)

        try:
            address = ipaddress.ip_address(host)
            loopback = address.is_loopback or address.is_unspecified
            private = address.is_private and not loopback
        except ValueError:
            private = host.endswith((".local", ".internal", ".lan", ".home.arpa")) or "." not in host
    return scheme, host, loopback, private, bool(_VARIABLE.search(host))


@lru_cache(maxsize=64)
def _no_endpoints(kind: str) -> Transport:
    """The transport of a server with no URL: one shared record per kind (most stdio servers)."""
    return Transport(kind, kind != "stdio", ())


def analyze(server: Server, facts: object) -> Transport:
    endpoints: list[Endpoint] = []
    url = server.url
    if url:
        found = endpoint(url, server.at("url"), "url")
        if found:
            endpoints.append(found)
    for i, arg in enumerate(server.args):
        if "://" not in arg:  # (the cheap test first: most args are no URL)
            continue
        value = arg.partition("=")[2] if arg.startswith("-") and "=" in arg else arg
        if "://" in value and _URL.match(value):
            found = endpoint(value, server.at("args", i), f"argument {i + 1}")
            if found:
                endpoints.append(found)
    if not endpoints:
        return _no_endpoints(server.transport)
    return Transport(server.transport, server.transport != "stdio", tuple(endpoints))
