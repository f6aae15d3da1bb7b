"""The MCP clients' own managed policies: read them as data and decide as each client would.

An administrator can make a client itself refuse servers: Claude Code's and Copilot's
``allowedMcpServers`` / ``deniedMcpServers`` (``serverName``, ``serverCommand``, ``serverUrl``),
Codex's ``requirements.toml`` ``[mcp_servers.<id>.identity]``, Gemini CLI's ``mcp.allowed`` /
``mcp.excluded``. mcplint exports its policy to those files (policy_export.py) and reads them back:
this module holds each client's matching rules and the precedence between its policy files, so
``mcplint inventory`` can say what the client will do with every server it found, and the
exporter can check that what it wrote means what mcplint's policy means.

Semantics (docs/policy.md, reference trust-and-policy.md A1-A5), in brief:

* Claude Code: deny first (any matcher of any source blocks); an unset allowlist allows all,
  ``[]`` allows none; once the allowlist holds a ``serverUrl`` entry a remote server must match
  one (``serverName`` no longer admits it), the same for ``serverCommand`` and stdio servers;
  lists merge across sources unless ``allowManagedMcpServersOnly``; ``managed-mcp.json`` present
  means only its servers load.
* Copilot: the same matchers (``serverCommand`` for stdio only, ``serverUrl`` for remote only);
  every layer applies (deny lists union, a server must match every layer's allowlist); a URL or
  command with an unresolved ``${VAR}`` / ``$VAR`` is blocked.
* Codex: a set ``mcp_servers`` table enables a server only when its name is a key and its
  identity (``command`` string, or ``url`` exactly) matches.
* Gemini CLI: non-empty ``allowed`` lists intersect, ``excluded`` lists union, by name only;
  ``allowed: []`` blocks nothing.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from urllib.parse import unquote, urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.model import Pointer, Server
from mcplint.policy_files import kind_of
from mcplint.record import Frozen

DECISIONS = ("allowed", "denied", "unmanaged", "unknown")
"""``unknown``: a policy file of the client exists and cannot be read (never read as "no policy")."""
MATCHER_KINDS = ("serverName", "serverCommand", "serverUrl")
MAX_ENTRIES = 10_000
"""More entries than this in one list is not a policy anyone wrote: the rest are ignored (and linted)."""
MAX_ITEM = 4_096
"""Longest string (a URL, an argument) compared; a longer one never matches."""



# ---------------------------------------------------------------------------------------------
# Where the policies live (data/managed_policies.json)
# ---------------------------------------------------------------------------------------------


class PolicySource(Frozen):
    """One client's managed-policy mechanism, from data/managed_policies.json."""

    id: str
    name: str
    client: str
    """The catalog client id its files are loaded as."""
    applies_to: frozenset[str]
    """The clients whose servers it decides."""
    format: str
    files: Mapping[str, tuple[str, ...]]
    verified: bool


@functools.cache
def sources_table() -> tuple[PolicySource, ...]:
    from mcplint import data

    text = data.read_text("managed_policies.json")
    return tuple(
        PolicySource(p["id"], p["name"], p["client"], frozenset(p["applies_to"]), p["format"],
                     {os_name: tuple(paths) for os_name, paths in p["files"].items()}, p["verified"])
        for p in json.loads(text)["policies"]
    )


def policy_for_client(client: str) -> PolicySource | None:
    """The managed-policy mechanism that decides ``client``'s servers, if any is known."""
    return next((p for p in sources_table() if client in p.applies_to), None)


def system_files(os_name: str, root: Path) -> list[tuple[PolicySource, Path]]:
    """Every managed-policy file of the catalog that exists below ``root`` (sorted drop-ins)."""
    from mcplint.clients import system_path

    found: list[tuple[PolicySource, Path]] = []
    for source in sources_table():
        for pattern in source.files.get(os_name, ()):
            text = system_path(pattern, root)
            if "*" in text:
                base, _, glob = text.rpartition("/")
                try:
                    matches = sorted(Path(base).glob(glob))
                except OSError:
                    matches = []
                found.extend((source, m) for m in matches if not m.name.startswith(".") and m.is_file())
            elif Path(text).is_file():
                found.append((source, Path(text)))
    return found


# ---------------------------------------------------------------------------------------------
# Matchers (Claude Code and Copilot)
# ---------------------------------------------------------------------------------------------

DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


class CanonicalUrl(Frozen):
    scheme: str
    authority: str
    """``host`` or ``host:port``: lower-case, no trailing dot, no default port, no user info."""
    path: str
    """Path and query, as written (case-sensitive); ``/`` when empty."""


def canonical_url(url: str) -> CanonicalUrl | None:
    """The URL as the clients compare it; None when it has no scheme and host."""
    if not isinstance(url, str) or len(url) > MAX_ITEM:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    host = unquote(host).lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        pass
    scheme = parts.scheme.lower()
    authority = host if port is None or str(port) == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return CanonicalUrl(scheme, authority, path)


def _star(pattern: str, text: str) -> bool:
    """``*`` (any run of characters) is the only wildcard; ``?`` and ``[`` are literal.

    fnmatch's translation never backtracks exponentially (``*a*a*a...b``), which matters: a
    policy file in a scanned repository is written by anyone.
    """
    escaped = pattern.replace("[", "[[]").replace("?", "[?]")
    return fnmatch.fnmatchcase(text, re.sub(r"\*+", "*", escaped))


def _split_pattern(pattern: str) -> tuple[str, str, str | None] | None:
    """(scheme, authority, path or None for "any path") of a ``serverUrl`` pattern, normalized
    as URLs are: lower-case scheme and host, no trailing dot, no default port, no user info."""
    scheme, sep, rest = pattern.strip().partition("://")
    if not sep:
        return None
    authority, slash, path = rest.partition("/")
    authority = authority.rpartition("@")[2].lower()
    host, colon, port = authority.rpartition(":")
    if colon and "]" not in port:
        authority = host.rstrip(".") + ("" if port == DEFAULT_PORTS.get(scheme.lower()) else ":" + port)
    else:
        authority = authority.rstrip(".")
    return scheme.lower(), authority, ("/" + path) if slash else None


def url_matches(pattern: str, url: str | None) -> bool:
    """A ``serverUrl`` pattern against a server's URL, as Claude Code and Copilot match it.

    ``*`` is a wildcard anywhere (the scheme too); a ``*`` in the host never crosses ``/``;
    scheme and host ignore case, a trailing dot and a default port; the path is case-sensitive;
    a pattern with no path matches any path. A pattern with no ``://`` is matched against the
    whole URL.
    """
    if not isinstance(pattern, str) or not url or len(pattern) > MAX_ITEM:
        return False
    have = canonical_url(url)
    if have is None:
        return False
    parts = _split_pattern(pattern)
    if parts is None:
        return _star(pattern.lower(), url.strip().lower())
    scheme, authority, path = parts
    # a host holds no "/", so a * there never reaches into the path
    return _star(scheme, have.scheme) and _star(authority, have.authority) and (path is None or _star(path, have.path))


def argv(server: Server) -> list[str] | None:
    """The command line a client runs: ``[command, *args]`` as written; None for a remote server."""
    if not server.command:
        return None
    return [server.command, *server.args]


def is_remote(server: Server) -> bool:
    return not server.command and bool(server.url)


class Entry(Frozen):
    """One ``allowedMcpServers`` / ``deniedMcpServers`` entry."""

    kind: str
    """``serverName``, ``serverCommand`` or ``serverUrl``."""
    value: Any
    """A string, or a tuple of strings for ``serverCommand``."""
    pointer: Pointer

    def matches(self, server: Server, client: str = "claude-code") -> bool:
        if self.kind == "serverName":
            return server.name == self.value
        if self.kind == "serverCommand":
            line = argv(server)
            return line is not None and tuple(line) == self.value
        if self.kind == "serverUrl":
            return is_remote(server) and url_matches(self.value, server.url)
        return False

    @property
    def label(self) -> str:
        shown = " ".join(self.value) if isinstance(self.value, tuple) else self.value
        return f"{self.kind} {shown}"


_ALLOWED_NAME = lazy_compile(r"^[A-Za-z0-9_-]+$")


def parse_entries(value: Any, pointer: Pointer, strict_names: bool = False) -> tuple[tuple[Entry, ...] | None, list[tuple[Pointer, str]]]:
    """An allow/deny list as the clients read it: (entries or None when unset, problems).

    An entry that is not an object with exactly one of the three keys (of the right type) is
    dropped, as Claude Code drops an invalid managed entry; a list that is not a list is a
    problem, read as ``[]`` (Copilot treats a malformed list as ``allowedMcpServers: []``).
    """
    if value is None:
        return None, []
    if isinstance(value, dict) and set(value) == {"overridable"}:  # Copilot team override
        return parse_entries(value["overridable"], pointer + ("overridable",), strict_names)
    if not isinstance(value, list):
        return (), [(pointer, f"must be a list of objects, not {type(value).__name__}")]
    entries: list[Entry] = []
    problems: list[tuple[Pointer, str]] = []
    for index, item in enumerate(value[:MAX_ENTRIES]):
        at = pointer + (index,)
        keys = [k for k in MATCHER_KINDS if isinstance(item, dict) and k in item]
        if not isinstance(item, dict) or len(item) != 1 or len(keys) != 1:
            problems.append((at, "an entry is an object with exactly one of serverName, serverCommand, serverUrl"))
            continue
        kind = keys[0]
        raw = item[kind]
        if kind == "serverCommand":
            if not isinstance(raw, list) or not raw or not all(isinstance(a, str) for a in raw):
                problems.append((at + (kind,), "serverCommand must be a non-empty array of strings"))
                continue
            entries.append(Entry(kind, tuple(raw), at))
        elif not isinstance(raw, str) or not raw:
            problems.append((at + (kind,), f"{kind} must be a non-empty string"))
        elif kind == "serverName" and strict_names and not _ALLOWED_NAME.match(raw):
            # Claude Code: an allowed serverName holds only letters, digits, - and _
            problems.append((at + (kind,), "an allowed serverName may hold only letters, digits, - and _"))
        else:
            entries.append(Entry(kind, raw, at))
    if len(value) > MAX_ENTRIES:
        problems.append((pointer, f"{len(value):,} entries: only the first {MAX_ENTRIES:,} are read"))
    return tuple(entries), problems


# ---------------------------------------------------------------------------------------------
# Layers: one policy file's relevant content
# ---------------------------------------------------------------------------------------------


class Layer(Frozen):
    """The MCP policy one file holds, for one client."""

    kind: str
    """As :func:`kind_of` says."""
    file: str
    """Display path."""
    scope: str
    allowed: tuple[Entry, ...] | None = None
    denied: tuple[Entry, ...] | None = None
    managed_only: bool = False
    servers: frozenset[str] | None = None
    """managed-mcp.json: the servers it defines."""
    identities: Mapping[str, Any] | None = None
    """Codex: ``mcp_servers`` id → identity table (None: the table is not set)."""
    names_allowed: tuple[str, ...] | None = None
    names_excluded: tuple[str, ...] | None = None
    problems: tuple[tuple[Pointer, str], ...] = ()
    unreadable: bool = False


def layer_of(kind: str, file: str, scope: str, data: Any, servers: Iterable[Server] = ()) -> Layer:
    """Read one loaded policy file; what the client would ignore is kept as a problem."""
    problems: list[tuple[Pointer, str]] = []
    if not isinstance(data, dict):
        return Layer(kind, file, scope, problems=(((), "the file is not an object/table"),))
    if kind == "claude-managed-mcp":
        return Layer(kind, file, scope, servers=frozenset(s.name for s in servers))
    if kind in ("claude-managed", "claude-settings", "copilot-managed"):
        allowed, p1 = parse_entries(data.get("allowedMcpServers"), ("allowedMcpServers",), kind != "copilot-managed")
        denied, p2 = parse_entries(data.get("deniedMcpServers"), ("deniedMcpServers",))
        only = data.get("allowManagedMcpServersOnly") is True and kind == "claude-managed"
        return Layer(kind, file, scope, allowed, denied, only, problems=tuple(p1 + p2))
    if kind == "codex-requirements":
        table = data.get("mcp_servers")
        if table is None:
            return Layer(kind, file, scope)
        if not isinstance(table, dict):
            return Layer(kind, file, scope, identities={}, problems=((("mcp_servers",), "must be a table"),))
        identities = {}
        for name, entry in list(table.items())[:MAX_ENTRIES]:
            identity = entry.get("identity") if isinstance(entry, dict) else None
            if not isinstance(identity, dict):
                problems.append((("mcp_servers", name), "needs an identity table (command or url)"))
                identity = {}
            identities[str(name)] = identity
        return Layer(kind, file, scope, identities=identities, problems=tuple(problems))
    if kind == "gemini-settings":
        mcp = data.get("mcp")
        if not isinstance(mcp, dict):
            return Layer(kind, file, scope)
        lists: dict[str, tuple[str, ...] | None] = {}
        for key in ("allowed", "excluded"):
            value = mcp.get(key)
            if value is None:
                lists[key] = None
            elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((("mcp", key), "must be an array of server names"))
                lists[key] = None
            else:
                lists[key] = tuple(value[:MAX_ENTRIES])
        return Layer(kind, file, scope, names_allowed=lists["allowed"], names_excluded=lists["excluded"],
                     problems=tuple(problems))
    return Layer(kind, file, scope)


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------


class ClientDecision(Frozen):
    decision: str
    """``allowed``, ``denied`` or ``unmanaged`` (no managed policy of that client was found)."""
    source: str | None = None
    """The file whose entry (or whose missing entry) decided."""
    why: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision, "source": self.source, "why": self.why}


KINDS = {"claude-code": ("claude-managed", "claude-managed-mcp", "claude-settings"), "copilot": ("copilot-managed",),
         "codex": ("codex-requirements",), "gemini-cli": ("gemini-settings",)}
"""Policy id → the kinds of file that hold its policy."""

_UNRESOLVED = lazy_compile(r"\$\{(?!(?:env|input|config|command):|workspaceFolder|userHome|pathSeparator)[^}]*\}|\$[A-Za-z_]\w*")


def decide(client: str, layers: list[Layer], server: Server) -> ClientDecision | None:
    """What ``client`` does with ``server`` under its policy files; None when mcplint knows no
    managed policy of that client."""
    source = policy_for_client(client)
    if source is None:
        return None
    kinds = KINDS.get(source.id, ())
    broken = next((l for l in layers if l.unreadable and l.kind in kinds), None)
    if broken is not None:
        return ClientDecision("unknown", broken.file, "the managed policy file cannot be read")
    if source.id == "claude-code":
        return _decide_claude(layers, server)
    if source.id == "copilot":
        return _decide_copilot(layers, server)
    if source.id == "codex":
        return _decide_codex(layers, server)
    if source.id == "gemini-cli":
        return _decide_gemini(layers, server)
    return None


def _allow_entries_for(entries: tuple[Entry, ...], server: Server) -> tuple[Entry, ...]:
    """Claude Code: a serverUrl entry in the allowlist makes remote servers match by URL only,
    a serverCommand entry stdio servers by command only."""
    remote = is_remote(server)
    strict = "serverUrl" if remote else "serverCommand"
    if any(e.kind == strict for e in entries):
        return tuple(e for e in entries if e.kind == strict)
    return tuple(e for e in entries if e.kind == "serverName")


def _decide_claude(layers: list[Layer], server: Server) -> ClientDecision:
    managed = [l for l in layers if l.kind == "claude-managed"]
    mcp = [l for l in layers if l.kind == "claude-managed-mcp"]
    settings = [l for l in layers if l.kind in ("claude-managed", "claude-settings")]
    for layer in settings:
        for entry in layer.denied or ():
            if entry.matches(server):
                return ClientDecision("denied", layer.file, f"deniedMcpServers {entry.label}")
    if mcp and server.file not in {l.file for l in mcp}:
        return ClientDecision("denied", mcp[0].file, "managed-mcp.json is present: only its servers load")
    only = any(l.managed_only for l in managed)
    allow_layers = [l for l in (managed if only else settings) if l.allowed is not None]
    if not allow_layers:
        if mcp:
            return ClientDecision("allowed", mcp[0].file, "defined in managed-mcp.json")
        return ClientDecision("unmanaged", None, None) if not settings else \
            ClientDecision("allowed", settings[0].file, "no allowedMcpServers: every server is allowed")
    merged = tuple(e for l in allow_layers for e in l.allowed or ())
    for entry in _allow_entries_for(merged, server):
        if entry.matches(server):
            owner = next(l.file for l in allow_layers if entry in (l.allowed or ()))
            return ClientDecision("allowed", owner, f"allowedMcpServers {entry.label}")
    why = "allowedMcpServers is []" if not merged else "no allowedMcpServers entry matches"
    return ClientDecision("denied", allow_layers[0].file, why)


def _decide_copilot(layers: list[Layer], server: Server) -> ClientDecision:
    copilot = [l for l in layers if l.kind == "copilot-managed"]
    if not copilot:
        return ClientDecision("unmanaged")
    for layer in copilot:
        for entry in layer.denied or ():
            if entry.matches(server):
                return ClientDecision("denied", layer.file, f"deniedMcpServers {entry.label}")
    defined = [l for l in copilot if l.allowed is not None]
    for layer in defined:
        if not any(e.matches(server) for e in layer.allowed or ()):
            why = "allowedMcpServers is []" if not layer.allowed else "no allowedMcpServers entry matches"
            return ClientDecision("denied", layer.file, why)
    where = " ".join(argv(server) or [server.url or ""])
    if _UNRESOLVED.search(where):
        return ClientDecision("denied", copilot[0].file, "an unresolved variable in its command or URL")
    if defined:
        return ClientDecision("allowed", defined[0].file, "matches allowedMcpServers")
    return ClientDecision("allowed", copilot[0].file, "no allowedMcpServers: every server is allowed")


def codex_identity_matches(identity: Mapping[str, Any], server: Server) -> bool:
    """``identity.url`` exactly; ``identity.command`` as a string (the program only) or as a
    matcher table ``{executable|command, args = [{match, value|expression}]}``."""
    url = identity.get("url")
    if url is not None:
        return isinstance(url, str) and is_remote(server) and server.url == url
    command = identity.get("command")
    if isinstance(command, str):
        return server.command == command
    if isinstance(command, dict):
        program = command.get("executable", command.get("command"))
        if not isinstance(program, str) or server.command != program:
            return False
        args = command.get("args")
        if args is None:
            return True
        if not isinstance(args, list) or len(args) != len(server.args):
            return False
        return all(_codex_arg(m, a) for m, a in zip(args, server.args))
    return False


def _codex_arg(matcher: Any, arg: str) -> bool:
    if isinstance(matcher, str):
        return matcher == arg
    if not isinstance(matcher, dict):
        return False
    kind = matcher.get("match", "exact")
    value = matcher.get("value", matcher.get("expression"))
    if not isinstance(value, str) or len(value) > MAX_ITEM:
        return False
    if kind == "exact":
        return arg == value
    if kind == "prefix":
        return arg.startswith(value)
    if kind == "regex":
        try:
            return re.fullmatch(value, arg[:MAX_ITEM]) is not None
        except re.error:
            return False
    return False


def _decide_codex(layers: list[Layer], server: Server) -> ClientDecision:
    tables = [l for l in layers if l.kind == "codex-requirements" and l.identities is not None]
    if not tables:
        return ClientDecision("unmanaged") if not any(l.kind == "codex-requirements" for l in layers) else \
            ClientDecision("allowed", next(l.file for l in layers if l.kind == "codex-requirements"),
                           "requirements set no mcp_servers")
    layer = tables[0]  # an earlier layer that sets the field wins
    identity = (layer.identities or {}).get(server.name)
    if identity is None:
        return ClientDecision("denied", layer.file, f"no [mcp_servers.{server.name}] in requirements")
    if not codex_identity_matches(identity, server):
        return ClientDecision("denied", layer.file, f"[mcp_servers.{server.name}.identity] does not match")
    return ClientDecision("allowed", layer.file, f"[mcp_servers.{server.name}.identity] matches")


GEMINI_ORDER = {"system": 0, "system-defaults": 1, "user": 2, "project": 3}


def _decide_gemini(layers: list[Layer], server: Server) -> ClientDecision:
    gemini = [l for l in layers if l.kind == "gemini-settings"
              and (l.scope != "project" or l.file == server.file)]
    gemini = [l for l in gemini if l.names_allowed is not None or l.names_excluded is not None]
    if not gemini:
        return ClientDecision("unmanaged")
    for layer in gemini:
        if server.name in (layer.names_excluded or ()):
            return ClientDecision("denied", layer.file, "in mcp.excluded")
    for layer in gemini:
        if layer.names_allowed and server.name not in layer.names_allowed:
            return ClientDecision("denied", layer.file, "not in mcp.allowed")
    nonempty = [l for l in gemini if l.names_allowed]
    if nonempty:
        return ClientDecision("allowed", nonempty[0].file, "in mcp.allowed")
    return ClientDecision("allowed", gemini[0].file, "no non-empty mcp.allowed: every server is allowed")


# ---------------------------------------------------------------------------------------------
# Over loaded files (inventory, scan)
# ---------------------------------------------------------------------------------------------


def layers_of(loaded_files: Iterable[Any]) -> list[Layer]:
    """The policy layers among loaded files (engine.LoadedFile), most authoritative first."""
    found: list[tuple[int, Layer]] = []
    for loaded in loaded_files:
        if loaded is None:
            continue
        source = loaded.source
        kind = kind_of(source.path, source.client)
        if kind is None:
            continue
        if loaded.doc is None or loaded.error is not None:  # fail closed: unreadable is not "no policy"
            found.append((-1, Layer(kind, source.display, source.scope, unreadable=True)))
            continue
        if kind == "claude-settings" and source.scope != "user":
            continue  # a repository's settings decide only for that project: not read here
        scope = source.scope
        if kind == "gemini-settings" and scope == "system" and source.path.name == "system-defaults.json":
            scope = "system-defaults"
        layer = layer_of(kind, source.display, scope, loaded.doc.data, loaded.servers)
        found.append((GEMINI_ORDER.get(scope, 4) if kind == "gemini-settings" else
                       (0 if scope == "system" else 1), layer))
    found.sort(key=lambda pair: pair[0])
    return [layer for _, layer in found]


def disagreement(approval: str | None, mode: str, decision: str) -> str | None:
    """Where mcplint's policy and the client's own differ for one server, said in words."""
    if approval is None or decision in ("unmanaged", "unknown"):
        return None
    mcplint_allows = approval == "approved" or (approval == "pending" and mode != "allowlist")
    if decision == "allowed" and not mcplint_allows:
        return f"mcplint's policy does not allow it ({approval}), the client's managed policy does"
    if decision == "denied" and mcplint_allows:
        return f"mcplint's policy allows it ({approval}), the client's managed policy refuses it"
    return None


def annotate(placed: list[tuple[Any, Server]], loaded_files: list[Any], mode: str = "denylist") -> None:
    """Fill each inventory row's ``client_policy`` from the policy files among ``loaded_files``,
    with ``disagrees`` where mcplint's policy (in ``mode``) decides otherwise."""
    layers = layers_of(loaded_files)
    for row, server in placed:
        decision = decide(server.client, layers, server)
        if decision is None:
            row.client_policy = None
            continue
        from mcplint.inventory import redact_value

        shown = decision.to_json()
        if shown["why"]:  # an entry may quote a URL or an argument with a credential in it
            shown["why"] = redact_value(shown["why"])
        shown["disagrees"] = disagreement(getattr(row, "approval", None), mode, decision.decision)
        row.client_policy = shown
