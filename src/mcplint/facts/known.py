"""What the server catalog (``data/servers.json``) knows about this server, if anything.

A server is matched by its package (``npm:@scope/name``, PyPI names compared after PEP 503
normalisation, docker images with or without ``docker.io/``), by the binary it runs, by the host
of its URL (hosted servers), or by the environment variables of an env-configured server.
For a local proxy to a remote server (``npx mcp-remote https://mcp.example.com``) the remote
host's entry wins over the proxy's own: what the proxy exposes is the remote server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from mcplint.model import Server


@dataclass(frozen=True)
class KnownServer:
    id: str
    name: str
    kind: str
    database: str | None = None
    roots: dict[str, Any] = field(default_factory=dict)
    read_only: dict[str, Any] = field(default_factory=dict)
    writes_when: dict[str, Any] = field(default_factory=dict)
    entry: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    hosts: tuple[str, ...] = ()
    remote_auth: str | None = None
    """How the hosted server authenticates: oauth, enforced, url-key, public (None: unknown)."""
    limits: dict[str, Any] = field(default_factory=dict)
    toolsets: dict[str, Any] = field(default_factory=dict)
    oauth_proxy: bool = False
    docs: str | None = None
    matched_by: str = ""
    """``package``, ``command``, ``host`` or ``env``."""


@dataclass(frozen=True)
class Malicious:
    package: str
    versions: Any
    what: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    by_package: dict[str, KnownServer]
    by_command: dict[str, KnownServer]
    env_matchers: tuple[KnownServer, ...]
    by_host: dict[str, KnownServer] = field(default_factory=dict)
    malicious: dict[str, Malicious] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Ecosystem -> every package name the catalog knows (for look-alike checks)."""


def normalize_name(ecosystem: str, name: str) -> str:
    """The form packages are compared in: PyPI per PEP 503 (extras dropped), others lower-case."""
    name = name.strip().lower()
    if ecosystem == "pypi":
        name = re.sub(r"\[.*\]$", "", name)
        return re.sub(r"[-_.]+", "-", name)
    if ecosystem == "docker":
        name = name.removeprefix("docker.io/").removeprefix("index.docker.io/").removeprefix("library/")
    return name


def package_key(ecosystem: str, name: str) -> str:
    return f"{ecosystem}:{normalize_name(ecosystem, name)}"


def _entry(data: dict[str, Any]) -> KnownServer:
    return KnownServer(
        id=data["id"], name=data["name"], kind=data["kind"], database=data.get("database"),
        roots=data.get("roots", {}), read_only=data.get("read_only", {}),
        writes_when=data.get("writes_when", {}), entry=data,
        hosts=tuple(h.lower() for h in data.get("hosts", ())), remote_auth=data.get("remote_auth"),
        limits=data.get("limits", {}), toolsets=data.get("toolsets", {}),
        oauth_proxy=bool(data.get("oauth_proxy")), docs=data.get("docs"),
    )


def catalog_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "servers.json"


@cache
def catalog() -> Catalog:
    data = json.loads(catalog_path().read_text("utf-8"))
    by_package: dict[str, KnownServer] = {}
    by_command: dict[str, KnownServer] = {}
    by_host: dict[str, KnownServer] = {}
    env: list[KnownServer] = []
    names: dict[str, list[str]] = {}
    for raw in data["servers"]:
        known = _entry(raw)
        for package in raw.get("packages", ()):
            ecosystem, _, name = package.partition(":")
            by_package[package_key(ecosystem, name)] = known
            names.setdefault(ecosystem, []).append(normalize_name(ecosystem, name))
        for command in raw.get("commands", ()):
            by_command[command.lower()] = known
        for host in known.hosts:
            by_host[host] = known
        if raw.get("match_env"):
            env.append(known)
    malicious = {}
    for raw in data.get("malicious", ()):
        ecosystem, _, name = raw["package"].partition(":")
        malicious[package_key(ecosystem, name)] = Malicious(
            raw["package"], raw.get("versions", "*"), raw.get("what", ""), tuple(raw.get("references", ())))
    return Catalog(by_package, by_command, tuple(env), by_host, malicious,
                   {k: tuple(dict.fromkeys(v)) for k, v in names.items()})


def _with(known: KnownServer, how: str) -> KnownServer:
    from dataclasses import replace

    return replace(known, matched_by=how)


def lookup_package(package: Any) -> KnownServer | None:
    """The catalog entry of a package (or of the binary a local command runs)."""
    if package is None:
        return None
    cat = catalog()
    key = package_key(package.ecosystem, package.name)
    if key in cat.by_package:
        return _with(cat.by_package[key], "package")
    if package.ecosystem == "local" and package.name.lower() in cat.by_command:
        return _with(cat.by_command[package.name.lower()], "command")
    return None


def lookup_host(host: str) -> KnownServer | None:
    """The entry of a hosted server: exact host, else the longest known parent domain."""
    host = host.lower().rstrip(".")
    by_host = catalog().by_host
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in by_host:
            return _with(by_host[candidate], "host")
    return None


def lookup(server: Server, package: Any, transport: Any = None) -> KnownServer | None:
    cat = catalog()
    by_package = lookup_package(package)
    if transport is not None and (by_package is None or by_package.kind == "remote-proxy"):
        for endpoint in transport.endpoints:
            if endpoint.where == "url" or by_package is not None:
                hosted = lookup_host(endpoint.host)
                if hosted is not None:
                    return hosted
    if by_package is not None:
        return by_package
    for known in cat.env_matchers:
        if any(key in server.env for key in known.roots.get("env", ())):
            return _with(known, "env")
    return None


def analyze(server: Server, facts: Any) -> KnownServer | None:
    return lookup(server, facts["package"], facts["transport"])
