"""Known-malicious packages and look-alikes of well-known ones (fact ``reputation``).

The catalog lists known-malicious packages with references (``malicious``) and every package
name it knows; ``data/popular_packages.json`` adds well-known MCP packages it has no entry
for. A package in neither list is a likely impersonation when its name

- is one edit (a letter added, dropped, swapped or changed) from a known name of the same
  registry (``mcp-server-githb``, ``@modelcontextprotocl/server-filesystem``);
- reads the same once look-alike characters are folded (``skeleton``: ``0``/``o``, ``1``/``l``/``i``,
  ``rn``/``m``, ``vv``/``w``, Cyrillic and Greek letters that look Latin, ``_``/``.``/``-``):
  ``@rnodelcontextprotoc0l/server-memory``;
- has a scope that imitates a known scope (``@modelcontextprotoco1/anything``) — publishing
  under a scope one letter away from the official one is how the ``@modelcontextprotocol``
  copies were made;
- or is a known scoped package without its ``@scope/``.

Names shorter than ``MIN_LENGTH`` (scopes shorter than ``MIN_SCOPE``) have too many
legitimate neighbours to call one a look-alike.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from mcplint.facts.known import catalog, normalize_name, package_key
from mcplint.model import Item, Pointer, Server
from mcplint.record import Frozen

MIN_LENGTH = 8
"""Names shorter than this have too many legitimate neighbours to call one a look-alike."""
MIN_SCOPE = 6
"""Scopes (without ``@``) shorter than this are not compared: ``@acme`` and ``@acne`` may both be real."""


class Reputation(Item):
    package: str
    verdict: str
    """``malicious`` or ``lookalike``."""
    why: str
    references: tuple[str, ...]
    pointer: Pointer

    @property
    def severity(self) -> str:
        return "critical"  # malicious, or impersonating a package it is not (never a known one)


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def _version_matches(versions: Any, version: str | None) -> bool:
    if versions == "*" or not version:
        return True
    return version in versions


def analyze(server: Server, facts: Any) -> tuple[Reputation, ...]:
    package = facts["package"]
    if package is None or package.source != "registry" or not package.checkable:
        return ()
    found = verdict(package.ecosystem, package.name, package.version)
    if found is None:
        return ()
    return (Reputation(package.id, *found, package.pointer),)


@lru_cache(maxsize=2048)
def verdict(ecosystem: str, name: str, version: str | None) -> tuple[str, str, tuple[str, ...]] | None:
    """(verdict, why, references) for a registry package, None when nothing is known against it.

    Memoized: a pure function of the package, and the same packages recur across configs."""
    cat = catalog()
    key = package_key(ecosystem, name)
    bad = cat.malicious.get(key)
    if bad is not None and _version_matches(bad.versions, version):
        return "malicious", bad.what, bad.references
    if key in cat.by_package or is_known(ecosystem, name):
        return None
    why = lookalike(ecosystem, normalize_name(ecosystem, name))
    if why is None:
        return None
    return "lookalike", why, ()


CONFUSABLES = str.maketrans({
    "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "_": "-", ".": "-",
    # Cyrillic and Greek letters drawn like Latin ones (NFKC leaves them as they are)
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "l", "ї": "l", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ӏ": "l",
    "ɡ": "g", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "l", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x",
})
"""Characters folded to the one they are mistaken for (after NFKC, which folds full-width forms)."""
_PAIRS = (("rn", "m"), ("vv", "w"))


@lru_cache(maxsize=4096)
def skeleton(name: str) -> str:
    """``name`` with look-alike characters folded: equal skeletons read alike on screen."""
    text = unicodedata.normalize("NFKC", name).lower().translate(CONFUSABLES)
    for pair, one in _PAIRS:
        text = text.replace(pair, one)
    return text


def popular_path() -> Path:
    from mcplint.data import FOLDER

    return FOLDER / "popular_packages.json"


class KnownNames(Frozen):
    names: frozenset[str]
    ordered: tuple[str, ...]
    """Catalog names first, then the popular list: the first close name is the one reported."""
    skeletons: dict[str, str]
    scopes: tuple[str, ...]
    scope_skeletons: dict[str, str]


@cache
def known_names(ecosystem: str) -> KnownNames:
    """Every well-known name of a registry (normalized): the catalog's and the popular list's."""
    popular = json.loads(popular_path().read_text("utf-8")).get(ecosystem, ())
    return index_names([*catalog().names.get(ecosystem, ()), *(normalize_name(ecosystem, name) for name in popular)])


def index_names(names: list[str]) -> KnownNames:
    """``KnownNames`` of normalized names, in order."""
    ordered = tuple(dict.fromkeys(names))
    skeletons: dict[str, str] = {}
    for name in ordered:
        skeletons.setdefault(skeleton(name), name)
    scopes = tuple(dict.fromkeys(n.split("/", 1)[0] for n in ordered if n.startswith("@") and "/" in n))
    return KnownNames(frozenset(ordered), ordered, skeletons, scopes, {skeleton(s): s for s in scopes})


def is_known(ecosystem: str, name: str) -> bool:
    return normalize_name(ecosystem, name) in known_names(ecosystem).names


@lru_cache(maxsize=2048)
def lookalike(ecosystem: str, name: str) -> str | None:
    """Why ``name`` (normalized) looks like a well-known package of ``ecosystem``, or None.

    Memoized: it compares the name with every well-known name."""
    return lookalike_in(known_names(ecosystem), ecosystem, name)


def lookalike_in(known: KnownNames, ecosystem: str, name: str) -> str | None:
    """``lookalike`` against the given well-known names."""
    if name in known.names:
        return None
    for other in known.ordered:
        if len(other) >= MIN_LENGTH and one_edit(name, other):
            return f"one character away from {other}"
    folded = skeleton(name)
    other = known.skeletons.get(folded)
    if other is not None and len(other) >= MIN_LENGTH:
        return f"reads as {other}: look-alike characters"
    if ecosystem == "npm":
        for other in known.ordered:
            bare = other.split("/", 1)[1] if other.startswith("@") and "/" in other else None
            if bare and len(bare) >= MIN_LENGTH and name == bare:
                return f"{other} without its scope"
        if name.startswith("@") and "/" in name:
            scope = name.split("/", 1)[0]
            if scope not in known.scopes:
                for other in known.scopes:
                    if len(other) - 1 >= MIN_SCOPE and one_edit(scope, other):
                        return f"scope {scope} is one character away from {other}"
                other = known.scope_skeletons.get(skeleton(scope))
                if other is not None and len(other) - 1 >= MIN_SCOPE:
                    return f"scope {scope} reads as {other}: look-alike characters"
    return None
