"""Whether a database server can write: the catalog says how each known server is made read-only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mcplint.model import Pointer, Server

ADMIN_USERS = frozenset({"postgres", "root", "admin", "sa", "administrator", "master", "superuser", "dbadmin"})


@dataclass(frozen=True)
class Database:
    is_database: bool
    engine: str | None = None
    server_name: str | None = None
    read_only: bool = True
    reason: str = ""
    """Why it can write: ``--access-mode=unrestricted``, ``no --read-only flag``..."""
    pointer: Pointer = ()


NOT_A_DATABASE = Database(False)


def _flag_values(args: list[str]) -> dict[str, tuple[str, int]]:
    """``--flag=value`` and ``--flag value`` -> {flag: (value, index)}; bare flags map to ""."""
    values: dict[str, tuple[str, int]] = {}
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            continue
        flag, eq, value = arg.partition("=")
        if not eq and i + 1 < len(args) and not args[i + 1].startswith("-"):
            value = args[i + 1]
        values[flag] = (value, i)
    return values


def _matches(spec: dict[str, Any], server: Server, flags: dict[str, tuple[str, int]]) -> tuple[str, Pointer] | None:
    """The first setting of ``spec`` (flags, flag values, env, url query) the server has."""
    for flag in spec.get("flags", ()):
        if flag in flags:
            value, index = flags[flag]
            if value.lower() not in ("false", "0", "no"):
                return flag, server.at("args", index)
    for flag, accepted in spec.get("flag_values", {}).items():
        if flag in flags and flags[flag][0].lower() in accepted:
            return f"{flag}={flags[flag][0]}", server.at("args", flags[flag][1])
    for key, accepted in spec.get("env", {}).items():
        if str(server.env.get(key, "")).lower() in accepted:
            return f"{key}={server.env[key]}", server.at("env", key)
    if server.url:
        query = parse_qs(urlsplit(server.url).query)
        for key, accepted in spec.get("url_query", {}).items():
            if any(v.lower() in accepted for v in query.get(key, ())):
                return f"{key}={query[key][0]}", server.at("url")
    return None


def analyze(server: Server, facts: Any) -> Database:
    known = facts["known"]
    if known is None or known.kind != "database":
        return NOT_A_DATABASE
    flags = _flag_values(server.args)
    writes = _matches(known.writes_when, server, flags)
    if writes:
        return Database(True, known.database, known.name, False, writes[0], writes[1])
    spec = known.read_only
    if spec.get("default"):
        return Database(True, known.database, known.name, True)
    if _matches(spec, server, flags):
        return Database(True, known.database, known.name, True)
    package = facts["package"]
    pointer = package.pointer if package is not None else server.at("command")
    options = [*spec.get("flags", ()), *(f"{f}={v[0]}" for f, v in spec.get("flag_values", {}).items()),
               *(f"{k}={v[0]}" for k, v in spec.get("env", {}).items())]
    reason = f"no read-only setting ({' or '.join(options)})" if options else "the server has no read-only mode"
    return Database(True, known.database, known.name, False, reason, pointer)
