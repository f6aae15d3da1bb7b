"""Package URLs (purl) for inventory rows: what Dependency-Track and OSV match advisories on.

An inventory row carries its package as ``ecosystem:name@version`` (``npm:@scope/x@1.2.3``,
``pypi:name@1.0``, ``docker:ghcr.io/org/img@1.2``). purl spells each ecosystem its own way:
the npm scope is percent-encoded (``pkg:npm/%40scope/x@1.2.3``), a docker image's registry goes
into ``repository_url``, git sources become ``pkg:github/owner/repo@commit``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from mcplint._lazyre import lazy_compile

_GITHUB = lazy_compile(r"^(?:git\+)?(?:https?://|ssh://git@|git@)github\.com[/:](?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?(?:[@#](?P<ref>[\w./-]+))?$")


def split(package: str) -> tuple[str, str, str | None]:
    """``("npm", "@scope/x", "1.2.3")`` from ``npm:@scope/x@1.2.3`` (no version: None)."""
    ecosystem, _, rest = package.partition(":")
    at = rest.rfind("@")
    if at > 0:
        return ecosystem, rest[:at], rest[at + 1:] or None
    return ecosystem, rest, None


def _q(text: str) -> str:
    return quote(text, safe="")


def purl(package: str | None) -> str | None:
    """The purl of an inventory package string, or None where purl has no type for it."""
    if not package:
        return None
    ecosystem, name, version = split(package)
    at = f"@{_q(version)}" if version else ""
    github = _GITHUB.match(name)
    if github:
        ref = version or github["ref"]
        return f"pkg:github/{github['owner'].lower()}/{github['repo'].lower()}" + (f"@{_q(ref)}" if ref else "")
    if ecosystem == "npm":
        scope, _, bare = name.lower().rpartition("/")
        return f"pkg:npm/{_q(scope) + '/' if scope else ''}{_q(bare)}{at}"
    if ecosystem == "pypi":
        return f"pkg:pypi/{_q(re.sub(r'[-_.]+', '-', name).lower())}{at}"
    if ecosystem == "docker":
        first, _, rest = name.partition("/")
        registry, path = (first, rest) if rest and ("." in first or ":" in first or first == "localhost") else ("", name)
        base = f"pkg:docker/{'/'.join(_q(p) for p in path.split('/'))}{at}"
        return base + (f"?repository_url={_q(registry)}" if registry else "")
    if ecosystem in ("go", "golang"):
        return f"pkg:golang/{'/'.join(_q(p) for p in name.split('/'))}{at}"
    return None
