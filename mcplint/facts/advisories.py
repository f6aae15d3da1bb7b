"""Fact ``advisories``: published advisories whose affected range holds the pinned version.

The advisories are data (``data/advisories.json``, regenerated offline from a local copy of
OSV / GitHub advisory records by ``tools/advisories.py``): package, ranges in OSV's
``introduced`` / ``fixed`` / ``last_affected`` events, the first fixed version, id, aliases,
severity and URL. Only exact pins are judged — an unpinned package (MCP501) may fetch anything,
fixed or not, and a range says nothing certain.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Mapping

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server
from mcplint.record import Frozen

SEVERITY = {"LOW": "low", "MODERATE": "medium", "MEDIUM": "medium", "HIGH": "high", "CRITICAL": "critical"}
_VERSION = lazy_compile(r"^v?(\d+(?:\.\d+)*)(.*)$")
_ECOSYSTEMS = {"npm": "npm", "pypi": "pypi", "docker": "docker"}


class Advisory(Frozen):
    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    url: str
    fixed: str | None
    last_affected: str | None
    ranges: tuple[tuple[tuple[str, str], ...], ...]
    """Each range: its OSV events in order, as (kind, version)."""


class Hit(Item):
    """A pinned package inside an advisory's affected range."""

    package: str
    version: str
    advisory: Advisory
    pointer: Pointer

    @property
    def ids(self) -> str:
        return ", ".join((self.advisory.id,) + self.advisory.aliases)

    @property
    def fix(self) -> str:
        if self.advisory.fixed:
            return f"fixed in {self.advisory.fixed}"
        if self.advisory.last_affected:
            return f"releases after {self.advisory.last_affected} are not affected"
        return "no fixed release yet"


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key for npm (semver) and PyPI release versions: numbers compared as numbers, a
    pre-release (``1.0.0-beta.1``, ``1.0rc1``) before its release, a post-release after."""
    match = _VERSION.match(version.strip())
    if not match:
        return ((), 0, version)
    numbers = tuple(int(n) for n in match.group(1).split("."))
    numbers += (0,) * (4 - len(numbers))
    rest = match.group(2).lstrip(".-+_")
    if not rest or rest.startswith(("post", "+")) or match.group(2).startswith("+"):
        return (numbers, 1 if not rest else 2, rest)
    return (numbers, 0, rest)


def in_range(events: tuple[tuple[str, str], ...], version: str) -> bool:
    """OSV ECOSYSTEM range semantics: from ``introduced`` up to (not incl.) ``fixed``, or up to
    and including ``last_affected``."""
    key = version_key(version)
    affected = False
    for kind, bound in events:
        if kind == "introduced":
            if bound == "0" or key >= version_key(bound):
                affected = True
        elif kind == "fixed" and key >= version_key(bound):
            affected = False
        elif kind == "last_affected" and key > version_key(bound):
            affected = False
    return affected


@functools.cache
def table() -> Mapping[str, tuple[Advisory, ...]]:
    """``ecosystem:name`` -> its advisories (loaded once)."""
    from mcplint import data

    text = data.read_text("advisories.json")
    found: dict[str, list[Advisory]] = {}
    for row in json.loads(text)["advisories"]:
        advisory = Advisory(row["id"], tuple(row.get("aliases", ())), row.get("summary", ""),
                            SEVERITY.get(str(row.get("severity", "")).upper(), "medium"), row.get("url", ""),
                            row.get("fixed"), row.get("last_affected"), tuple(tuple((k, v) for e in r for k, v in e.items()) for r in row["ranges"]))
        found.setdefault(row["package"], []).append(advisory)
    return {k: tuple(v) for k, v in found.items()}


def lookup(ecosystem: str, name: str, version: str) -> tuple[Advisory, ...]:
    from mcplint.facts.known import normalize_name

    key = f"{ecosystem}:{normalize_name(ecosystem, name)}"
    return tuple(a for a in table().get(key, ()) if any(in_range(r, version) for r in a.ranges))


def analyze(server: Server, facts: Any) -> tuple[Hit, ...]:
    package = facts["package"]
    if package is None:
        return ()
    hits: list[Hit] = []
    for fetched in package.fetched:
        if not fetched.version or not fetched.pinned or fetched.source != "registry":
            continue
        ecosystem = _ECOSYSTEMS.get(fetched.ecosystem)
        if ecosystem is None:
            continue
        for advisory in lookup(ecosystem, fetched.name, fetched.version):
            hits.append(Hit(f"{fetched.ecosystem}:{fetched.name}", fetched.version, advisory, fetched.pointer))
    return tuple(hits)
