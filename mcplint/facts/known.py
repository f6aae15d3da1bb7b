"""What the server catalog (``data/servers.json``) knows about this server, if anything.

A server is matched by its package (``npm:@scope/name``, PyPI names compared after PEP 503
normalisation, docker images with or without ``docker.io/``), by the binary it runs, by the host
of its URL (hosted servers), or by the environment variables of an env-configured server.
For a local proxy to a remote server (``npx mcp-remote https://mcp.example.com``) the remote
host's entry wins over the proxy's own: what the proxy exposes is the remote server.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from mcplint._lazyre import lazy_compile
from mcplint.model import Server
from mcplint.record import Frozen

_EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The default of a mapping field: read-only, so one shared empty value is safe."""


class KnownServer(Frozen):
    id: str
    name: str
    kind: str
    database: str | None = None
    roots: Mapping[str, Any] = _EMPTY
    read_only: Mapping[str, Any] = _EMPTY
    writes_when: Mapping[str, Any] = _EMPTY
    entry: Mapping[str, Any] = _EMPTY
    """The raw catalog entry (left out of the repr: it repeats the fields above)."""
    hosts: tuple[str, ...] = ()
    remote_auth: str | None = None
    """How the hosted server authenticates: oauth, enforced, url-key, public (None: unknown)."""
    limits: Mapping[str, Any] = _EMPTY
    toolsets: Mapping[str, Any] = _EMPTY
    oauth_proxy: bool = False
    docs: str | None = None
    matched_by: str = ""
    """``package``, ``command``, ``host`` or ``env``."""

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self) if name != "entry")
        return f"KnownServer({shown})"


class Malicious(Frozen):
    package: str
    versions: Any
    what: str
    references: tuple[str, ...]


class Catalog(Frozen):
    """The catalog indexed for lookups; the entries of each index carry its ``matched_by``."""

    by_package: Mapping[str, KnownServer]
    by_command: Mapping[str, KnownServer]
    env_matchers: tuple[KnownServer, ...]
    by_host: Mapping[str, KnownServer] = _EMPTY
    malicious: Mapping[str, Malicious] = _EMPTY
    names: Mapping[str, tuple[str, ...]] = _EMPTY
    """Ecosystem -> every package name the catalog knows (for look-alike checks)."""
    env_keys: tuple[frozenset[str], ...] = ()
    """The ``roots.env`` variables of each of ``env_matchers``, in the same order."""


_EXTRAS = lazy_compile(r"\[.*\]$")
_SEPARATORS = lazy_compile(r"[-_.]+")


@lru_cache(maxsize=4096)
def normalize_name(ecosystem: str, name: str) -> str:
    """The form packages are compared in: PyPI per PEP 503 (extras dropped), others lower-case."""
    name = name.strip().lower()
    if ecosystem == "pypi":
        name = _EXTRAS.sub("", name)
        return _SEPARATORS.sub("-", name)
    if ecosystem == "docker":
        name = name.removeprefix("docker.io/").removeprefix("index.docker.io/").removeprefix("library/")
    return name


def package_key(ecosystem: str, name: str) -> str:
    return f"{ecosystem}:{normalize_name(ecosystem, name)}"


def _entry(data: dict[str, Any], matched_by: str) -> KnownServer:
    return KnownServer(
        id=data["id"], name=data["name"], kind=data["kind"], database=data.get("database"),
        roots=data.get("roots", {}), read_only=data.get("read_only", {}),
        writes_when=data.get("writes_when", {}), entry=data,
        hosts=tuple(h.lower() for h in data.get("hosts", ())), remote_auth=data.get("remote_auth"),
        limits=data.get("limits", {}), toolsets=data.get("toolsets", {}),
        oauth_proxy=bool(data.get("oauth_proxy")), docs=data.get("docs"), matched_by=matched_by,
    )


def catalog_path() -> Path:
    from mcplint.data import FOLDER

    return FOLDER / "servers.json"


@cache
def catalog() -> Catalog:
    """Load ``servers.json`` once and index it: one record per entry and way of matching it."""
    from mcplint import data as shipped

    data = json.loads(shipped.read_text("servers.json"))
    by_package: dict[str, KnownServer] = {}
    by_command: dict[str, KnownServer] = {}
    by_host: dict[str, KnownServer] = {}
    env: list[KnownServer] = []
    names: dict[str, list[str]] = {}
    for raw in data["servers"]:
        if raw.get("packages"):
            known = _entry(raw, "package")
            for package in raw["packages"]:
                ecosystem, _, name = package.partition(":")
                by_package[package_key(ecosystem, name)] = known
                names.setdefault(ecosystem, []).append(normalize_name(ecosystem, name))
        if raw.get("commands"):
            known = _entry(raw, "command")
            for command in raw["commands"]:
                by_command[command.lower()] = known
        if raw.get("hosts"):
            known = _entry(raw, "host")
            for host in known.hosts:
                by_host[host] = known
        if raw.get("match_env"):
            env.append(_entry(raw, "env"))
    malicious = {}
    for raw in data.get("malicious", ()):
        ecosystem, _, name = raw["package"].partition(":")
        malicious[package_key(ecosystem, name)] = Malicious(
            raw["package"], raw.get("versions", "*"), raw.get("what", ""), tuple(raw.get("references", ())))
    return Catalog(by_package, by_command, tuple(env), by_host, malicious,
                   {k: tuple(dict.fromkeys(v)) for k, v in names.items()},
                   tuple(frozenset(known.roots.get("env", ())) for known in env))


@lru_cache(maxsize=1024)
def _by_package(ecosystem: str, name: str) -> KnownServer | None:
    """Memoized, as ``lookup_host`` is (clear them with ``catalog.cache_clear()`` if ever needed)."""
    cat = catalog()
    found = cat.by_package.get(package_key(ecosystem, name))
    if found is None and ecosystem == "local":
        found = cat.by_command.get(name.lower())
    return found


def lookup_package(package: Any) -> KnownServer | None:
    """The catalog entry of a package (or of the binary a local command runs)."""
    if package is None:
        return None
    return _by_package(package.ecosystem, package.name)


@lru_cache(maxsize=1024)
def lookup_host(host: str) -> KnownServer | None:
    """The entry of a hosted server: exact host, else the longest known parent domain."""
    host = host.lower().rstrip(".")
    by_host = catalog().by_host
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in by_host:
            return by_host[candidate]
    return None


def lookup(server: Server, package: Any, transport: Any = None) -> KnownServer | None:
    by_package = None if package is None else _by_package(package.ecosystem, package.name)
    if by_package is None and package is not None and package.runs:
        # `uvx --from git+https://github.com/redis/mcp-redis.git redis-mcp-server`: the program it runs
        by_package = _by_package("local", package.runs)
    if transport is not None and transport.endpoints and (by_package is None or by_package.kind == "remote-proxy"):
        for endpoint in transport.endpoints:
            if endpoint.where == "url" or by_package is not None:
                hosted = lookup_host(endpoint.host)
                if hosted is not None:
                    return hosted
    if by_package is not None:
        return by_package
    if server.env:
        cat = catalog()
        for known, keys in zip(cat.env_matchers, cat.env_keys):
            if not keys.isdisjoint(server.env):
                return known
    return None


def analyze(server: Server, facts: Any) -> KnownServer | None:
    return lookup(server, facts["package"], facts["transport"])
