"""How a remote server authenticates the client (fact ``auth``).

Authentication counts as configured when the entry sends a credential header (a placeholder
such as ``Bearer ${TOKEN}`` counts: the value comes from elsewhere), has an ``oauth`` / ``auth``
block or a client's equivalent (``bearer_token_env_var``, ``headersHelper``,
``authProviderType``...), carries a key in its URL, or when the server is a hosted service
the catalog knows to authenticate by itself (the MCP authorization flow: the client
negotiates OAuth when it connects) or to serve public documentation. Local proxies such as
mcp-remote negotiate OAuth themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.facts.common import header_map, is_placeholder
from mcplint.facts.known import lookup_host, lookup_package
from mcplint.facts.transport import Endpoint
from mcplint.model import Server
from mcplint.record import Frozen

AUTH_HEADER = lazy_compile(r"(authorization|auth|token|api[-_]?key|apikey|secret|cookie|session|signature|credential|bearer|password|access[-_]?key|x-key|^key$|-key$)", re.I)
AUTH_KEYS = ("oauth", "auth", "authProviderType", "bearer_token_env_var", "env_http_headers", "headersHelper",
             "oauthClient", "bearer_token", "apiKey", "api_key", "token", "auth_token", "oauth_resource")
"""Entry keys (any client) that configure authentication."""
URL_KEY = lazy_compile(r"^(?:(api[-_]?key|apikey|key|token|access[-_]?token|auth|auth[-_]?token|secret|sig|signature|client[-_]?secret|code|session)"
                       r"|[a-z0-9]+[-_]?(?:api[-_]?key|access[-_]?token|auth[-_]?token|token|secret))$", re.I)
"""Query keys that carry a credential: ``api_key``, ``token``..., and service-prefixed forms
(``exaApiKey``, ``tavilyApiKey``, ``ctx_token``) whose value, even a placeholder, authenticates."""
SERVICES = {
    "oauth": "{name} authenticates with OAuth (the client negotiates it when connecting)",
    "enforced": "{name} rejects requests without its own key",
    "url-key": "{name} URLs carry the account key",
    "public": "{name} serves public documentation",
}


class Auth(Frozen):
    remote: bool
    """The client (or a local proxy) connects to a URL."""
    endpoint: Endpoint | None = None
    configured: str | None = None
    """How authentication is set up or why none is needed; None when nothing is."""
    service: str | None = None

    @property
    def missing(self) -> bool:
        """A remote, non-loopback endpoint with nothing that authenticates the client."""
        return (self.remote and self.endpoint is not None and self.configured is None
                and not self.endpoint.loopback and not self.endpoint.variable_host)

    @property
    def severity(self) -> str:
        return "low" if self.endpoint is not None and self.endpoint.private else "medium"


NO_REMOTE = Auth(False)


def _entry_auth(server: Server) -> str | None:
    entries = [server.raw]
    if isinstance(server.raw.get("transport"), dict):
        entries.append(server.raw["transport"])
    for entry in entries:
        for key in AUTH_KEYS:
            value = entry.get(key)
            if value is None or value is False or value == "" or value == []:
                continue
            if isinstance(value, dict) and value.get("enabled") is False:
                continue
            return f"{key} block" if isinstance(value, dict) else key
    return None


@lru_cache(maxsize=1024)
def _auth_header(name: str) -> bool:
    """A header name that carries a credential (memoized: the same few names recur)."""
    return bool(AUTH_HEADER.search(name))


@lru_cache(maxsize=1024)
def _url_auth(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.username or parts.password:
        return "credentials in the URL"
    for key in parse_qs(parts.query):
        if URL_KEY.match(key):
            return f"a {key} parameter in the URL"
    return None


def analyze(server: Server, facts: Any) -> Auth:
    transport = facts["transport"]
    proxy = None
    if transport.remote:
        endpoint: Endpoint | None = transport.url
        if endpoint is None:
            return Auth(True)
    else:
        if not transport.endpoints:  # (most local servers: no URL to reach)
            return NO_REMOTE
        proxy = lookup_package(facts["package"])
        if proxy is None or proxy.kind != "remote-proxy":
            return NO_REMOTE
        endpoint = transport.endpoints[0]
    hosted = lookup_host(endpoint.host)
    service = hosted.name if hosted else None
    for name, (original, value, _pointer) in header_map(server).items():
        if _auth_header(name) and (value.strip() or is_placeholder(value)):
            return Auth(True, endpoint, f"header {original}", service)
    found = _entry_auth(server)
    if found:
        return Auth(True, endpoint, found, service)
    found = _url_auth(endpoint.url)
    if found:
        return Auth(True, endpoint, found, service)
    if hosted is not None and hosted.remote_auth in SERVICES:
        return Auth(True, endpoint, SERVICES[hosted.remote_auth].format(name=hosted.name), service)
    if proxy is not None and proxy.oauth_proxy:
        return Auth(True, endpoint, f"{proxy.name.split(' (')[0]} negotiates OAuth with the server", service)
    return Auth(True, endpoint, None, service)
