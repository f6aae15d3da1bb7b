"""The organisation's approval policy: which servers are approved, which are blocked.

``[policy]`` in ``.mcplint.toml`` (or the central file named by ``MCPLINT_POLICY``)::

    mode = "allowlist"                      # or "denylist" (the default)
    [[policy.approved]]
    package = "npm:@modelcontextprotocol/server-github@^2025.4"
    [[policy.approved]]
    url = "https://mcp.corp.example.com/*"
    [[policy.approved]]
    fingerprint = "sha256:..."              # as printed by `mcplint inventory`
    [[policy.blocked]]
    package = "npm:postmark-mcp"
    reason = "compromised release"

An entry matches a server when every matcher key it has matches (``package``, ``url``,
``fingerprint``, ``command``, ``name``); ``reason`` is a note. A blocked entry wins over an
approval. ``approval(server, policy)`` gives ``("approved" | "blocked" | "pending", reason)``.

Package matchers are ``ecosystem:name`` with an optional version or range after ``@``:
exact (``1.2.3``), npm ranges (``^1.2``, ``~1.2.3``, ``1.2.x``, ``>=1 <2``, ``a || b``,
``1.2 - 1.4``), PEP 440 (``==1.2.3``, ``>=1,<2``, ``~=1.4``, ``!=1.3``, ``==1.2.*``). A versioned
matcher matches only a server whose version is known exactly (``pkg@1.2.3``, ``pkg==1.2.3``,
a docker tag); to block every version, leave the version out. A pre-release matches a range only
when a bound of the range names a pre-release of the same version (npm's rule).
"""

from __future__ import annotations

import fnmatch
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.model import Server
from mcplint.record import Frozen, Record
from mcplint.errors import McplintError

STATUSES = ("approved", "blocked", "pending", "builtin")
MODES = ("denylist", "allowlist")
MATCHER_KEYS = ("package", "url", "fingerprint", "command", "name")
ECOSYSTEMS = ("npm", "pypi", "docker", "go", "local")


class PolicyError(McplintError, ValueError):
    """An entry of the policy that cannot be used; ``pointer`` is relative to ``[policy]``."""

    def __init__(self, pointer: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.pointer, self.message = pointer, message


# --- versions -------------------------------------------------------------------------------

_VERSION = lazy_compile(r"^[vV]?(?P<release>\d+(?:\.\d+)*)(?P<rest>[-._+]?[0-9A-Za-z.\-_+]*)$")
_POST = lazy_compile(r"^(?:post|rev|r)[-._]?(\d*)$", re.IGNORECASE)
_WILDCARDS = frozenset({"x", "X", "*"})


class Version(Frozen):
    release: tuple[int, ...]
    phase: int
    """0 dev, 1 pre-release, 2 final, 3 post-release."""
    pre: tuple[tuple[int, Any], ...] = ()
    post: int = 0

    @property
    def key(self) -> tuple:
        release = self.release + (0,) * max(0, 8 - len(self.release))
        return (release, self.phase, self.pre, self.post)

    @property
    def is_pre(self) -> bool:
        return self.phase < 2

    def same_release(self, other: "Version") -> bool:
        return self.key[0] == other.key[0]


def _shown(text: str) -> str:
    """A policy value quoted in an error message: escaped, any credential in it redacted."""
    from mcplint.identity import redact_secrets

    return repr(redact_secrets(text, "arg"))


def parse_version(text: str | None) -> Version | None:
    """``1.2.3``, ``v1.2``, ``1.0.0-rc.1``, ``1.0a1``, ``1.0.post2``; None for anything else."""
    if not text:
        return None
    match = _VERSION.match(text.strip())
    if not match:
        return None
    release = tuple(int(p) for p in match["release"].split("."))
    rest = match["rest"].split("+", 1)[0]  # build metadata never counts
    rest = rest.lstrip("-._")
    if not rest:
        return Version(release, 2)
    post = _POST.match(rest)
    if post:
        return Version(release, 3, post=int(post.group(1) or 0))
    ids: list[tuple[int, Any]] = []
    for part in re.findall(r"\d+|[A-Za-z]+", rest):
        ids.append((0, int(part)) if part.isdigit() else (1, part.lower()))
    if any(x in _WILDCARDS for x in re.split(r"[.\-_]", rest)):
        return None
    phase = 0 if ids and ids[0] == (1, "dev") else 1
    return Version(release, phase, tuple(ids))


Comparator = tuple[str, Version]


def _partial(text: str) -> tuple[list[int], bool] | None:
    """``1.2`` -> ([1, 2], False); ``1.2.x`` / ``1.*`` -> ([1, 2], True) / ([1], True)."""
    parts = text.lstrip("vV").split(".")
    numbers: list[int] = []
    wild = False
    for part in parts:
        if part in _WILDCARDS:
            wild = True
            break
        if not part.isdigit():
            return None
        numbers.append(int(part))
    return numbers, wild


def _bump(numbers: list[int], index: int) -> Version:
    upper = numbers[:index] + [numbers[index] + 1]
    # a pre-release marker below every real pre-release: `<2` excludes 2.0.0-alpha
    return Version(tuple(upper), 0, ((0, -1),))


def _prefix(numbers: list[int]) -> list[Comparator]:
    if not numbers:
        return []
    return [(">=", Version(tuple(numbers), 2)), ("<", _bump(numbers, len(numbers) - 1))]


def _comparators(token: str) -> list[Comparator]:
    match = re.match(r"^(===|==|~=|!=|>=|<=|\^|~|>|<|=)?\s*(.*)$", token)
    assert match is not None
    op, text = match.group(1) or "", match.group(2).strip()
    if text in ("", "*", "x", "X"):
        if op in ("", "=", "=="):
            return []  # any version
        raise ValueError(f"{_shown(token)} needs a version")
    partial = _partial(text)  # None when the text has more than numbers (1.0.0-rc.1)
    exact = parse_version(text)  # None for wildcards and garbage
    if partial is None and exact is None:
        raise ValueError(f"{_shown(text)} is not a version")
    if op in ("^", "~", "~="):
        numbers = partial[0] if partial is not None else list(exact.release)  # type: ignore[union-attr]
        if not numbers:
            return []  # ^x, ~*: any version
        low = exact or Version(tuple(numbers), 2)
        if op == "^":
            nonzero = next((i for i, n in enumerate(numbers) if n != 0), len(numbers) - 1)
            return [(">=", low), ("<", _bump(numbers, nonzero))]
        if op == "~":
            return [(">=", low), ("<", _bump(numbers, 1 if len(numbers) >= 2 else 0))]
        if len(numbers) < 2:
            raise ValueError(f"{_shown(token)}: ~= needs at least two version parts")
        return [(">=", low), ("<", _bump(numbers, len(numbers) - 2))]
    if partial is not None and (partial[1] or (op in ("", "=") and len(partial[0]) < 3)):
        if op in ("", "=", "==", "==="):
            return _prefix(partial[0])  # 1.2 / 1.2.x / ==1.2.*: every 1.2 release
        if partial[1]:
            raise ValueError(f"{_shown(token)}: a wildcard goes with == or no operator")
    if exact is None:
        raise ValueError(f"{_shown(text)} is not a version")
    if op in ("", "=", "==", "==="):
        return [("==", exact)]
    return [(op, exact)]


def _hyphen(alternative: str) -> list[Comparator]:
    """npm's ``1.2 - 1.4``: from 1.2.0 through every 1.4 release."""
    low, _, high = (p.strip() for p in alternative.partition(" - "))
    result = _comparators(">=" + low)
    partial = _partial(high)
    if partial is not None and partial[0] and (partial[1] or len(partial[0]) < 3):
        return result + [("<", _bump(partial[0], len(partial[0]) - 1))]
    return result + _comparators("<=" + high)


class Range(Frozen):
    text: str
    alternatives: tuple[tuple[Comparator, ...], ...]

    def contains(self, version: Version) -> bool:
        return any(_satisfies(version, alt) for alt in self.alternatives)


def _satisfies(version: Version, comparators: tuple[Comparator, ...]) -> bool:
    if version.is_pre and not any(v.is_pre and v.pre != ((0, -1),) and v.same_release(version) or
                                  (op == "==" and v.key == version.key) for op, v in comparators):
        return False
    for op, bound in comparators:
        a, b = version.key, bound.key
        ok = {"==": a == b, "===": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]
        if not ok:
            return False
    return True


def parse_range(text: str) -> Range:
    """An npm or PEP 440 version range; ValueError naming what is wrong."""
    alternatives = []
    for alternative in text.split("||"):
        alternative = alternative.strip()
        if " - " in alternative:
            alternatives.append(tuple(_hyphen(alternative)))
            continue
        alternative = re.sub(r"(===|==|~=|!=|>=|<=|\^|~|>|<|=)\s+", r"\1", alternative)
        comparators: list[Comparator] = []
        for token in re.split(r"[,\s]+", alternative):
            if token:
                comparators.extend(_comparators(token))
        alternatives.append(tuple(comparators))
    return Range(text, tuple(alternatives))


# --- matchers -------------------------------------------------------------------------------

_TAG = lazy_compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")


def _pypi_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower()


def _docker_name(name: str) -> str:
    name = name.lower()
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        name = name.removeprefix(prefix)
    return name.removeprefix("library/")


def normalize_name(ecosystem: str, name: str) -> str:
    if ecosystem == "pypi":
        return _pypi_name(name)
    if ecosystem == "docker":
        return _docker_name(name)
    return name


class PackageSpec(Frozen):
    ecosystem: str
    name: str
    """Normalized; with ``*`` or ``?`` it is a glob (``npm:@modelcontextprotocol/*``)."""
    version: str | None = None
    """The version part as written (a range, an exact version, a tag or a digest)."""
    range: Range | None = None
    tag: str | None = None
    """A non-numeric tag (``latest``) compared as written."""
    digest: str | None = None

    def matches_name(self, package: Any) -> bool:
        if package is None or package.ecosystem != self.ecosystem:
            return False
        name = normalize_name(package.ecosystem, package.name)
        if "*" in self.name or "?" in self.name:  # a glob; otherwise names compare as written
            return fnmatch.fnmatchcase(name, self.name)
        return name == self.name

    def version_miss(self, package: Any) -> str | None:
        """None when the server's version satisfies this spec; else why not."""
        if self.version is None:
            return None
        if self.digest is not None:
            return None if package.digest == self.digest else "a different image digest"
        if self.tag is not None:
            return None if package.version == self.tag else (
                f"version {package.version}" if package.version else "an unpinned version")
        version = exact_version(package)
        if version is None:
            if package.version:
                return f"an unpinned version ({package.operator}{package.version})"
            return "an unpinned version"
        assert self.range is not None
        return None if self.range.contains(version) else f"version {package.version}"


def exact_version(package: Any) -> Version | None:
    """The version a server runs, when the config states exactly one."""
    if package is None or not package.version:
        return None
    if package.ecosystem == "pypi" and package.operator not in ("", "==", "==="):
        return None
    return parse_version(package.version)


def parse_package(text: str) -> PackageSpec:
    """``npm:@scope/name@^1.2``, ``pypi:name==1.2``, ``docker:ghcr.io/o/img:1.2``..."""
    ecosystem, colon, rest = text.strip().partition(":")
    ecosystem = ecosystem.lower()
    if not colon or ecosystem not in ECOSYSTEMS:
        raise ValueError(f"package {_shown(text)} must start with an ecosystem: {', '.join(e + ':' for e in ECOSYSTEMS)}"
                         " (e.g. npm:@modelcontextprotocol/server-github)")
    rest = rest.strip()
    version: str | None = None
    if ecosystem == "pypi":
        match = re.match(r"^([A-Za-z0-9*?][A-Za-z0-9._\-*?]*)(\[[^\]]*\])?\s*(?:@|(?=[=<>!~])|$)\s*(.*)$", rest)
        if not match:
            raise ValueError(f"package {_shown(text)}: expected pypi:name, pypi:name==1.2 or pypi:name@>=1,<2")
        name, version = match.group(1), match.group(3).strip() or None
    elif ecosystem == "docker":
        name = rest
        if "@" in rest:
            name, _, version = rest.partition("@")
        elif ":" in rest.rsplit("/", 1)[-1]:
            name, _, version = rest.rpartition(":")
    else:
        at = rest.find("@", 1)
        name, version = (rest[:at], rest[at + 1:]) if at > 0 else (rest, None)
    name = name.strip()
    if not name:
        raise ValueError(f"package {_shown(text)} has no name")
    version = (version or "").strip() or None
    spec = PackageSpec(ecosystem, normalize_name(ecosystem, name), version)
    if version is None:
        return spec
    if version.startswith("sha256:"):
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", version):
            raise ValueError(f"package {_shown(text)}: a digest is sha256: and 64 hex digits")
        return PackageSpec(spec.ecosystem, spec.name, version, digest=version)
    if _TAG.match(version) and not re.match(r"^[vV]\d", version) and ecosystem != "pypi":
        return PackageSpec(spec.ecosystem, spec.name, version, tag=version)
    try:
        return PackageSpec(spec.ecosystem, spec.name, version, range=parse_range(version))
    except ValueError as exc:
        raise ValueError(f"package {_shown(text)}: bad version {_shown(version)}: {exc}") from None


def url_matches(pattern: str, url: str | None) -> bool:
    """Glob on a URL; in ``scheme://host/path`` a ``*`` in the host never reaches into the path.

    ``https://mcp.corp.example.com/*`` matches every path on that host (and no other host);
    ``https://*.corp.example.com/*`` every subdomain. Host and scheme are case-insensitive, a
    user name or password in the server's URL is ignored, and a pattern with no path matches
    only the root.
    """
    if not url:
        return False
    url = url.strip()
    try:
        want, have = urlsplit(pattern.strip()), urlsplit(url)
    except ValueError:
        return False
    if not want.scheme or not want.netloc:
        return fnmatch.fnmatchcase(url, pattern)
    if not fnmatch.fnmatchcase(have.scheme.lower(), want.scheme.lower()):
        return False
    host = have.netloc.rpartition("@")[2].lower()
    name, colon, port = host.rpartition(":") if "]" not in host.rpartition(":")[2] else (host, "", "")
    if colon and port.isdigit():
        host = name.rstrip(".") + ":" + port
    else:
        host = host.rstrip(".")  # mcp.example.com. is mcp.example.com (as the clients match it)
    if not fnmatch.fnmatchcase(host, want.netloc.lower()):
        return False
    rest = (have.path or "/") + (f"?{have.query}" if have.query else "")
    wanted = (want.path or "/") + (f"?{want.query}" if want.query else "")
    return fnmatch.fnmatchcase(rest, wanted)


class Subject(Record):
    """A server with what matching needs, each computed once and only when asked."""

    server: Server
    _package: Any = None
    _fingerprint: str | None = None
    _loaded: bool = False

    @property
    def package(self) -> Any:
        if not self._loaded:
            from mcplint.facts.package import analyze

            self._package = analyze(self.server, None) if self.server.command else None
            self._loaded = True
        return self._package

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            from mcplint.identity import fingerprint

            self._fingerprint = fingerprint(self.server)
        return self._fingerprint


class Matcher(Frozen):
    """One ``[[policy.approved]]`` or ``[[policy.blocked]]`` entry."""

    kind: str
    index: int
    entry: tuple[tuple[str, str], ...]
    package: PackageSpec | None = None
    reason: str | None = None

    def get(self, key: str) -> str | None:
        return dict(self.entry).get(key)

    @property
    def label(self) -> str:
        """``package npm:postmark-mcp`` — the keys that make the entry, for messages."""
        from mcplint.identity import redact_secrets  # a pattern holding a token is not printed whole

        return ", ".join(f"{k} {redact_secrets(v)}" for k, v in self.entry if k in MATCHER_KEYS and k != "fingerprint") \
            or f"fingerprint {self.get('fingerprint')}"

    def match(self, subject: Subject) -> tuple[bool, str | None]:
        """(matches, near miss): the near miss says why an entry that names it does not match."""
        server = subject.server
        name = self.get("name")
        if name is not None and not fnmatch.fnmatchcase(server.name, name):
            return False, None
        command = self.get("command")
        if command is not None and not _command_matches(command, server):
            return False, None
        url = self.get("url")
        if url is not None and not url_matches(url, server.url):
            return False, None
        fingerprint = self.get("fingerprint")
        if fingerprint is not None and subject.fingerprint != fingerprint.lower():
            return False, None
        if self.package is not None:
            package = subject.package
            if not self.package.matches_name(package):
                return False, None
            miss = self.package.version_miss(package)
            if miss is not None:
                return False, f"{self.package.ecosystem}:{self.package.name} is {self.kind} only at " \
                              f"{self.package.version}, and this server runs {miss}"
        return True, None


def _command_matches(pattern: str, server: Server) -> bool:
    from mcplint.facts.package import basename, command_line

    command = command_line(server)[0]
    if not command:
        return False
    if "/" in pattern or "\\" in pattern:
        return fnmatch.fnmatchcase(command.replace("\\", "/"), pattern.replace("\\", "/"))
    return fnmatch.fnmatchcase(basename(command), pattern.lower())


class Policy(Frozen):
    mode: str = "denylist"
    approved: tuple[Matcher, ...] = ()
    blocked: tuple[Matcher, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.approved and not self.blocked and self.mode == "denylist"


class Decision(Frozen):
    status: str
    """``approved``, ``blocked`` or ``pending``."""
    reason: str | None = None
    """Blocked: the entry's reason (or what blocked it); approved: what approved it; pending: a near miss."""
    matched: str | None = None
    """The entry that decided, as ``package npm:x`` / ``url https://...``."""
    mode: str = "denylist"


def _matcher(kind: str, index: int, entry: dict[str, Any]) -> Matcher:
    pointer = (kind, index)
    if not isinstance(entry, dict):
        raise PolicyError(pointer, f"policy.{kind}[{index}] must be a table")
    keys = [k for k in MATCHER_KEYS if k in entry]
    if not keys:
        raise PolicyError(pointer, f"policy.{kind}[{index}] needs one of: {', '.join(MATCHER_KEYS)}")
    for key in (*MATCHER_KEYS, "reason"):
        if key in entry and not isinstance(entry[key], str):
            raise PolicyError(pointer + (key,), f"policy.{kind}[{index}].{key} must be a string")
    package = None
    if "package" in entry:
        try:
            package = parse_package(entry["package"])
        except ValueError as exc:
            raise PolicyError(pointer + ("package",), str(exc)) from None
    fingerprint = entry.get("fingerprint")
    if fingerprint is not None and not re.fullmatch(r"sha256:[0-9a-fA-F]{64}", fingerprint):
        raise PolicyError(pointer + ("fingerprint",), "fingerprint must be sha256: and 64 hex digits")
    items = tuple((k, str(entry[k])) for k in (*MATCHER_KEYS, "reason") if k in entry)
    return Matcher(kind, index, items, package, entry.get("reason"))


def compile_policy(policy: dict[str, Any] | None) -> Policy:
    """Check and compile a ``[policy]`` table; PolicyError names the entry and key."""
    policy = policy or {}
    mode = policy.get("mode", "denylist")
    if mode not in MODES:
        raise PolicyError(("mode",), f"policy.mode must be one of {', '.join(MODES)}")
    lists = {}
    for kind in ("approved", "blocked"):
        entries = policy.get(kind) or []
        if not isinstance(entries, list):
            raise PolicyError((kind,), f"policy.{kind} must be an array of tables ([[policy.{kind}]])")
        lists[kind] = tuple(_matcher(kind, i, e) for i, e in enumerate(entries))
    return Policy(mode, lists["approved"], lists["blocked"])


def problems(policy: dict[str, Any] | None) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with a ``[policy]`` table: (pointer within it, message); empty when usable."""
    try:
        compile_policy(policy)
    except PolicyError as exc:
        return [(exc.pointer, exc.message)]
    return []


@lru_cache(maxsize=32)
def _compiled(key: str) -> Policy:
    return compile_policy(json.loads(key))


def as_policy(policy: dict[str, Any] | Policy | None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    if not policy:
        return Policy()
    return _compiled(json.dumps(policy, sort_keys=True, default=str))


BUILTIN_TRANSPORTS = frozenset({"builtin", "platform"})
"""Goose's ``type: builtin`` / ``platform`` extensions: code of the client itself, no command or URL."""


def is_builtin(server: Server) -> bool:
    """A client's own built-in extension: nothing external to approve (the policy skips it)."""
    return (server.transport or "").lower() in BUILTIN_TRANSPORTS and not server.command and not server.url


def decide(server: Server, policy: dict[str, Any] | Policy | None) -> Decision:
    """The policy's decision for one server: blocked wins, then approved, else pending."""
    compiled = as_policy(policy)
    subject = Subject(server)
    for matcher in compiled.blocked:
        hit, _ = matcher.match(subject)
        if hit:
            return Decision("blocked", matcher.reason or f"blocked by {matcher.label}", matcher.label, compiled.mode)
    if is_builtin(server):
        return Decision("builtin", "a built-in extension of the client, not an external server", None, compiled.mode)
    near: str | None = None
    for matcher in compiled.approved:
        hit, miss = matcher.match(subject)
        if hit:
            return Decision("approved", f"approved by {matcher.label}", matcher.label, compiled.mode)
        near = near or miss
    return Decision("pending", near, None, compiled.mode)


def approval(server: Server, policy: dict[str, Any] | Policy | None) -> tuple[str, str | None]:
    """``("approved" | "blocked" | "pending", reason or None)`` for one server."""
    decision = decide(server, policy)
    return decision.status, decision.reason

