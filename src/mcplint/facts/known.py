"""What the server catalog (``data/servers.json``) knows about this server, if anything."""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class Catalog:
    by_package: dict[str, KnownServer]
    by_command: dict[str, KnownServer]
    env_matchers: tuple[KnownServer, ...]


def _entry(data: dict[str, Any]) -> KnownServer:
    return KnownServer(
        id=data["id"], name=data["name"], kind=data["kind"], database=data.get("database"),
        roots=data.get("roots", {}), read_only=data.get("read_only", {}),
        writes_when=data.get("writes_when", {}), entry=data,
    )


@cache
def catalog() -> Catalog:
    data = json.loads((Path(__file__).resolve().parent.parent / "data" / "servers.json").read_text("utf-8"))
    by_package: dict[str, KnownServer] = {}
    by_command: dict[str, KnownServer] = {}
    env: list[KnownServer] = []
    for raw in data["servers"]:
        known = _entry(raw)
        for package in raw.get("packages", ()):
            by_package[package.lower()] = known
        for command in raw.get("commands", ()):
            by_command[command.lower()] = known
        if raw.get("match_env"):
            env.append(known)
    return Catalog(by_package, by_command, tuple(env))


def lookup(server: Server, package: Any) -> KnownServer | None:
    cat = catalog()
    if package is not None:
        key = f"{package.ecosystem}:{package.name}".lower()
        if key in cat.by_package:
            return cat.by_package[key]
        if package.ecosystem == "local" and package.name in cat.by_command:
            return cat.by_command[package.name]
        if package.ecosystem == "docker":
            short = package.name.removeprefix("docker.io/").removeprefix("library/")
            if f"docker:{short}" in cat.by_package:
                return cat.by_package[f"docker:{short}"]
    for known in cat.env_matchers:
        if any(key in server.env for key in known.roots.get("env", ())):
            return known
    return None


def analyze(server: Server, facts: Any) -> KnownServer | None:
    return lookup(server, facts["package"])
