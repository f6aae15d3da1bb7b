"""``mcplint policy export``: mcplint's ``[policy]`` as a client's own managed policy file.

Approved once in mcplint's policy, enforced by the clients themselves: the exported file makes
Claude Code, Copilot, Codex or Gemini CLI refuse what the policy does not approve, even where
mcplint never runs. Clients cannot express version ranges or package names, so:

* an approval by URL alone becomes a URL pattern in the client's wildcard syntax;
* an approval by package, fingerprint, command or name becomes the *exact* command line (or
  URL) of every approved server found under the scanned paths: what the client will run;
* a block by URL becomes a deny pattern; any other block a deny entry per blocked server found;
* a name-only entry is never the control; Gemini and Cline match names only, which renaming
  bypasses (said on stderr).

Nothing secret is written: a command line or URL holding a credential is left out (with a
warning) — a client matches exact strings, and a policy file is no place for a token. The result
is checked by parsing it back and deciding every found server with the client's own matching
rules (client_policy.py): a server the client would allow that mcplint does not approve is an
error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint import client_policy as cp
from mcplint.model import Server
from mcplint.policy import Policy, decide
from mcplint.record import Frozen

TARGETS = ("claude-code", "copilot", "codex", "gemini", "cline")
CLIENT_OF = {"claude-code": "claude-code", "copilot": "vscode", "codex": "codex", "gemini": "gemini-cli"}
"""Export target → a client whose servers its read-back decides (for validation)."""
KIND_OF = {"claude-code": "claude-managed", "copilot": "copilot-managed", "codex": "codex-requirements",
           "gemini": "gemini-settings"}
GEMINI_NOTHING = "mcplint-no-server-approved"
"""Gemini's ``allowed: []`` blocks nothing: an allowlist that approves nothing names this instead."""


class Export(Frozen):
    text: str
    warnings: list[str]
    """What the client cannot express, what was left out."""
    notes: list[str]
    """Where the file came from (JSON has no comments)."""
    errors: list[str]
    """Servers the exported policy would let the client run although mcplint's policy does not."""


def _has_secret(value: str, placement: str = "arg") -> bool:
    from mcplint.inventory import redact_value

    return redact_value(value, placement) != value


def _argv_has_secret(line: list[str]) -> bool:
    """A credential anywhere in a command line, the value after ``--token`` style flags included."""
    from mcplint.inventory import redact_args

    return redact_args(line) != line or any(_has_secret(a) for a in line)


def client_url_pattern(pattern: str, deny: bool) -> str | None:
    """An mcplint URL glob as a Claude/Copilot ``serverUrl`` pattern; None when it cannot be said.

    mcplint's glob knows ``?`` and ``[...]``, the clients only ``*``: for a deny entry they widen
    to ``*`` (a broader deny is the safe side), an allow entry is left out. mcplint's pattern with
    no path means the root only, the clients' any path: it gets an explicit ``/``.
    """
    text = pattern.strip()
    if "://" not in text:
        return None
    if re.search(r"[?\[\]]", text):
        if not deny:
            return None
        text = re.sub(r"\[[^\]]*\]|\?", "*", text)
    scheme, _, rest = text.partition("://")
    if "/" not in rest:
        text += "/"
    return text


def exact_url(url: str) -> str | None:
    """A server's own URL as a pattern that matches it alone; None when it holds a credential
    (the query is then replaced by ``*`` when that removes it) or a ``*`` of its own."""
    if "*" in url:
        return None
    if not _has_secret(url, "url"):
        return url
    base = url.split("?", 1)[0].split("#", 1)[0]
    if "@" in base.split("://", 1)[-1].split("/", 1)[0] or _has_secret(base, "url"):
        return None
    return base + "?*"


class Plan(Frozen):
    """What the policy means for the servers found, before any client syntax."""

    allow_urls: list[str]
    allow_servers: list[Server]
    deny_urls: list[str]
    deny_servers: list[Server]
    deny_names: list[str]
    allowlist: bool


def plan(policy: Policy, servers: list[Server], warnings: list[str]) -> Plan:
    allow_urls, deny_urls, deny_names = [], [], []
    for matcher in policy.approved:
        keys = {k for k, _ in matcher.entry if k != "reason"}
        if keys == {"url"}:
            allow_urls.append(matcher.get("url") or "")
    for matcher in policy.blocked:
        keys = {k for k, _ in matcher.entry if k != "reason"}
        if keys == {"url"}:
            deny_urls.append(matcher.get("url") or "")
        elif keys == {"name"}:
            deny_names.append(matcher.get("name") or "")
            warnings.append(f"blocked name {matcher.get('name')!r}: a name-only deny is bypassed by renaming; "
                            "the command lines found under it are denied too")
        elif ("package" in keys or "command" in keys) and policy.mode != "allowlist":
            warnings.append(f"blocked {matcher.label}: clients match exact command lines, not packages; only the "
                            "command lines found are denied (a new version or flag is not) — use mode = \"allowlist\"")
    allow_servers, deny_servers = [], []
    for server in servers:
        status = decide(server, policy).status
        if status == "approved":
            allow_servers.append(server)
        elif status == "blocked":
            deny_servers.append(server)
    return Plan(allow_urls, allow_servers, deny_urls, deny_servers, deny_names, policy.mode == "allowlist")


def _sorted_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    unique = {json.dumps(e, sort_keys=True): e for e in entries}
    return [unique[k] for k in sorted(unique)]


def _server_entry(server: Server, warnings: list[str], deny: bool) -> dict[str, Any] | None:
    where = f"server {server.name} ({server.file})"
    line = cp.argv(server)
    if line is not None:
        if _argv_has_secret(line):
            warnings.append(f"{where}: its command line holds a credential, so it is not written "
                            f"({'denied by name only' if deny else 'the client will refuse it'}); "
                            "pass the credential through env")
            return {"serverName": server.name} if deny else None
        return {"serverCommand": line}
    if server.url:
        pattern = exact_url(server.url)
        if pattern is None:
            warnings.append(f"{where}: its URL cannot be written without a credential; "
                            f"{'denied by name only' if deny else 'the client will refuse it'}")
            return {"serverName": server.name} if deny else None
        return {"serverUrl": pattern}
    return None


def claude_like(p: Plan, warnings: list[str], target: str) -> dict[str, Any]:
    """Claude Code and Copilot ``managed-settings.json`` content."""
    allowed: list[dict[str, Any]] = []
    for pattern in p.allow_urls:
        translated = client_url_pattern(pattern, deny=False)
        if translated is None:
            warnings.append(f"approved url {pattern!r}: the client's patterns know only *: left out (servers found "
                            "under it are written one by one)")
            continue
        allowed.append({"serverUrl": translated})
    for server in p.allow_servers:
        if server.url and not server.command and any(cp.url_matches(e["serverUrl"], server.url)
                                                     for e in allowed if "serverUrl" in e):
            continue
        entry = _server_entry(server, warnings, deny=False)
        if entry is not None:
            allowed.append(entry)
    denied: list[dict[str, Any]] = []
    for pattern in p.deny_urls:
        translated = client_url_pattern(pattern, deny=True)
        if translated is None:
            warnings.append(f"blocked url {pattern!r} has no scheme://host: not written")
            continue
        denied.append({"serverUrl": translated})
    for name in p.deny_names:
        if "*" not in name and "?" not in name and "[" not in name:
            denied.append({"serverName": name})
    for server in p.deny_servers:
        entry = _server_entry(server, warnings, deny=True)
        if entry is not None:
            denied.append(entry)
    out: dict[str, Any] = {}
    if p.allowlist:
        if target == "claude-code":
            out["allowManagedMcpServersOnly"] = True  # else a user's settings.json could add entries
        out["allowedMcpServers"] = _sorted_entries(allowed)
    else:
        warnings.append("policy mode is denylist: allowedMcpServers is left unset (every server not denied runs)")
    out["deniedMcpServers"] = _sorted_entries(denied)
    return out


# --- Codex ------------------------------------------------------------------------------------

_BARE = lazy_compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def codex_identities(p: Plan, servers: list[Server], warnings: list[str]) -> dict[str, dict[str, Any]]:
    if p.allow_urls:
        warnings.append("Codex identities are exact: approved URL patterns become the URLs of the servers found")
    chosen = p.allow_servers if p.allowlist else [s for s in servers if s not in p.deny_servers]
    if not p.allowlist:
        warnings.append("Codex has no deny list: the export allows the servers found that are not blocked, by "
                        "name and identity (any other server is disabled)")
    identities: dict[str, dict[str, Any]] = {}
    for server in sorted(chosen, key=lambda s: (s.name, s.file)):
        if server.command:
            if _argv_has_secret([server.command, *server.args]):
                warnings.append(f"server {server.name} ({server.file}): its command line holds a credential: "
                                "not written (Codex will disable it)")
                continue
            identity: dict[str, Any] = {"command": {"executable": server.command,
                                                    "args": [{"match": "exact", "value": a} for a in server.args]}}
        elif server.url and not _has_secret(server.url, "url"):
            identity = {"url": server.url}
        else:
            warnings.append(f"server {server.name} ({server.file}): its URL holds a credential: not written")
            continue
        if server.name in identities and identities[server.name] != identity:
            warnings.append(f"server name {server.name!r} is used for different servers; Codex takes one identity "
                            "per name: the first (sorted by file) is written")
            continue
        identities[server.name] = identity
    if any("command" in i for i in identities.values()):
        warnings.append("Codex: the identity.command matcher table is written with `executable` (the 2026-06 docs); a "
                        "Codex build that names it `command` (older sources) rejects it — check yours (UNVERIFIED)")
    return identities


def codex_text(identities: dict[str, dict[str, Any]], header: str) -> str:
    lines = [f"# {line}" for line in header.splitlines()]
    lines.append("# identity.command as a matcher table {executable, args}: the program and every argument, "
                 "exactly and in order")
    if not identities:
        lines += ["", "[mcp_servers]  # set and empty: every MCP server is disabled"]
    for name in sorted(identities):
        identity = identities[name]
        lines += ["", f"[mcp_servers.{_toml_key(name)}.identity]"]
        for key in sorted(identity):
            lines.append(f"{key} = {_toml_value(identity[key])}")
    return "\n".join(lines) + "\n"


# --- Gemini and Cline (names only) ------------------------------------------------------------


def gemini_settings(p: Plan, servers: list[Server], warnings: list[str]) -> dict[str, Any]:
    warnings.append("Gemini CLI matches mcp.allowed / mcp.excluded by server name only: renaming a server bypasses "
                    "it; put the approved mcpServers definitions in the same system settings file")
    mcp: dict[str, Any] = {}
    approved = {s.name for s in p.allow_servers}
    others = {s.name for s in servers if s not in p.allow_servers}
    shared = sorted(approved & others)
    if shared and p.allowlist:
        warnings.append(f"names used by approved and unapproved servers alike are not allowed: {', '.join(shared)}")
    if p.allowlist:
        allowed = sorted(approved - others)
        if not allowed:
            warnings.append(f"no server approved: mcp.allowed names {GEMINI_NOTHING!r} (an empty list would block nothing)")
            allowed = [GEMINI_NOTHING]
        mcp["allowed"] = allowed
    excluded = sorted({s.name for s in p.deny_servers} | {n for n in p.deny_names if not re.search(r"[*?\[]", n)})
    mcp["excluded"] = excluded
    return {"mcp": mcp}


def cline_settings(p: Plan, warnings: list[str]) -> dict[str, Any]:
    warnings.append("Cline's enterprise allowedMCPServers matches an id (its marketplace id, a GitHub repository URL) "
                    "— a name-level control that renaming bypasses; mcplint writes the approved server names and "
                    "cannot read Cline's remote configuration back")
    if not p.allowlist:
        warnings.append("policy mode is denylist: Cline has no deny list; nothing to export")
        return {}
    return {"allowedMCPServers": [{"id": name} for name in sorted({s.name for s in p.allow_servers})]}


# --- the export -------------------------------------------------------------------------------


def export(target: str, policy: Policy, servers: list[Server], policy_files: list[str]) -> Export:
    """The client's policy file for ``policy`` and the servers found, with warnings and errors."""
    warnings: list[str] = []
    notes: list[str] = []
    servers = sorted(servers, key=lambda s: (s.file, s.name))
    p = plan(policy, servers, warnings)
    header = "Generated by mcplint policy export from " + (", ".join(policy_files) or "(no policy file)") + \
        "\nRegenerate instead of editing: `mcplint policy export --to " + target + "`"
    if target == "codex":
        text = codex_text(codex_identities(p, servers, warnings), header)
    else:
        if target in ("claude-code", "copilot"):
            data = claude_like(p, warnings, target)
        elif target == "gemini":
            data = gemini_settings(p, servers, warnings)
        else:
            data = cline_settings(p, warnings)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        notes.append(f"{header.splitlines()[0]} (JSON has no comments, and the client's documentation does not "
                     "say it ignores unknown keys, so the file itself does not say it)")
    errors = validate(target, text, policy, servers, warnings)
    return Export(text, warnings, notes, errors)


def expected(policy: Policy, server: Server) -> str:
    status = decide(server, policy).status
    if status == "blocked":
        return "denied"
    if status == "pending" and policy.mode == "allowlist":
        return "denied"
    return "allowed"


def validate(target: str, text: str, policy: Policy, servers: list[Server], warnings: list[str]) -> list[str]:
    """Parse the export back and decide every server found as the client would; a server the
    client would run that mcplint's policy does not allow is an error, the reverse a warning."""
    if target == "codex":
        import tomllib

        data = tomllib.loads(text)
    else:
        data = json.loads(text)
    if target == "cline":
        return []
    layer = cp.layer_of(KIND_OF[target], "(export)", "system", data)
    client = CLIENT_OF[target]
    errors = []
    for server in servers:
        got = cp.decide(client, [layer], server)  # the client's rules, whichever client's file it came from
        want = expected(policy, server)
        if got is None or got.decision == want:
            continue
        if got.decision == "allowed":
            errors.append(f"server {server.name} ({server.file}): the exported policy lets the client run it, "
                          f"mcplint's policy does not ({got.why})")
        else:
            warnings.append(f"server {server.name} ({server.file}): approved by mcplint, refused by the exported "
                            f"policy ({got.why})")
    return errors


def servers_in(sources: list[Any]) -> tuple[list[Server], list[str]]:
    """Every server in the files found, and the files that could not be read (fail closed: the
    caller refuses to export a policy for servers it could not see)."""
    from mcplint.scan import load_source

    servers: list[Server] = []
    unreadable: list[str] = []
    for source in sources:
        loaded = load_source(source)
        if loaded is None:
            continue
        if loaded.error is not None:
            unreadable.append(f"{source.display}:{loaded.error.line}:{loaded.error.column}: {loaded.error.message}")
            continue
        servers.extend(loaded.servers)
    return servers, unreadable
