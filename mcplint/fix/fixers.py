"""One fixer per fixable rule: from a finding and its server's facts to edits.

A fixer returns a :class:`Fix` (edits, plus items to append to lists that several fixes of one
file may share, like VS Code's ``inputs`` or Codex's ``env_vars``) or :class:`NoFix` saying why
not. The client's own reference syntax comes from ``secret_ref`` in ``data/clients.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.fix.edits import Edit
from mcplint.fix.text import (
    FixUnavailable,
    Source,
    add_key,
    flow_remove,
    remove_item,
    remove_key,
    replace_string,
)
from mcplint.model import Finding, Pointer, Server, pointer_str


@dataclass
class Fix:
    title: str
    edits: list[Edit] = field(default_factory=list)
    appends: list[tuple[Pointer, Any]] = field(default_factory=list)
    """(list pointer, item): items to add to a list, created when missing (deduplicated)."""
    notes: list[str] = field(default_factory=list)
    """What the user must do next (name the variable to set; never its value)."""


@dataclass
class NoFix:
    reason: str
    quiet: bool = False
    """Nothing left to fix (the finding stays for another reason): not listed as unfixed."""


@dataclass
class Context:
    src: Source
    client: str
    spec: Mapping[str, Any]
    """The client's ``secret_ref`` entry from the catalog (``{"style": "none"}`` when unknown)."""
    variables: frozenset[str]
    server: Server
    facts: Any
    finding: Finding
    pins: dict[str, str]
    secrets: set[str]
    """Every literal secret of the file: kept only to mask them in diffs, never written."""
    locks: dict[str, str] = field(default_factory=dict)
    """``ecosystem:name`` -> the one version a lock file of the repository holds."""


def _item(items: Any, finding: Finding) -> Any:
    for item in items or ():
        if pointer_str(item.pointer) == finding.pointer:
            return item
    return None


# -- secrets --------------------------------------------------------------------------------

_NAME_CLEAN = lazy_compile(r"[^A-Za-z0-9]+")


def variable_name(*parts: str) -> str:
    """An environment-variable name from keys: ``X-API-Key`` -> ``X_API_KEY``."""
    name = "_".join(p for p in (_NAME_CLEAN.sub("_", part).strip("_") for part in parts) if p).upper()
    return ("_" + name if name[:1].isdigit() else name) or "SECRET"


def _secret_name(ctx: Context, fact: Any) -> str:
    server = ctx.server
    where = fact.where
    if fact.in_url:  # the password of a connection URL
        return variable_name(server.name, "password")
    if where.startswith("env "):
        key = where[4:]
        return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else variable_name(key)
    if where.startswith("header "):
        header = where[7:]
        if header.lower() in ("authorization", "proxy-authorization"):
            return variable_name(server.name, "token")
        return variable_name(header)
    if where.startswith("argument "):
        index = int(where.split()[1]) - 1
        arg = server.args[index]
        flag = arg.split("=", 1)[0] if arg.startswith("-") and "=" in arg else (
            server.args[index - 1] if index > 0 and server.args[index - 1].startswith("-") else "")
        return variable_name(server.name, flag.lstrip("-")) if flag else variable_name(server.name, "secret")
    return variable_name(server.name, "token")


def _hits(ctx: Context, fact: Any) -> list[tuple[int, int]]:
    return secret_offsets(ctx.server, fact)


def secret_offsets(server: Server, fact: Any) -> list[tuple[int, int]]:
    """Where the secret stands inside its string value (character offsets)."""
    from mcplint.secrets.detect import scan_args_hits, scan_hits

    where = fact.where
    if where.startswith("env "):
        found = scan_hits(server.env[where[4:]], "env", where[4:])
    elif where.startswith("header "):
        found = scan_hits(server.headers[where[7:]], "header", where[7:])
    elif where == "url":
        found = scan_hits(server.url or "", "url")
    elif where.startswith("argument "):
        index = int(where.split()[1]) - 1
        found = [hit for i, hit in scan_args_hits(server.args) if i == index]
    else:
        return []
    return sorted({(h.start, h.end) for h in found})


def fix_secret(ctx: Context) -> Fix | NoFix:
    fact = _item(ctx.facts["secrets"], ctx.finding)
    if fact is None:
        return NoFix("the secret is no longer where it was found")
    style = ctx.spec.get("style", "none")
    if style == "none":
        why = ctx.spec.get("why", f"mcplint knows no variable syntax {ctx.client} expands")
        return NoFix(why + (f"; instead: {ctx.spec['instead']}" if ctx.spec.get("instead") else ""))
    value = ctx.src.value(fact.pointer)
    hits = _hits(ctx, fact)
    if not isinstance(value, str) or not hits:
        return NoFix("the secret is not a plain string value mcplint can edit")
    name = _secret_name(ctx, fact)
    if style == "env-vars":
        return _codex_secret(ctx, fact, value, hits, name)
    if style == "input":
        ident = name.lower().replace("_", "-")
        ref = ctx.spec["template"].replace("{name}", ident)
        container = ctx.server.pointer[:-2] + ("inputs",)
        entry = {"type": "promptString", "id": ident, "description": f"{fact.where} of {ctx.server.name}",
                 "password": True}
        note = f"VS Code prompts for input {ident!r} on the server's next start"
        fix = Fix(f"{fact.where}: literal secret -> {ref}", appends=[(container, entry)], notes=[note])
    else:
        ref = ctx.spec["template"].replace("{name}", name)
        fix = Fix(f"{fact.where}: literal secret -> {ref}", notes=[f"set {name} in the environment"])
    new = value
    for start, end in reversed(hits):
        new = new[:start] + ref + new[end:]
    fix.edits.append(replace_string(ctx.src, fact.pointer, new))
    return fix


def _codex_secret(ctx: Context, fact: Any, value: str, hits: list[tuple[int, int]], name: str) -> Fix | NoFix:
    """Codex expands nothing: the literal leaves the file and Codex forwards a named variable."""
    server, where = ctx.server, fact.where
    whole = hits == [(len(value) - len(value.lstrip()), len(value.rstrip()))]
    if where.startswith("env ") and whole:
        key = where[4:]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            return NoFix(f"env key {key!r} is no variable name Codex can forward")
        return Fix(f"env {key}: literal secret -> env_vars = [\"{key}\"]",
                   edits=remove_key(ctx.src, fact.pointer[:-1], key),
                   appends=[(server.pointer + ("env_vars",), key)], notes=[f"set {key} in the environment Codex starts in"])
    if where.startswith("header "):
        header = where[7:]
        bearer = header.lower() == "authorization" and value[: hits[0][0]].strip().lower() == "bearer" and \
            hits[-1][1] == len(value.rstrip())
        raw = server.raw
        if bearer and "bearer_token_env_var" not in raw:
            return Fix(f"header {header}: literal token -> bearer_token_env_var = \"{name}\"",
                       edits=remove_key(ctx.src, fact.pointer[:-1], header)
                       + [add_key(ctx.src, server.pointer, "bearer_token_env_var", name)],
                       notes=[f"set {name} in the environment Codex starts in"])
        if whole and "env_http_headers" not in raw:
            return Fix(f"header {header}: literal secret -> env_http_headers",
                       edits=remove_key(ctx.src, fact.pointer[:-1], header)
                       + [add_key(ctx.src, server.pointer, "env_http_headers", {header: name})],
                       notes=[f"set {name} in the environment Codex starts in"])
    return NoFix("Codex expands no variables in args, URLs or partial values: have the server read the secret "
                 "from an environment variable forwarded with env_vars")


# -- TLS, approval --------------------------------------------------------------------------

def fix_tls(ctx: Context) -> Fix | NoFix:
    item = _item(ctx.facts["insecure_tls"], ctx.finding)
    if item is None:
        return NoFix("the setting is no longer where it was found")
    pointer = item.pointer
    if pointer[: len(ctx.server.pointer)] != ctx.server.pointer:
        return NoFix("the setting comes from another file (an env file)")
    container = pointer[:-1]
    if isinstance(pointer[-1], int):
        edits = remove_item(ctx.src, container, pointer[-1])
        if " " in item.setting and not ctx.server.args[pointer[-1]].count("="):  # ``--flag value``: both go
            if ctx.src.flow(container):
                edits = _remove_run(ctx.src, container, pointer[-1], 2)
            else:
                edits += remove_item(ctx.src, container, pointer[-1] + 1)
        return Fix(f"removed {item.setting}", edits=edits)
    return Fix(f"removed {item.setting}", edits=remove_key(ctx.src, container, str(pointer[-1])))


def _remove_run(src: Source, container: Pointer, index: int, count: int) -> list[Edit]:
    """Remove ``count`` neighbouring items of a bracketed list as one edit."""
    start, _ = src.value_range(container + (index,))
    _, end = src.value_range(container + (index + count - 1,))
    return flow_remove(src, start, end)


def fix_approval(ctx: Context) -> Fix | NoFix:
    item = _item(ctx.facts["approval"], ctx.finding)
    if item is None or not isinstance(ctx.src.value(item.pointer), list):
        return NoFix("not an auto-approve list (trust: true is removed by hand)")
    tools = ctx.src.value(item.pointer)
    doomed = [i for i, tool in enumerate(tools) if tool in item.risky or tool == "*"]
    if not doomed:
        return NoFix("no tool in the list says it changes something", quiet=True)
    first = doomed[0]  # one at a time: the next pass removes the next (spans stay exact)
    return Fix(f"{item.source}: removed {tools[first]!r}", edits=remove_item(ctx.src, item.pointer, first))


# -- unsafe ---------------------------------------------------------------------------------

def fix_plaintext(ctx: Context) -> Fix | NoFix:
    item = _item(ctx.facts["transport"].endpoints, ctx.finding)
    if item is None or item.scheme != "http" or item.loopback or item.private:
        return NoFix("only http:// to a remote host is switched to https://")
    value = ctx.src.value(item.pointer)
    if not isinstance(value, str) or "http://" not in value:
        return NoFix("the URL is not a plain string value")
    return Fix(f"{item.where}: http:// -> https://", edits=[replace_string(ctx.src, item.pointer, value.replace("http://", "https://", 1))],
               notes=["check that the server answers on https://"])


def fix_pin(ctx: Context) -> Fix | NoFix:
    package = ctx.facts["package"]
    item = None
    for candidate in package.fetched if package else ():
        if pointer_str(candidate.pointer) == ctx.finding.pointer and candidate.unpinned:
            item = candidate
    if item is None:
        return NoFix("the package is no longer where it was found")
    from mcplint.fix.locks import lookup

    version = ctx.pins.get(f"{item.ecosystem}:{item.name}") or ctx.pins.get(item.name) or \
        lookup(ctx.locks, item.ecosystem, item.name)
    if not version:
        return NoFix(f"no version named (--pin {item.name}@VERSION) and none in a lock file: mcplint does not guess")
    if item.ecosystem not in ("npm", "pypi") or item.source != "registry":
        return NoFix(f"pinning {item.ecosystem} packages from {item.source} is not automated")
    value = ctx.src.value(item.pointer)
    if not isinstance(value, str) or item.spec not in value:
        return NoFix("the package argument is not a plain string")
    # uvx takes ``pkg@version`` for the tool it runs; ``--with`` and pip-style runners take ``==``
    at = item.ecosystem == "npm" or (item.runner == "uvx" and item is package)
    pinned = f"{item.name}@{version}" if at else f"{item.name}=={version}"
    return Fix(f"{item.name} pinned to {version}", edits=[replace_string(ctx.src, item.pointer, value.replace(item.spec, pinned, 1))])


def fix_root(ctx: Context) -> Fix | NoFix:
    item = _item(ctx.facts["filesystem"].all_roots, ctx.finding)
    if item is None or item.mount:
        return NoFix("only filesystem-server roots are rewritten, not container mounts")
    if "vscode-paths" not in ctx.variables:
        return NoFix(f"{ctx.client} has no variable for the workspace folder: name the project folder by hand")
    if item.path.rstrip("/") not in ("", "~", "$HOME", "${HOME}", "${userHome}") or ctx.src.value(item.pointer) != item.path:
        return NoFix("only / and ~ are rewritten")
    return Fix(f"root {item.path} -> ${{workspaceFolder}}", edits=[replace_string(ctx.src, item.pointer, "${workspaceFolder}")])


def fix_read_only(ctx: Context) -> Fix | NoFix:
    from mcplint.facts.common import match_setting

    database = ctx.facts["database"]
    known = ctx.facts["known"]
    spec = (known.read_only if known is not None else None) or {}
    server = ctx.server
    if not database.is_database or database.read_only or spec.get("escape") or spec.get("default"):
        return NoFix("no documented read-only setting")
    if known.writes_when and match_setting(known.writes_when, ctx.facts["_context"]):
        return NoFix("a setting turns writing on: remove it by hand")
    args_at = server.paths.get("args")
    if server.transport == "stdio" and args_at is not None and (spec.get("flags") or spec.get("flag_values")):
        flag = spec["flags"][0] if spec.get("flags") else "{}={}".format(*next(iter((k, v[0]) for k, v in spec["flag_values"].items())))
        return Fix(f"added {flag}", appends=[(args_at, flag)], notes=["the server now refuses writes"])
    if spec.get("env") and server.transport == "stdio":
        var, values = next(iter(spec["env"].items()))
        env_at = server.paths.get("env")
        if env_at is None or values == ["*"]:
            return NoFix("no env block to add the read-only variable to")
        return Fix(f"added env {var}={values[0]}", edits=[add_key(ctx.src, env_at, var, values[0])])
    if spec.get("url_query") and server.url and server.paths.get("url"):
        param, values = next(iter(spec["url_query"].items()))
        joined = server.url + ("&" if "?" in server.url else "?") + f"{param}={values[0]}"
        return Fix(f"url: added ?{param}={values[0]}", edits=[replace_string(ctx.src, server.paths["url"], joined)],
                   notes=["the server now refuses writes"])
    return NoFix("no documented read-only setting for this transport")


FIXERS: dict[str, Callable[[Context], Fix | NoFix]] = {
    "MCP101": fix_secret,
    "MCP102": fix_secret,
    "MCP203": fix_tls,
    "MCP601": fix_approval,
    "MCP201": fix_plaintext,
    "MCP501": fix_pin,
    "MCP301": fix_root,
    "MCP401": fix_read_only,
}
"""Rule id -> fixer. Whether a fix is safe is rule data (``fixable:`` in the rule's YAML)."""


def run(fixer: Callable[[Context], Fix | NoFix], ctx: Context) -> Fix | NoFix:
    try:
        return fixer(ctx)
    except FixUnavailable as exc:
        return NoFix(str(exc))
    except (KeyError, IndexError, TypeError, ValueError):
        return NoFix("the entry's layout is one mcplint does not edit")
