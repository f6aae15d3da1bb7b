"""Which directories a server may reach: filesystem server roots and docker bind mounts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mcplint.model import Pointer, Server

BROAD_EXACT = {
    "/": "the filesystem root",
    "~": "the home directory",
    "$HOME": "the home directory",
    "${HOME}": "the home directory",
    "${env:HOME}": "the home directory",
    "${userHome}": "the home directory",
    "%USERPROFILE%": "the home directory",
    "${env:USERPROFILE}": "the home directory",
    "%HOMEDRIVE%%HOMEPATH%": "the home directory",
    "*": "every path (wildcard)",
    "/*": "every path (wildcard)",
    "~/*": "the whole home directory (wildcard)",
    "/Users": "every user's home directory",
    "/home": "every user's home directory",
    "/root": "root's home directory",
}
BROAD_PATTERNS = (
    (re.compile(r"^[A-Za-z]:/?$"), "a drive root"),
    (re.compile(r"^[A-Za-z]:/Users$", re.I), "every user's home directory"),
    (re.compile(r"^(?:/Users|/home|[A-Za-z]:/Users|/var/home)/[^/$%{}]+$", re.I), "a home directory"),
    (re.compile(r"^/mnt/[a-z]$"), "a mounted drive root"),
    (re.compile(r"^/Volumes/[^/]+$"), "a whole volume"),
)
ENV_SPLIT = re.compile(r"[,;]|:(?=/|~)")


@dataclass(frozen=True)
class Root:
    path: str
    where: str
    pointer: Pointer
    broad: str | None
    """Why this root is too broad (``the filesystem root``), or None."""


@dataclass(frozen=True)
class Filesystem:
    server_kind: str | None
    """Catalog kind of the server (``filesystem``...), None when unknown."""
    roots: tuple[Root, ...]
    mounts: tuple[Root, ...]
    """Docker bind mounts (host side)."""

    @property
    def all_roots(self) -> tuple[Root, ...]:
        return self.roots + self.mounts


def broad_reason(path: str) -> str | None:
    text = path.strip().strip("'\"").replace("\\", "/")
    if len(text) > 1:
        text = text.rstrip("/") or "/"
    if text in BROAD_EXACT:
        return BROAD_EXACT[text]
    for pattern, reason in BROAD_PATTERNS:
        if pattern.match(text):
            return reason
    return None


def _root(path: str, where: str, pointer: Pointer) -> Root:
    return Root(path, where, pointer, broad_reason(path))


def docker_mounts(server: Server, package: Any) -> list[Root]:
    """Host paths of ``-v SRC:DST`` and ``--mount type=bind,src=SRC`` options."""
    if package is None or package.ecosystem != "docker":
        return []
    mounts = []
    for flag, value, index in package.runner_options:
        if flag in ("-v", "--volume"):
            match = re.match(r"^((?:[A-Za-z]:)?[^:]*):", value)
            source = match.group(1) if match else value
        elif flag == "--mount":
            parts = dict(p.partition("=")[::2] for p in value.split(","))
            if parts.get("type", "volume") != "bind":
                continue
            source = parts.get("source") or parts.get("src") or ""
        else:
            continue
        if source and (source[0] in "/~$%." or re.match(r"^[A-Za-z]:", source)):
            mounts.append(_root(source, f"docker {flag} {value}", server.at("args", index)))
    return mounts


def analyze(server: Server, facts: Any) -> Filesystem:
    package = facts["package"]
    known = facts["known"]
    roots: list[Root] = []
    spec = known.roots if known else {}
    if spec.get("args") == "positional" and package is not None:
        start = package.index + 1
        for i in range(max(start, 0), len(server.args)):
            arg = server.args[i]
            if not arg.startswith("-"):
                roots.append(_root(arg, f"argument {i + 1}", server.at("args", i)))
    for key in spec.get("env", ()):
        if key in server.env:
            for part in ENV_SPLIT.split(server.env[key]):
                if part.strip():
                    roots.append(_root(part.strip(), f"env {key}", server.at("env", key)))
    return Filesystem(known.kind if known else None, tuple(roots), tuple(docker_mounts(server, package)))
