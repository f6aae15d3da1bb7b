"""Helpers the fact modules share: flags, the environment a server really gets, catalog settings.

A *setting spec* is the shape ``data/servers.json`` uses for ``read_only``, ``writes_when``,
``limits`` and ``toolsets``: ``flags``, ``flag_values``, ``env``, ``headers``, ``url_query``,
``url_path``, ``config`` (see the catalog's ``_about``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.model import Pointer, Server
from mcplint.record import Frozen

FALSE_WORDS = frozenset({"", "false", "0", "no", "n", "off", "f", "disabled"})
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "on", "t", "enabled"})
PLACEHOLDER = lazy_compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{env:[^}]*\}|%[A-Za-z_][A-Za-z0-9_]*%|\$\{\{[^}]*\}\}")


@lru_cache(maxsize=4096)
def is_placeholder(value: str) -> bool:
    """The whole value is a variable reference (``${X}``, ``${env:X}``, ``%X%``, ``{env:X}``).

    Memoized: several facts ask about the same env values and hosts of every server."""
    return bool(value) and PLACEHOLDER.sub("", value).strip() == ""


def flag_values(args: list[str]) -> dict[str, tuple[str, int]]:
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




class EnvValue(Frozen):
    value: str
    pointer: Pointer
    where: str
    """``env KEY`` or ``docker -e KEY=VALUE``."""


def effective_env(server: Server, package: Any = None) -> dict[str, EnvValue]:
    """The variables the server process gets: ``env``, plus ``docker run -e KEY=VALUE`` options.

    ``-e KEY`` (no value) forwards the client's variable: its value is the ``env`` entry when
    there is one, else unknown (``"${KEY}"``).
    """
    env: dict[str, EnvValue] = {}
    if server.env:  # (most servers have none)
        at = server.at
        env = {key: EnvValue(str(value), at("env", key), f"env {key}") for key, value in server.env.items()}
    if package is not None and package.ecosystem == "docker":
        for flag, value, index in package.runner_options:
            if flag not in ("-e", "--env"):
                continue
            key, eq, val = value.partition("=")
            if not key:
                continue
            if eq:
                env[key] = EnvValue(val, server.at("args", index), f"docker -e {key}")
            elif key not in env:
                env[key] = EnvValue("${" + key + "}", server.at("args", index), f"docker -e {key}")
    return env


def env_fact(server: Server, facts: Any) -> dict[str, EnvValue]:
    """Shared fact ``_env`` (see ``facts.SHARED``): the server's ``effective_env``, worked out
    once per server for the facts that read it (connections, exposure, loader_env, database,
    toolsets). Readers must not change it."""
    return effective_env(server, facts["package"])


def header_map(server: Server) -> dict[str, tuple[str, str, Pointer]]:
    """Lower-cased header name -> (name, value, pointer); also ``--header K: V`` of local proxies."""
    headers = {k.lower(): (k, str(v), server.at("headers", k)) for k, v in server.headers.items()}
    args = server.args
    for i, arg in enumerate(args):
        if arg in ("--header", "-H", "--headers") and i + 1 < len(args):
            name, sep, value = args[i + 1].partition(":")
            if sep and name.strip():
                headers.setdefault(name.strip().lower(), (name.strip(), value.strip(), server.at("args", i + 1)))
    return headers


def _accepts(value: str, accepted: list[str]) -> bool:
    value = value.strip().lower()
    if "*" in accepted:
        return value not in FALSE_WORDS
    return value in accepted


class Context(Frozen):
    """What a setting spec is matched against."""

    server: Server
    flags: dict[str, tuple[str, int]]
    env: dict[str, EnvValue]
    headers: dict[str, tuple[str, str, Pointer]]
    url: str | None
    url_pointer: Pointer

    @classmethod
    def of(cls, server: Server, package: Any, transport: Any = None,
           env: dict[str, EnvValue] | None = None) -> "Context":
        """``env``: the server's ``effective_env`` when the caller has it already."""
        url, url_pointer = server.url, server.at("url")
        if transport is not None and transport.endpoints:
            url, url_pointer = transport.endpoints[0].url, transport.endpoints[0].pointer
        if env is None:
            env = effective_env(server, package)
        return cls(server, flag_values(server.args), env, header_map(server), url, url_pointer)


def context_fact(server: Server, facts: Any) -> Context:
    """Shared fact ``_context`` (see ``facts.SHARED``): what database and toolsets both match
    their catalog settings against, made once per server."""
    return Context.of(server, facts["package"], facts["transport"], facts["_env"])


def match_setting(spec: dict[str, Any], ctx: Context) -> tuple[str, Pointer] | None:
    """The first setting of ``spec`` the server has: (how it reads, where it is)."""
    server = ctx.server
    for flag in spec.get("flags", ()):
        if flag in ctx.flags:
            value, index = ctx.flags[flag]
            if value.lower() not in ("false", "0", "no"):
                return flag, server.at("args", index)
    for flag, accepted in spec.get("flag_values", {}).items():
        if flag in ctx.flags and _accepts(ctx.flags[flag][0], accepted):
            return f"{flag}={ctx.flags[flag][0]}", server.at("args", ctx.flags[flag][1])
    for key, accepted in spec.get("env", {}).items():
        if key in ctx.env and _accepts(ctx.env[key].value, accepted):
            return f"{key}={ctx.env[key].value}", ctx.env[key].pointer
    for name, accepted in spec.get("headers", {}).items():
        found = ctx.headers.get(name.lower())
        if found and _accepts(found[1], accepted):
            return f"header {found[0]}", found[2]
    if ctx.url:
        try:
            parts = urlsplit(ctx.url)
        except ValueError:
            return None
        query = parse_qs(parts.query)
        for key, accepted in spec.get("url_query", {}).items():
            if any(_accepts(v, accepted) for v in query.get(key, ())):
                return f"?{key}={query[key][0]}", ctx.url_pointer
        for fragment in spec.get("url_path", ()):
            if fragment in parts.path:
                return f"URL path {fragment}", ctx.url_pointer
    return None


def configured_elsewhere(spec: dict[str, Any], ctx: Context) -> tuple[str, Pointer] | None:
    """The server reads this setting from a separate file named in the config (``--config x``)."""
    config = spec.get("config") or {}
    for flag in config.get("flags", ()):
        if flag in ctx.flags:
            return flag, ctx.server.at("args", ctx.flags[flag][1])
    for key in config.get("env", ()):
        if key in ctx.env:
            return key, ctx.env[key].pointer
    return None


def options_text(spec: dict[str, Any], remote: bool | None = None) -> str:
    """``--read-only or MDB_MCP_READ_ONLY=true``: how to turn a setting on, for messages.

    ``remote``: only the options a hosted server takes (headers, URL) or, when False, only
    those of a locally started one (flags, env); None: all. A spec's ``suggest``
    ({local, remote}) replaces the generated text."""
    suggest = spec.get("suggest") or {}
    if remote is not None and suggest.get("remote" if remote else "local"):
        return suggest["remote" if remote else "local"]
    local = [*spec.get("flags", ())]
    local += [f"{flag}={values[0]}" for flag, values in spec.get("flag_values", {}).items()]
    local += [f"{key}={'...' if values == ['*'] else values[0]}" for key, values in spec.get("env", {}).items()]
    hosted = [f"header {name}" for name in spec.get("headers", {})]
    hosted += [f"?{key}={values[0]}" for key, values in spec.get("url_query", {}).items()]
    hosted += [f"a {fragment.strip('/')} URL" for fragment in spec.get("url_path", ())]
    options = hosted if remote else local if remote is False else local + hosted
    return " or ".join(options or local + hosted)


def server_pointer(server: Server, facts: Any) -> Pointer:
    """Where a finding about the server as a whole points (database, toolsets): its package, else
    its URL (a hosted server the catalog knows by its host: its endpoint)."""
    package = facts["package"]
    known = facts["known"]
    transport = facts["transport"]
    if known is not None and known.matched_by == "host" and transport.endpoints:
        return transport.endpoints[0].pointer
    if package is not None and package.index >= 0:
        return package.pointer
    if server.url:
        return server.at("url")
    if transport.endpoints:
        return transport.endpoints[0].pointer
    return package.pointer if package is not None else server.at("command")


def strings(server: Server) -> Iterator[tuple[str, str, Pointer]]:
    """Every string a server entry passes on: (where, text, pointer) for env values and args."""
    for key, value in server.env.items():
        yield f"env {key}", str(value), server.at("env", key)
    for i, arg in enumerate(server.args):
        yield f"argument {i + 1}", arg, server.at("args", i)
