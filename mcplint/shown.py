"""Names from a configuration as mcplint shows and keeps them: never a secret.

A server name, an env or header key, or any other key is config-controlled text: someone may
paste a token where a name belongs (``"ghp_…": {...}``, ``env: {"sk-…": ""}``). Such a name
is replaced, once, where normalize reads it, by the secrets detector's redacted form
(``ghp_…9f (40 chars)``) in the part the detector calls a secret. From there on that form is the
name: messages, inventory, json/sarif ``server`` fields, baselines and per-server settings all
see the same text, and no reporter has to remember to redact it.
"""

from __future__ import annotations

from functools import lru_cache

from mcplint._lazyre import lazy_compile

_SHORTEST = 8
"""Shorter names are shown as written: the detector finds no credential that short."""


_MAY_HOLD = lazy_compile(r"[=:@/\s]|[A-Za-z0-9_+\-]{16}")
"""What a name holding a credential has: an assignment, a URL or user-info, blanks, or a run of
16 token characters (provider tokens are longer). ``server-00042`` or ``GITHUB_TOKEN`` has
none, and is not handed to the detector at all: normalize calls this for every name."""


MAX_SHOWN = 200
"""A name is shown whole up to this length; a longer one (a hostile key of megabytes) is cut,
with its length, so no message, table or terminal is flooded by it."""


def shown_name(name: str) -> str:
    """``name`` with every part the secrets detector calls a credential redacted (and cut to
    ``MAX_SHOWN`` characters)."""
    if len(name) > MAX_SHOWN:
        return shown_name(name[:80]) + f"… ({len(name):,} chars)"
    if len(name) < _SHORTEST or not _MAY_HOLD.search(name):
        return name
    return _shown(name)


@lru_cache(maxsize=4096)  # names repeat across servers and files; bounded for hostile input
def _shown(name: str) -> str:
    from mcplint.secrets.detect import scan_hits

    hits = scan_hits(name, "field")
    shown = name
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        shown = shown[: hit.start] + hit.redacted + shown[hit.end :]
    return shown


def shown_keys(values: dict[str, str]) -> dict[str, str]:
    """A map with its keys shown as ``shown_name`` does (the same object when none changes)."""
    if all(shown_name(key) == key for key in values):
        return values
    return {shown_name(key): value for key, value in values.items()}
