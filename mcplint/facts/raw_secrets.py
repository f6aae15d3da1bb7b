"""Literal credentials in the text of a file that does not parse.

A config nobody can parse still travels with whatever token was pasted into it: one missing
comma must not hide a ``ghp_`` token. Without a document there are no servers, so this reads
the raw text the way a person would: quoted strings and ``key: value`` / ``key = value`` pairs,
each scanned by the same detector (``mcplint.secrets``) as a parsed value, with the key before
it as its name. Positions come from the text; messages carry only the redacted form.
"""

from __future__ import annotations

import re
from typing import Iterator

from mcplint._lazyre import lazy_compile
from mcplint.load.positions import Positions
from mcplint.secrets.detect import scan_hits
from mcplint.model import Item

_QUOTED = lazy_compile(r'"([^"\\\r\n]*(?:\\.[^"\\\r\n]*)*)("?)|\'([^\'\r\n]*)(\'?)')
"""A quoted string, or an unterminated one up to its line's end: every match consumes what it
tried, so a long line of escaped quotes is read once (never quadratic)."""
_KEY_BEFORE_REVERSED = lazy_compile(r'[ \t]*[:=][ \t]*["\']?([\w.@/-]{1,128})')
"""The key a value follows on its line (``"token": "...``, ``token = "...``), matched backwards
from the value in the reversed text before it: one anchored match, never a search along a line
(a minified file is one line with thousands of strings)."""
_LOOK_BACK = 160
_KEY_AFTER = lazy_compile(r"\s*:")
"""A quoted string followed by ``:`` is a JSON/YAML key, not a value."""
_BARE = lazy_compile(r"^[ \t]*-?[ \t]*([\w.@/-]+)[ \t]*[:=][ \t]*([^\s\"'#{\[,][^\r\n#,]*)", re.M)
"""An unquoted YAML/TOML/ini value: ``GITHUB_TOKEN: ghp_...``."""
_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"})
MIN_UNNAMED = 16
"""Strings without a key before them (list items) shorter than this are not scanned."""
MAX_VALUES = 2000
"""At most this many strings are scanned (the detector costs up to ~0.5 ms a string)."""
MAX_TEXT = 1024 * 1024
"""Larger texts are not read as text: a file this size is no hand-written config (every pass
below is linear, but the detector runs once per string)."""


class RawSecret(Item):
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
        group = 1 if match.group(1) is not None else 3
        if not match.group(group + 1):  # unterminated: no value
            continue
        if _KEY_AFTER.match(text, match.end()):
            continue
        start = match.start()
        before = text[max(start - _LOOK_BACK, 0) : start]
        before = before[max(before.rfind("\n"), before.rfind("\r")) + 1 :]
        key = _KEY_BEFORE_REVERSED.match(before[::-1])
        seen.add(match.start(group))
        yield match.start(group), match.group(group), key.group(1)[::-1] if key else None
    for match in _BARE.finditer(text):
        value = match.group(2).rstrip(" \t")
        if match.start(2) not in seen and value not in ("true", "false", "null"):
            yield match.start(2), value, match.group(1)


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
    budget = MAX_VALUES
    for offset, value, key in _values(text):
        if key is None and len(value) < MIN_UNNAMED:
            continue  # no credential is this short without a name saying what it is
        budget -= 1
        if budget < 0:  # a generated file, not a hand-written config (MCP001 fails it anyway)
            break
        for hit in scan_hits(value, _placement(value, key), key):
            start = offset + hit.start
            if start in found:
                continue
            line, column = positions.at(start)
            where = f"{key} (read as text: the file does not parse)" if key else "the text (the file does not parse)"
            found[start] = RawSecret(hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, where, line, column)
    return tuple(found[start] for start in sorted(found))
