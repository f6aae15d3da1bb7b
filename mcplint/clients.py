"""Catalog of known MCP clients and the discovery functions built on it.

The catalog itself is data: ``mcplint/data/clients.json`` (one object per client, loaded
once).  This module validates it, expands its path patterns, and answers three questions:

* which client does a file found in a repository belong to (:func:`match_project_path`);
* which user-level / system-wide configs exist on a machine or under a home directory
  (:func:`user_locations`, :func:`system_locations`, :func:`searched_locations`);
* which placeholder syntaxes a client expands (:data:`VARIABLE_SYNTAXES`, ``Client.variables``,
  :func:`find_placeholders`).

It also holds what the later stages need to know of each client, so that knowledge is data in
one file (read once per run) and not tables in code: where a client keeps servers
(``servers_keys``, ``flat``; :func:`containers` for an unknown client) and which top-level key
gives a client away (:func:`content_keys`), the transport names (:func:`transports`) and a bare
URL's transport (``url_transports``) for normalize.py; the entry schemas, ``layered`` and
``servers_as_list`` for the schema fact (MCP002); the secret reference (``secret_ref``) for
the fixers. :func:`parse_catalog` checks all of it at load time.

Pattern language (user and system patterns, forward slashes only)
-----------------------------------------------------------------
The first segment is a base token:

``~``                     the home directory (``%USERPROFILE%`` is the same on Windows)
``%APPDATA%`` / ``$APPDATA`` ...
                          an environment variable; when the caller's ``env`` gives it an
                          absolute value that is used, otherwise its default from
                          ``env_defaults`` in the JSON (``XDG_CONFIG_HOME`` -> ``~/.config``,
                          ``APPDATA`` -> ``~/AppData/Roaming`` ...).  Variables whose default is
                          ``null`` (e.g. ``$OPENCODE_CONFIG``) are only looked at when set.
``${VAR:-default}``       same, with an inline default (``${CLAUDE_CONFIG_DIR:-~}/.claude.json``)
``{macro}``               one pattern per entry of the named macro for that OS (the VS Code-family
                          user-data directories, for example)
``/``, ``C:/``, ``%ProgramData%``, ``%ProgramFiles%``
                          system patterns only; mapped below the ``root`` given to
                          :func:`system_locations`

The other segments are literal names or ``fnmatch`` globs confined to one segment (``*.json``,
``Claude_*``); a single ``**`` segment per pattern matches zero or more directories, at most
:data:`MAX_RECURSIVE_DEPTH` levels deep, never following symlinked directories and skipping
dependency/VCS trees.  Nothing here raises on missing or unreadable directories, and nothing
opens a network connection.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.record import Frozen

__all__ = [
    "Catalog",
    "Client",
    "Location",
    "VARIABLE_SYNTAXES",
    "FORMATS",
    "OS_NAMES",
    "all_clients",
    "containers",
    "content_keys",
    "transports",
    "TRANSPORT_KINDS",
    "get",
    "candidates",
    "match_project_path",
    "user_locations",
    "searched_locations",
    "system_locations",
    "system_path",
    "current_os",
    "format_for",
    "strict_json_client",
    "find_placeholders",
    "catalog_problems",
    "parse_catalog",
    "pattern_problem",
    "MAX_RECURSIVE_DEPTH",
]

OS_NAMES: tuple[str, ...] = ("linux", "darwin", "windows")
FORMATS: frozenset[str] = frozenset({"json", "jsonc", "yaml", "toml"})

#: How deep a ``**`` segment may descend below the directory it starts from.
MAX_RECURSIVE_DEPTH = 6
#: Upper bound on directories visited by one ``**`` expansion (a safety net, not a tuning knob).
MAX_RECURSIVE_DIRS = 5000
#: Directory names a ``**`` walk never enters.
_SKIP_DIRS = frozenset({"node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox"})

# ---------------------------------------------------------------------------------------------
# Variable syntaxes
# ---------------------------------------------------------------------------------------------

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_VSCODE_PATH_VARS = (
    r"workspaceFolder(?::[^}]+)?|workspaceFolderBasename|workspaceRoot|userHome|pathSeparator|/|cwd"
)

# Insertion order = priority used by find_placeholders(): specific syntaxes before the generic
# ones they overlap with (``${workspaceFolder}`` is vscode-paths, not dollar-brace).
VARIABLE_SYNTAXES: Mapping[str, Any] = MappingProxyType(
    {
        # ${{ secrets.NAME }} / ${{ inputs.NAME }}
        "continue": lazy_compile(r"\$\{\{\s*(?:secrets|inputs)\.[A-Za-z0-9_.\-]+\s*\}\}"),
        # ${env:NAME}
        "env-colon": lazy_compile(r"\$\{env:[^}\s]+\}"),
        # ${input:id}
        "input": lazy_compile(r"\$\{input:[^}\s]+\}"),
        # ${file:/path}
        "file-colon": lazy_compile(r"\$\{file:[^}]+\}"),
        # ${workspaceFolder}, ${userHome}, ${pathSeparator}, ${/}, ${cwd}, ...
        "vscode-paths": lazy_compile(r"\$\{(?:" + _VSCODE_PATH_VARS + r")\}"),
        # ${CLAUDE_PLUGIN_ROOT}, ${extensionPath}, ${workspacePath}
        "plugin-root": lazy_compile(r"\$\{(?:CLAUDE_PLUGIN_ROOT|extensionPath|workspacePath)\}"),
        # ${VAR:-default}
        "dollar-brace-default": lazy_compile(r"\$\{" + _NAME + r":-[^}]*\}"),
        # ${VAR}
        "dollar-brace": lazy_compile(r"\$\{" + _NAME + r"\}"),
        # $(command)
        "shell": lazy_compile(r"\$\([^()]*\)"),
        # {env:VAR} / {file:path} without a leading $
        "brace-env": lazy_compile(r"(?<![$\w{])\{(?:env|file):[^{}\s]+\}"),
        # $VAR (not preceded by a word character, $ or backslash)
        "dollar": lazy_compile(r"(?<![\w$\\])\$" + _NAME),
        # %VAR% (no client known to expand it; kept for detection)
        "percent": lazy_compile(r"%" + _NAME + r"%"),
    }
)

_PLACEHOLDER_CHARS = frozenset("${%")
"""Every syntax above contains one of these characters."""


def find_placeholders(text: str) -> list[tuple[str, str, int, int]]:
    """Placeholders in ``text`` as ``(syntax_id, matched_text, start, end)``, sorted by start.

    Overlaps are resolved by :data:`VARIABLE_SYNTAXES` order, so each span gets its most
    specific syntax: ``${env:X}`` is ``env-colon`` (never ``dollar``), ``${workspaceFolder}``
    is ``vscode-paths``, ``${CLAUDE_PLUGIN_ROOT}`` is ``plugin-root``.
    """
    found: list[tuple[str, str, int, int]] = []
    if not _PLACEHOLDER_CHARS.intersection(text):  # every syntax needs one: most values have none
        return found
    taken: list[tuple[int, int]] = []
    for syntax_id, rx in VARIABLE_SYNTAXES.items():
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append((syntax_id, m.group(0), s, e))
    found.sort(key=lambda t: t[2])
    return found


# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------


class Client(Frozen):
    id: str
    name: str
    format: str
    servers_keys: tuple[tuple[str, ...], ...]
    flat: bool
    variables: frozenset[str]
    project_paths: tuple[str, ...]
    user_paths: Mapping[str, tuple[str, ...]]
    system_paths: Mapping[str, tuple[str, ...]]
    source: str = ""
    confidence: str = ""
    notes: str = ""
    url_transports: Mapping[str, str] = MappingProxyType({})
    """Transport of an entry with a URL and no type, by the URL's key, where the client's
    default is not HTTP (Cline: ``url`` is SSE; Gemini CLI: ``url`` SSE, ``httpUrl`` HTTP)."""
    entry_schemas: Mapping[str, str] = MappingProxyType({})
    """Which entry schema (data/schemas/NAME.json) checks its servers, by the container's first
    key, ``*`` for any other, ``list`` for a list of entries (empty: the default schema)."""
    layered: bool = False
    """Merges its config files key by key (Codex): an entry may lack a command or URL."""
    servers_as_list: bool = False
    """Its servers key may hold a list of entries, not only a map (Continue, Augment)."""
    secret_ref: Mapping[str, Any] = MappingProxyType({"style": "none"})
    """How a value references a secret the client expands (the fixers' replacement)."""

    def _identity(self) -> tuple[Any, ...]:
        """What tells two clients apart (the path tables are mappings: unhashable, and derived)."""
        return self[:7]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Client) and self._identity() == other._identity()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._identity())


class Location(Frozen):
    client: Client
    path: Path
    scope: str  # "user" | "system"
    format: str


def format_for(client: Client, path: str | os.PathLike[str]) -> str:
    """Parser format for one of ``client``'s files, from its suffix.

    A client has one main format but some of its files differ (Codex plugin ``.mcp.json``,
    Continue's legacy ``config.json``); ``.json`` keeps the client's json/jsonc flavour.
    """
    name = os.fspath(path).rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    if name.endswith(".toml"):
        return "toml"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".jsonc"):
        return "jsonc"
    return client.format if client.format in ("json", "jsonc") else "json"


def strict_json_client(client_id: str, path: str) -> Client | None:
    """The catalog's client when it reads the ``.json`` file at ``path`` as strict JSON (no
    comments, no trailing commas: MCP004, and no inline ignore is honoured there), else None."""
    client = _by_id().get(client_id)
    if client is None:
        return None
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not name.endswith(".json") or format_for(client, path) != "json":
        return None
    return client


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------

_ENV_TOKEN = lazy_compile(r"^\$\{(?P<b>" + _NAME + r")(?::-(?P<d>[^}]*))?\}$|^\$(?P<s>" + _NAME + r")$")
_PCT_TOKEN = lazy_compile(r"^%(?P<p>" + _NAME + r")%$")
_MACRO_TOKEN = lazy_compile(r"^\{(?P<m>[a-z0-9-]+)\}$")
_DRIVE = lazy_compile(r"^[A-Za-z]:$")
_GLOB_CHARS = frozenset("*?[")
# %VAR% names that are not environment lookups but fixed places.
_USERPROFILE = "USERPROFILE"
_SYSTEM_PCT = {"PROGRAMDATA": "ProgramData", "PROGRAMFILES": "Program Files", "PROGRAMW6432": "Program Files"}


def _split_head(pattern: str) -> tuple[str, list[str]]:
    """First segment (a ``${VAR:-~/x}`` token may contain slashes) and the remaining segments."""
    if pattern.startswith("${"):
        end = pattern.find("}")
        if end != -1:
            head, rest = pattern[: end + 1], pattern[end + 1 :]
            if rest and not rest.startswith("/"):
                return pattern, []  # reported as a bad base by pattern_problem
            return head, rest[1:].split("/") if rest else []
    head, *segs = pattern.split("/")
    return head, segs


def _data_text() -> str:
    from mcplint import data

    return data.read_text("clients.json")


TRANSPORT_KINDS = frozenset({"stdio", "sse", "http", "ws"})
"""The transports a server record names (``Server.transport``, besides an unknown type as written)."""


class Catalog(Frozen):
    """The client catalog, checked (:func:`parse_catalog`)."""

    clients: tuple[Client, ...]
    env_defaults: Mapping[str, str | None]
    macros: Mapping[str, Mapping[str, tuple[str, ...]]]
    containers: tuple[tuple[str, ...], ...]
    """Where servers may live in a file whose client is unknown, in the order tried."""
    content_keys: tuple[tuple[str, str], ...]
    """(top-level key, client id) that gives a file's client away, in the order tried."""
    transports: Mapping[str, str]
    """Transport name as the clients write it -> the transport it means."""


@functools.cache
def _catalog() -> Catalog:
    return parse_catalog(json.loads(_data_text()))


def _section(raw: Mapping[str, Any], name: str, key: str) -> Any:
    """``raw[name][key]``, a documented top-level section of the catalog (it has an ``about``)."""
    section = raw.get(name)
    if not isinstance(section, dict) or key not in section:
        raise ValueError(f"clients.json: no {name}.{key}")
    return section[key]


def parse_catalog(raw: Mapping[str, Any]) -> Catalog:
    """The catalog a parsed ``clients.json`` holds, checked (ValueError naming the first problem).

    Cheap structural checks only, for it runs on every scan; the path patterns' full check is
    :func:`catalog_problems`."""
    env_defaults: dict[str, str | None] = dict(raw.get("env_defaults", {}))
    macros: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, per_os in raw.get("macros", {}).items():
        _check_os_keys(per_os, f"macro {name!r}")
        macros[name] = {os_: tuple(v) for os_, v in per_os.items()}
    clients: list[Client] = []
    seen: set[str] = set()
    for obj in raw["clients"]:
        client = _build_client(obj, macros)
        if client.id in seen:
            raise ValueError(f"clients.json: duplicate client id {client.id!r}")
        seen.add(client.id)
        clients.append(client)
    containers = _section(raw, "containers", "paths")
    if not _key_lists(containers):
        raise ValueError("clients.json: containers.paths must be a non-empty list of non-empty key lists")
    content_keys = _section(raw, "content_keys", "keys")
    if not isinstance(content_keys, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str) and pair[1] in seen
            for pair in content_keys):
        raise ValueError("clients.json: content_keys.keys must be [key, client id] pairs of catalogued clients")
    transports = _transport_table(_section(raw, "transports", "names"), "transports.names")
    return Catalog(tuple(clients), MappingProxyType(env_defaults), MappingProxyType(macros),
                    tuple(tuple(k) for k in containers), tuple((k, c) for k, c in content_keys), transports)


def _key_lists(value: object) -> bool:
    """A non-empty list of non-empty lists of non-empty strings (container paths)."""
    return isinstance(value, list) and bool(value) and all(
        isinstance(k, list) and k and all(isinstance(s, str) and s for s in k) for k in value)


def _transport_table(value: object, where: str) -> Mapping[str, str]:
    """A name -> transport table, checked: every transport one a server record names."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and v in TRANSPORT_KINDS for k, v in value.items()):
        raise ValueError(f"clients.json: {where} must map names to one of {sorted(TRANSPORT_KINDS)}")
    return MappingProxyType(dict(value))


def _check_os_keys(per_os: Mapping[str, object], where: str) -> None:
    bad = set(per_os) - set(OS_NAMES)
    if bad:
        raise ValueError(f"clients.json: {where}: unknown OS key(s) {sorted(bad)}; use {list(OS_NAMES)}")


def _expand_macros(patterns: list[str], os_name: str, macros: Mapping[str, Mapping[str, tuple[str, ...]]], where: str) -> tuple[str, ...]:
    out: list[str] = []
    for pat in patterns:
        head, _, rest = pat.partition("/")
        m = _MACRO_TOKEN.match(head)
        if not m:
            out.append(pat)
            continue
        name = m.group("m")
        if name not in macros:
            raise ValueError(f"clients.json: {where}: unknown macro {{{name}}} in {pat!r}")
        for base in macros[name].get(os_name, ()):
            out.append(f"{base}/{rest}" if rest else base)
    # keep order, drop repeats
    return tuple(dict.fromkeys(out))


def _build_client(obj: Mapping[str, object], macros: Mapping[str, Mapping[str, tuple[str, ...]]]) -> Client:
    cid = obj.get("id")
    if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cid):
        raise ValueError(f"clients.json: client id {cid!r} is not kebab-case")
    where = f"client {cid!r}"
    fmt = obj.get("format")
    if fmt not in FORMATS:
        raise ValueError(f"clients.json: {where}: format {fmt!r} not in {sorted(FORMATS)}")
    variables = frozenset(obj.get("variables", []))  # type: ignore[arg-type]
    unknown = variables - set(VARIABLE_SYNTAXES)
    if unknown:
        raise ValueError(f"clients.json: {where}: unknown variable syntax id(s) {sorted(unknown)}")
    keys = obj.get("servers_keys", [])
    if not _key_lists(keys):
        raise ValueError(f"clients.json: {where}: servers_keys must be a non-empty list of non-empty key lists")
    schemas = obj.get("entry_schemas", {})
    if not isinstance(schemas, dict) or not all(isinstance(k, str) and isinstance(v, str) and v
                                                for k, v in schemas.items()):
        raise ValueError(f"clients.json: {where}: entry_schemas must map container keys to schema names")
    secret_ref = obj.get("secret_ref") or {"style": "none"}
    if not isinstance(secret_ref, dict) or not isinstance(secret_ref.get("style"), str):
        raise ValueError(f"clients.json: {where}: secret_ref must be an object with a style")
    for flag in ("flat", "layered", "servers_as_list"):
        if not isinstance(obj.get(flag, False), bool):
            raise ValueError(f"clients.json: {where}: {flag} must be true or false")

    def per_os(name: str) -> Mapping[str, tuple[str, ...]]:
        value = obj.get(name, {}) or {}
        if not isinstance(value, dict):
            raise ValueError(f"clients.json: {where}: {name} must be an object keyed by OS")
        _check_os_keys(value, f"{where} {name}")
        return MappingProxyType(
            {os_: _expand_macros(list(value.get(os_, [])), os_, macros, where) for os_ in OS_NAMES}
        )

    return Client(
        id=cid,
        name=str(obj.get("name", cid)),
        format=str(fmt),
        servers_keys=tuple(tuple(k) for k in keys),
        flat=bool(obj.get("flat", False)),
        variables=variables,
        project_paths=tuple(obj.get("project_paths", [])),  # type: ignore[arg-type]
        user_paths=per_os("user_paths"),
        system_paths=per_os("system_paths"),
        source=str(obj.get("source", "")),
        confidence=str(obj.get("confidence", "")),
        notes=str(obj.get("notes", "")),
        url_transports=_transport_table(obj.get("url_transports", {}), f"{where} url_transports"),
        entry_schemas=MappingProxyType(dict(schemas)),
        layered=bool(obj.get("layered", False)),
        servers_as_list=bool(obj.get("servers_as_list", False)),
        secret_ref=MappingProxyType(dict(secret_ref)),
    )


def catalog_problems() -> list[str]:
    """Every well-formedness problem in the loaded catalog's path patterns (empty when sound).

    Cheap structural checks (ids, formats, variable ids, OS keys, macros) already run at load
    time; this full pattern check is kept off the load path and run by the test-suite.
    """
    catalog = _catalog()
    clients, env_defaults = catalog.clients, catalog.env_defaults
    problems: list[str] = []
    owner: dict[str, str] = {}
    for c in clients:
        for pat in c.project_paths:
            problem = pattern_problem(pat, "project", env_defaults)
            if problem:
                problems.append(f"client {c.id!r}: project pattern {pat!r}: {problem}")
            if pat in owner:
                problems.append(f"project pattern {pat!r} claimed by both {owner[pat]!r} and {c.id!r}")
            owner.setdefault(pat, c.id)
        for scope, table in (("user", c.user_paths), ("system", c.system_paths)):
            for os_, pats in table.items():
                for pat in pats:
                    problem = pattern_problem(pat, scope, env_defaults)
                    if problem:
                        problems.append(f"client {c.id!r}: {scope} pattern {pat!r} ({os_}): {problem}")
    return problems


def pattern_problem(pattern: str, scope: str, env_defaults: Mapping[str, str | None] | None = None) -> str | None:
    """Why ``pattern`` is malformed for ``scope`` ("project" | "user" | "system"), or None."""
    if env_defaults is None:
        env_defaults = _catalog().env_defaults
    if not pattern or "\\" in pattern:
        return "empty or contains a backslash"
    if scope == "project":
        if pattern.startswith("/") or _DRIVE.match(pattern.split("/", 1)[0]):
            return "project patterns are relative"
        segs = pattern.split("/")
        head_ok = True
    else:
        if scope == "system" and pattern.startswith("/"):
            segs = pattern[1:].split("/")
            head_ok = True
        else:
            head, segs = _split_head(pattern)
            head_ok = False
            if scope == "system":
                pm = _PCT_TOKEN.match(head)
                if _DRIVE.match(head) or (pm and pm.group("p").upper() in _SYSTEM_PCT):
                    head_ok = True
            else:
                if head == "~":
                    head_ok = True
                elif (pm := _PCT_TOKEN.match(head)) is not None:
                    var = pm.group("p")
                    head_ok = var.upper() == _USERPROFILE or var in env_defaults
                elif (em := _ENV_TOKEN.match(head)) is not None:
                    var = em.group("b") or em.group("s")
                    dflt = em.group("d")
                    if dflt is not None:
                        head_ok = dflt == "~" or dflt.startswith("~/")
                    else:
                        head_ok = var in env_defaults
            if not head_ok:
                return f"base {head!r} is not a known token for {scope} patterns"
    if any(s in ("", ".", "..") for s in segs):
        return "empty, '.' or '..' segment"
    if sum(s == "**" for s in segs) > 1:
        return "more than one '**' segment"
    if any("**" in s and s != "**" for s in segs):
        return "'**' must be a whole segment"
    if scope == "project" and "**" in segs:
        return "'**' is not allowed in project patterns"
    if segs and segs[-1] == "**":
        return "pattern cannot end with '**'"
    return None


def all_clients() -> tuple[Client, ...]:
    """Every catalogued client, in catalog order (loaded once)."""
    return _catalog().clients


def containers() -> tuple[tuple[str, ...], ...]:
    """Where servers may live in a file whose client is unknown: every container path known
    (``*`` = any key), in the order tried."""
    return _catalog().containers


def content_keys() -> tuple[tuple[str, str], ...]:
    """(top-level key, client id) that gives a file's client away when its path does not, in order."""
    return _catalog().content_keys


def transports() -> Mapping[str, str]:
    """Every transport name the clients write in an entry's type (lower case) -> the transport it means."""
    return _catalog().transports


@functools.cache
def _by_id() -> Mapping[str, Client]:
    return MappingProxyType({c.id: c for c in all_clients()})


def get(client_id: str) -> Client:
    """The client with this id; KeyError listing the known ids otherwise."""
    try:
        return _by_id()[client_id]
    except KeyError:
        known = ", ".join(sorted(_by_id()))
        raise KeyError(f"unknown MCP client id {client_id!r}; known ids: {known}") from None


def current_os() -> str:
    """"linux" | "darwin" | "windows" for the running interpreter (other Unixes count as linux)."""
    if sys.platform.startswith(("win", "cygwin", "msys")):
        return "windows"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


# ---------------------------------------------------------------------------------------------
# Project files
# ---------------------------------------------------------------------------------------------


def _has_magic(segment: str) -> bool:
    return not _GLOB_CHARS.isdisjoint(segment)


@functools.cache
def _project_patterns() -> tuple[tuple[tuple[str, ...], Client], ...]:
    """(pattern segments, client) of every project pattern, the most specific first."""
    entries: list[tuple[tuple[int, int, int], tuple[str, ...], Client]] = []
    order = 0
    for c in all_clients():
        for pat in c.project_paths:
            segs = tuple(pat.split("/"))
            literal = sum(len(s) - sum(ch in _GLOB_CHARS for ch in s) for s in segs)
            # longest (most segments) first, then most literal characters, then catalog order
            entries.append(((-len(segs), -literal, order), segs, c))
            order += 1
    entries.sort(key=lambda e: e[0])
    return tuple((segs, c) for _, segs, c in entries)


@functools.cache
def _by_file_name() -> tuple[dict[str, list[int]], list[tuple[int, str]]]:
    """Indexes into ``_project_patterns``: by literal last segment, and the glob last segments."""
    literal: dict[str, list[int]] = {}
    globs: list[tuple[int, str]] = []
    for index, (segs, _) in enumerate(_project_patterns()):
        if _has_magic(segs[-1]):
            globs.append((index, segs[-1]))
        else:
            literal.setdefault(segs[-1], []).append(index)
    return literal, globs


@functools.lru_cache(maxsize=4096)
def candidates(name: str) -> tuple[tuple[tuple[str, ...], Client], ...]:
    """The project patterns a file named ``name`` may match, the most specific first: (their
    folder segments, client). Empty for most names, which is what a directory walk asks first."""
    literal, globs = _by_file_name()
    indexes = sorted([*literal.get(name, ()), *(i for i, glob in globs if fnmatch.fnmatchcase(name, glob))])
    patterns = _project_patterns()
    return tuple((segs[:-1], client) for segs, client in (patterns[i] for i in indexes))


def _segment_matches(name: str, pattern: str) -> bool:
    """``fnmatchcase`` of one path segment; a literal pattern is compared, not compiled."""
    return fnmatch.fnmatchcase(name, pattern) if _has_magic(pattern) else name == pattern


def match_project_path(relpath: str) -> Client | None:
    """Client whose project pattern matches the END of a POSIX relative path
    ("sub/dir/.vscode/mcp.json" -> vscode; ".mcp.json" -> claude-code); the most specific
    (longest) pattern wins. None when no pattern matches.

    Matching is by file path only: ``.vscode/settings.json`` or ``.devcontainer/devcontainer.json``
    match vscode whether or not they hold an MCP block; the loader decides that.
    """
    parts = [p for p in relpath.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        return None
    folders = parts[:-1]
    for segs, client in candidates(parts[-1]):
        n = len(segs)
        if n <= len(folders) and all(map(_segment_matches, folders[len(folders) - n:], segs)):
            return client
    return None


# ---------------------------------------------------------------------------------------------
# User / system locations
# ---------------------------------------------------------------------------------------------


def _env_lookup(env: Mapping[str, str], name: str, os_name: str) -> str | None:
    value = env.get(name)
    if value is None and os_name == "windows":
        upper = name.upper()
        for k, v in env.items():
            if k.upper() == upper:
                value = v
                break
    return value or None


def _resolve_env_dir(value: str, home: Path) -> Path | None:
    """An environment value usable as a base directory: absolute after ``~`` expansion."""
    if value == "~" or value.startswith(("~/", "~\\")):
        return home / value[2:] if len(value) > 1 else home
    p = Path(value)
    return p if p.is_absolute() else None


def _user_base(head: str, os_name: str, home: Path, env: Mapping[str, str]) -> Path | None:
    """Base directory for a user pattern's first segment; None when it does not apply."""
    env_defaults = _catalog().env_defaults
    if head == "~":
        return home
    pm = _PCT_TOKEN.match(head)
    if pm is not None:
        var = pm.group("p")
        if var.upper() == _USERPROFILE:
            return home
        inline_default = None
    else:
        em = _ENV_TOKEN.match(head)
        if em is None:
            raise ValueError(f"bad user pattern base {head!r}")
        var = em.group("b") or em.group("s")
        inline_default = em.group("d")
    value = _env_lookup(env, var, os_name)
    if value is not None:
        resolved = _resolve_env_dir(value, home)
        if resolved is not None:
            return resolved
    default = inline_default if inline_default is not None else env_defaults.get(var)
    if default is None:
        return None
    return _resolve_env_dir(default, home)


def _join(base: Path, segs: list[str]) -> Path:
    return base.joinpath(*segs) if segs else base


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _listdir(path: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


def _is_dir_entry(entry: os.DirEntry[str], follow: bool = True) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:
        return False


def _recursive_dirs(base: Path) -> Iterator[Path]:
    """``base`` and its subdirectories down to MAX_RECURSIVE_DEPTH, breadth first, sorted."""
    frontier = [base]
    visited = 0
    for depth in range(MAX_RECURSIVE_DEPTH + 1):
        nxt: list[Path] = []
        for d in frontier:
            yield d
            visited += 1
            if visited >= MAX_RECURSIVE_DIRS:
                return
            if depth == MAX_RECURSIVE_DEPTH:
                continue
            for entry in _listdir(d):
                if entry.name in _SKIP_DIRS:
                    continue
                if _is_dir_entry(entry, follow=False):  # never follow symlinked directories
                    nxt.append(Path(entry.path))
        frontier = nxt
        if not frontier:
            return


def _expand(base: Path, segs: list[str]) -> Iterator[Path]:
    """Existing files matching ``segs`` below ``base`` (deterministic order)."""
    for i, seg in enumerate(segs):
        if seg == "**" or _has_magic(seg):
            break
    else:
        path = _join(base, segs)
        if _is_file(path):
            yield path
        return
    prefix = _join(base, segs[:i])
    rest = segs[i + 1 :]
    if seg == "**":
        for d in _recursive_dirs(prefix):
            yield from _expand(d, rest)
        return
    for entry in _listdir(prefix):
        if fnmatch.fnmatchcase(entry.name, seg):
            if rest:
                if _is_dir_entry(entry):
                    yield from _expand(Path(entry.path), rest)
            elif _is_file(Path(entry.path)):
                yield Path(entry.path)


def _user_patterns(os_name: str, home: Path, env: Mapping[str, str]) -> Iterator[tuple[Client, Path, list[str]]]:
    if os_name not in OS_NAMES:
        raise ValueError(f"unknown OS {os_name!r}; expected one of {OS_NAMES}")
    for client in all_clients():
        for pat in client.user_paths.get(os_name, ()):
            head, segs = _split_head(pat)
            base = _user_base(head, os_name, home, env)
            if base is None:
                continue
            yield client, base, segs


def _dedupe_key(path: Path, os_name: str) -> str:
    try:
        key = os.path.realpath(path)
    except (OSError, ValueError):
        key = os.path.abspath(path)
    return key.lower() if os_name == "windows" or os.name == "nt" else key


def user_locations(os_name: str, home: Path, env: Mapping[str, str]) -> list[Location]:
    """Every catalogued user-level config that EXISTS under home for that OS convention (os_name in
    linux|darwin|windows).

    Windows: ``%USERPROFILE%`` and ``~`` are ``home``; ``%APPDATA%`` / ``%LOCALAPPDATA%`` are
    ``home/AppData/Roaming`` / ``home/AppData/Local`` unless ``env`` gives absolute values.  Other
    variables (``XDG_CONFIG_HOME``, ``CLAUDE_CONFIG_DIR``, ``CODEX_HOME``, ``COPILOT_HOME``, ...)
    likewise replace their default only when ``env`` sets them; pass ``{}`` for ``--home`` audits.
    Order is the catalog's (client, then pattern, then sorted glob results); a file reached
    twice (symlink, overlapping pattern) is reported once, for the first client that reached it.
    """
    home = Path(home)
    out: list[Location] = []
    seen: set[str] = set()
    for client, base, segs in _user_patterns(os_name, home, env):
        for path in _expand(base, segs):
            key = _dedupe_key(path, os_name)
            if key in seen:
                continue
            seen.add(key)
            out.append(Location(client=client, path=path, scope="user", format=format_for(client, path)))
    return out


def searched_locations(os_name: str, home: Path, env: Mapping[str, str]) -> list[tuple[Client, str]]:
    """Every pattern looked at (expanded to a path string, globs left in), for `--verbose` when nothing is found."""
    home = Path(home)
    out: list[tuple[Client, str]] = []
    for client, base, segs in _user_patterns(os_name, home, env):
        out.append((client, str(_join(base, segs))))
    return out


def _system_base(head: str, root: Path) -> Path:
    pm = _PCT_TOKEN.match(head)
    if pm is not None:
        return root / _SYSTEM_PCT[pm.group("p").upper()]
    if _DRIVE.match(head):
        return root
    raise ValueError(f"bad system pattern base {head!r}")


def system_path(pattern: str, root: Path) -> str:
    """A system pattern as a path below ``root``, globs left in, as :func:`system_locations` maps
    it (``/`` and ``C:/`` are ``root``, ``%ProgramData%`` is ``root/ProgramData``): the places
    ``--verbose`` lists, the managed-policy files (client_policy.py)."""
    if pattern.startswith("/"):
        base, rest = root, pattern[1:]
    else:
        head, _, rest = pattern.partition("/")
        base = _system_base(head, root)
    return (base / rest).as_posix() if rest else base.as_posix()


def system_locations(os_name: str, root: Path) -> list[Location]:
    """Existing system-wide configs under root ("/" on the live machine; C:/ style patterns map to root/...)."""
    if os_name not in OS_NAMES:
        raise ValueError(f"unknown OS {os_name!r}; expected one of {OS_NAMES}")
    root = Path(root)
    out: list[Location] = []
    seen: set[str] = set()
    for client in all_clients():
        for pat in client.system_paths.get(os_name, ()):
            if pat.startswith("/"):
                base, segs = root, pat[1:].split("/")
            else:
                head, *segs = pat.split("/")
                base = _system_base(head, root)
            for path in _expand(base, segs):
                key = _dedupe_key(path, os_name)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Location(client=client, path=path, scope="system", format=format_for(client, path)))
    return out
