"""Pieces of URLs and connection strings, with offsets, for credential checks.

``urllib.parse`` loses offsets and rejects half-templated URLs (``https://${HOST}/x``); this
splits with regular expressions so every piece keeps its place in the scanned string.
"""

from __future__ import annotations

import re


from mcplint._lazyre import lazy_compile
from mcplint.record import Frozen

_URL_RE = lazy_compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{0,30})://(?P<authority>[^/?#\s\"'<>`\\]*)(?P<path>[^?#\s\"'<>`\\]*)"
    r"(?:\?(?P<query>[^#\s\"'<>`\\]*))?(?:#(?P<fragment>[^\s\"'<>`\\]*))?"
)
_PARAM_RE = lazy_compile(r"(?P<name>[^&=;]+)=(?P<value>[^&;]*)")

DATABASE_SCHEMES = frozenset(
    """postgres postgresql mysql mariadb mongodb mongodb+srv redis rediss amqp amqps mssql
    sqlserver clickhouse neo4j neo4j+s bolt bolt+s cockroachdb oracle db2 snowflake couchbase
    couchbases memcached nats kafka""".split()
)


class Param(Frozen):
    name: str
    start: int
    end: int
    """Offsets of the value in the scanned string."""


class UrlParts(Frozen):
    scheme: str
    start: int
    end: int
    host: str
    user: str | None = None
    password_span: tuple[int, int] | None = None
    path: str = ""
    path_start: int = 0
    params: tuple[Param, ...] = ()
    """Query parameters, then ``name=value`` pairs of the fragment."""
    user_start: int = 0
    """Offset of the userinfo (the user name) in the scanned string."""


def find_urls(text: str) -> list[UrlParts]:
    """Every ``scheme://...`` in ``text`` (also after ``jdbc:`` and inside prose)."""
    found: list[UrlParts] = []
    for m in _URL_RE.compiled.finditer(text):
        scheme = m.group("scheme").lower()
        authority = m.group("authority")
        a_start = m.start("authority")
        user = password_span = None
        host = authority
        at = authority.rfind("@")
        if at != -1:
            userinfo = authority[:at]
            host = authority[at + 1 :]
            colon = userinfo.find(":")
            if colon != -1:
                user = userinfo[:colon]
                password_span = (a_start + colon + 1, a_start + at)
            else:
                user = userinfo
        params: list[Param] = []
        if m.group("query") is not None:
            q_start = m.start("query")
            for p in _PARAM_RE.compiled.finditer(m.group("query")):
                params.append(Param(p.group("name"), q_start + p.start("value"), q_start + p.end("value")))
        fragment = m.group("fragment")
        if fragment and "=" in fragment:  # OAuth implicit flow: #access_token=...&token_type=...
            f_start = m.start("fragment")
            for p in _PARAM_RE.compiled.finditer(fragment):
                params.append(Param(p.group("name"), f_start + p.start("value"), f_start + p.end("value")))
        found.append(
            UrlParts(
                scheme=scheme,
                start=m.start(),
                end=m.end(),
                host=host.lower(),
                user=user,
                password_span=password_span,
                path=m.group("path"),
                path_start=m.start("path"),
                params=tuple(params),
                user_start=a_start,
            )
        )
    return found


class PathRule(Frozen):
    """A service that puts the credential itself in the URL path."""

    provider: str
    host: re.Pattern[str]
    path: re.Pattern[str]
    """Group ``secret`` is the credential."""
    severity: str = "high"


PATH_RULES: tuple[PathRule, ...] = (
    PathRule("Composio MCP URL key", lazy_compile(r"(?:.+\.)?composio\.dev"), lazy_compile(r"/[^/]+/(?P<secret>[A-Za-z0-9_\-]{16,})")),
    PathRule("Zapier MCP URL key", lazy_compile(r"actions\.zapier\.com"), lazy_compile(r"/mcp/(?P<secret>[A-Za-z0-9_\-=]{20,})")),
    PathRule("Zapier MCP URL key", lazy_compile(r"mcp\.zapier\.com"), lazy_compile(r"/api/mcp/s/(?P<secret>[A-Za-z0-9_\-=]{20,})")),
    PathRule("Telegram bot token", lazy_compile(r"api\.telegram\.org"), lazy_compile(r"/bot(?P<secret>\d{6,12}:[A-Za-z0-9_\-]{30,})")),
)
