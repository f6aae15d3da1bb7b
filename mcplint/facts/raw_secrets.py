"""Literal credentials in the text of a file that does not parse.

A config nobody can parse still travels with whatever token was pasted into it: one missing
comma must not hide a ``ghp_`` token. Without a document there are no servers, so this reads
the raw text the way a person would: quoted strings and ``key: value`` / ``key = value`` pairs,
each scanned by the same detector (``mcplint.secrets``) as a parsed value, with the key before
it as its name. Positions come from the text; messages carry only the redacted form.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from mcplint.load.positions import Positions
from mcplint.secrets.detect import scan_hits

_QUOTED = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"|\'([^\'\r\n]*)\'')
_KEY_BEFORE = re.compile(r'["\']?([\w.@/-]+)["\']?\s*[:=]\s*\Z')
"""The key a value follows on its line (``"token": "...``, ``token = "...``)."""
_KEY_AFTER = re.compile(r"\s*:")
"""A quoted string followed by ``:`` is a JSON/YAML key, not a value."""
_BARE = re.compile(r"^[ \t]*-?[ \t]*([\w.@/-]+)[ \t]*[:=][ \t]*([^\s\"'#{\[,][^\r\n#,]*?)[ \t]*,?[ \t]*$", re.M)
"""An unquoted YAML/TOML/ini value: ``GITHUB_TOKEN: ghp_...``."""
_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"})
MAX_TEXT = 4 * 1024 * 1024
"""Larger texts are not read as text: a file this size is no hand-written config."""


class RawSecret(NamedTuple):
    """A credential found in raw text: what MCP101's message reads, and where it stands."""

    provider: str
    kind: str
    severity: str
    reason: str
    redacted: str
    where: str
    line: int
    column: int
    pointer: None = None

    @property
    def in_url(self) -> bool:
        return self.kind == "url-credentials"


def _values(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(offset, value, key before it) of every quoted string and bare ``key: value`` in ``text``."""
    seen: set[int] = set()
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        if _KEY_AFTER.match(text, match.end()):
            continue
        line_start = max(text.rfind("\n", 0, match.start()), text.rfind("\r", 0, match.start())) + 1
        key = _KEY_BEFORE.search(text, line_start, match.start())
        seen.add(match.start(group))
        yield match.start(group), match.group(group), key.group(1) if key else None
    for match in _BARE.finditer(text):
        if match.start(2) not in seen and match.group(2) not in ("true", "false", "null"):
            yield match.start(2), match.group(2), match.group(1)


def _placement(value: str, key: str | None) -> str:
    if key is not None and key.lower() in _HEADERS:
        return "header"
    if "://" in value:
        return "url"
    return "env" if key is not None else "arg"


def analyze_text(text: str) -> tuple[RawSecret, ...]:
    """Every credential the detector finds in the strings and pairs of ``text``, in text order."""
    if len(text) > MAX_TEXT:
        return ()
    positions = Positions(text, lazy=True)
    found: dict[int, RawSecret] = {}
    for offset, value, key in _values(text):
        for hit in scan_hits(value, _placement(value, key), key):
            start = offset + hit.start
            if start in found:
                continue
            line, column = positions.at(start)
            where = f"{key} (read as text: the file does not parse)" if key else "the text (the file does not parse)"
            found[start] = RawSecret(hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, where, line, column)
    return tuple(found[start] for start in sorted(found))
