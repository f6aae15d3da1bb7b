"""Known-malicious packages and names one typo away from a known server (fact ``reputation``).

The catalog lists known-malicious packages with references (``malicious``) and every package
name it knows. A package the catalog does not know whose name is one edit (a letter added,
dropped, swapped or changed) from a known name of the same registry, or that is a known scoped
package without its ``@scope/``, is reported as a look-alike: a typo in a config is exactly
what typosquatting waits for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from mcplint.facts.known import catalog, normalize_name, package_key
from mcplint.model import Pointer, Server

MIN_LENGTH = 8
"""Names shorter than this have too many legitimate neighbours to call one a look-alike."""


class Reputation(NamedTuple):
    package: str
    verdict: str
    """``malicious`` or ``lookalike``."""
    why: str
    references: tuple[str, ...]
    pointer: Pointer

    @property
    def severity(self) -> str:
        return "critical" if self.verdict == "malicious" else "medium"


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
    if key in cat.by_package:
        return None
    why = lookalike(ecosystem, normalize_name(ecosystem, name))
    if why is None:
        return None
    return "lookalike", why, ()


@lru_cache(maxsize=2048)
def lookalike(ecosystem: str, name: str) -> str | None:
    """Why ``name`` (normalized) looks like a known package of ``ecosystem``, or None.

    Memoized: it compares the name with every package the catalog knows."""
    for known in catalog().names.get(ecosystem, ()):
        bare = known.split("/", 1)[1] if known.startswith("@") and "/" in known else None
        if len(known) >= MIN_LENGTH and one_edit(name, known):
            return f"one character away from {known}"
        if bare and len(bare) >= MIN_LENGTH and name == bare and ecosystem == "npm":
            return f"{known} without its scope"
    return None
