"""``mcplint init``: write a starter ``.mcplint.toml`` with today's servers approved.

The fast path for a team adopting an allowlist: every MCP server found in the given paths
becomes a ``[[policy.approved]]`` entry, so the first scan is clean and every server added later
is reported (MCP701) until someone approves it. Each entry approves as narrowly as the config
allows:

- a package with an exact version: that version (``npm:@scope/name@1.2.3``, ``pypi:name==1.2``);
- a package without one: the package, any version (a comment says so; pin it, see MCP102);
- a remote server: its URL (glob characters escaped), or its fingerprint when the URL carries a
  query (which may hold a credential);
- anything else (a local script or binary): its fingerprint, the exact configuration.

Identical entries found in several files are written once. The file is checked by loading it
back before it replaces anything; an existing file is kept unless ``force``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mcplint.model import Server
from mcplint.record import Record, field
from mcplint.errors import McplintError

DEFAULT_NAME = ".mcplint.toml"


class Entry(Record):
    key: str
    """``package``, ``url`` or ``fingerprint``."""
    value: str
    servers: list[str] = field(default_factory=list)
    """``name (file)`` of every server this entry approves."""
    note: str = ""
    refused: str = ""
    """Why it is not approved (written commented out): mcplint reports one of its servers as
    malicious (MCP502) or blocked by the policy in force (MCP702)."""


class Found(Record):
    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    servers: int = 0


def _glob_escape(text: str) -> str:
    """fnmatch has no escape character: ``*``, ``?`` and ``[`` become one-character classes."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def entry_for(server: Server) -> tuple[str, str, str]:
    """(key, value, note) of the narrowest approval for ``server``."""
    from urllib.parse import urlsplit

    from mcplint.facts.package import analyze
    from mcplint.identity import fingerprint, has_secret, safe_url
    from mcplint.policy import exact_version

    package = analyze(server, None) if server.command else None
    if package is not None and package.ecosystem in ("npm", "pypi", "docker", "go") and "://" not in package.name \
            and not any(c in package.name for c in "*?"):
        base = f"{package.ecosystem}:{package.name}"
        if package.ecosystem == "docker" and package.digest:
            return "package", f"{base}@{package.digest}", ""
        if exact_version(package) is not None:
            version = f"=={package.version}" if package.ecosystem == "pypi" else f"@{package.version}"
            return "package", base + version, ""
        if package.ecosystem == "docker" and package.version and package.version != "latest":
            return "package", f"{base}:{package.version}", ""
        return "package", base, "no version pinned: any version is approved (pin it, then approve that version)"
    if server.url and not server.command:
        try:
            parts = urlsplit(server.url.strip())
        except ValueError:
            parts = None
        if parts is not None and parts.scheme and parts.netloc and not parts.query and "@" not in parts.netloc \
                and not has_secret(server.url):  # a token in the path: approve by fingerprint, never write it
            return "url", _glob_escape(safe_url(server.url)), ""
    return "fingerprint", fingerprint(server), f"the exact configuration of {_what(server)}"


def _what(server: Server) -> str:
    from mcplint.identity import describe

    return describe(server)


def collect(paths: list[str], cwd: Path) -> Found:
    """Every server in ``paths`` as approval entries (deduplicated, in discovery order)."""
    from mcplint.discover import discover
    from mcplint.policy import is_builtin
    from mcplint.scan import load_source

    found = Found()
    by_key: dict[tuple[str, str], Entry] = {}
    guard = _guard(cwd)
    sources, missing = discover(paths, cwd)
    found.errors.extend(f"{s.display}: no such file or directory" for s in missing)
    for source in sources:
        loaded = load_source(source)
        if loaded is None:
            continue
        if loaded.error is not None:
            found.errors.append(f"{source.display}:{loaded.error.line}:{loaded.error.column}: {loaded.error.message}")
            continue
        if not loaded.servers:
            continue
        found.files.append(source.display)
        refused: dict[str, str] = {}
        for finding in guard.run(loaded):
            refused.setdefault(finding.server or "", f"{finding.rule} {finding.message}")
        for server in loaded.servers:
            if is_builtin(server):  # the client's own code: nothing to approve
                continue
            found.servers += 1
            key, value, note = entry_for(server)
            entry = by_key.get((key, value))
            if entry is None:
                entry = by_key[(key, value)] = Entry(key, value, note=note)
                found.entries.append(entry)
            entry.servers.append(f"{server.name} ({source.display})")
            if server.name in refused and not entry.refused:
                entry.refused = refused[server.name]
    return found


GUARD_RULES = ("MCP502", "MCP702")
"""What init never approves: servers mcplint reports as malicious or blocked."""


def _guard(cwd: Path) -> object:
    """An evaluator of the GUARD_RULES under the policy in force (the project's, and
    MCPLINT_POLICY's blocks): what a scan after init would report."""
    import os

    from mcplint.config import ConfigError, Config, with_central, load_config
    from mcplint.engine import Evaluator
    from mcplint.ruleset import load_rules

    try:
        config = load_config(None, cwd)
    except ConfigError:  # a broken project file (init --force replaces it): the central policy only
        try:
            config = with_central(Config(), os.environ)
        except ConfigError as exc:
            raise InitError(str(exc)) from None
    rules = load_rules()
    return Evaluator([rules[r] for r in GUARD_RULES if r in rules], config=config)


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's; a lone surrogate, which TOML
    cannot hold, becomes U+FFFD)."""
    value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())  # a newline in a name must not end the comment


HEADER = """\
# mcplint configuration: https://github.com/mcplint/mcplint/blob/main/docs/policy.md
# Written by `mcplint init` from {count} in {files}. mcplint uses the closest
# .mcplint.toml (or [tool.mcplint] in pyproject.toml) above the scanned path, or --config FILE.
# Every key is checked: a misspelled key or a wrong type is an error (exit 2).

# Rules to run: ids (MCP101), prefixes (MCP1) or names (hardcoded-secret). Default: all.
# select = ["ALL"]
# extend-select = []
# ignore = []

# Exit 1 only for findings at or above this severity: info, low, medium, high, critical.
# fail-on = "low"

# Report format when --format is not given: text, concise, json, sarif, github.
# format = "text"

# Files and folders (globs) never scanned.
# exclude = ["fixtures/**"]

# Rules ignored for some files, or for some servers (by name).
# [per-file-ignores]
# "examples/**" = ["MCP101"]
# [per-server-ignores]
# "legacy-db" = ["MCP401"]

[policy]
# "allowlist": every server not approved below is reported (MCP701, server-not-approved).
# "denylist" (the default): only blocked servers are reported (MCP702, server-blocked).
# A central policy named by the MCPLINT_POLICY environment variable (a path) is merged in:
# its mode wins, its blocks always apply, and this file may add approvals.
mode = {mode}
"""

APPROVED_HELP = """\

# Approved servers. An entry matches a server when every key it has matches:
#   package     = "ecosystem:name", optionally @version or @range:
#                 "npm:@modelcontextprotocol/server-github@^2025.4", "pypi:mcp-server-fetch>=1,<2"
#   url         = a glob on the server's URL: "https://mcp.corp.example.com/*"
#   fingerprint = "sha256:..." the exact configuration, as shown by `mcplint inventory`
#   command     = a glob on the command ("my-server", "/opt/corp/bin/*"); name = a glob on its name
#   reason      = a note for humans
"""

BLOCKED_HELP = """
# Blocked servers: reported in every mode (MCP702), with the reason; a block wins over an
# approval. Same keys as above.
# [[policy.blocked]]
# package = "npm:postmark-mcp"
# reason = "compromised release: copied every e-mail it sent to its author"

# Custom rules: folders or files of YAML rule files, in the built-in format (docs/custom-rules.md).
# [rules]
# paths = ["org-rules"]
"""


def render(found: Found, mode: str = "allowlist") -> str:
    servers = f"{found.servers} server{'s' if found.servers != 1 else ''}"
    files = f"{len(found.files)} file{'s' if len(found.files) != 1 else ''}"
    parts = [HEADER.format(count=servers, files=files, mode=_toml(mode)), APPROVED_HELP]
    if not found.entries:
        parts.append("# (no servers found)\n# [[policy.approved]]\n# package = \"npm:@modelcontextprotocol/server-github\"\n")
    elif mode == "denylist":  # only blocks count: an approval would be a promise nobody reviewed
        parts.append(f"\n# mode denylist: no approvals written ({servers} found; `mcplint inventory` lists them)\n")
    for entry in found.entries if mode != "denylist" else ():
        lines = [""]
        shown = entry.servers[:5] + ([f"and {len(entry.servers) - 5} more"] if len(entry.servers) > 5 else [])
        lines += [f"# {_comment(s)}" for s in shown]
        if entry.note:
            lines.append(f"# {_comment(entry.note)}")
        if entry.refused:
            lines.append(f"# NOT APPROVED: {_comment(entry.refused)}")
            lines += ["# [[policy.approved]]", f"# {entry.key} = {_toml(entry.value)}"]
        else:
            lines += ["[[policy.approved]]", f"{entry.key} = {_toml(entry.value)}"]
        parts.append("\n".join(lines) + "\n")
    parts.append(BLOCKED_HELP)
    return "".join(parts)


class InitError(McplintError):
    pass


def check(text: str, folder: Path | None = None) -> Path:
    """Write ``text`` to a temporary file in ``folder`` and load it as a configuration.

    Returns the temporary file (the caller moves or deletes it); raises InitError if it does
    not load, which would be a bug in ``render``, never the user's doing.
    """
    from mcplint.config import ConfigError, read_config_file

    handle, temp = tempfile.mkstemp(prefix=".mcplint-init-", suffix=".toml", dir=folder)
    try:
        # a lone surrogate (a hostile "\ud800" server name in a comment) is written escaped
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n", errors="backslashreplace") as out:
            out.write(text)
        read_config_file(Path(temp))
    except ConfigError as exc:
        os.unlink(temp)
        raise InitError(f"internal error: the generated configuration does not load: {exc.message}") from None
    except BaseException:
        os.unlink(temp)
        raise
    return Path(temp)


def write(target: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``target`` once it loads; keep an existing file unless ``force``."""
    if target.exists() and not force:
        raise InitError(f"{target} already exists (use --force to replace it)")
    if target.is_dir():
        raise InitError(f"{target} is a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = check(text, target.parent)
    try:
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def run(paths: list[str], cwd: Path, output: Path, mode: str = "allowlist", force: bool = False) -> tuple[Found, str]:
    found = collect(paths, cwd)
    text = render(found, mode)
    write(output, text, force)
    return found, text


def summary(found: Found, output: str, mode: str) -> list[str]:
    approved = [e for e in found.entries if not e.refused] if mode != "denylist" else []
    lines = [f"wrote {output}: mode {mode}, {len(approved)} approved "
             f"entr{'ies' if len(approved) != 1 else 'y'} for {found.servers} "
             f"server{'s' if found.servers != 1 else ''} in {len(found.files)} file{'s' if len(found.files) != 1 else ''}"]
    for entry in found.entries:
        names = ", ".join(dict.fromkeys(s.split(" (", 1)[0] for s in entry.servers))
        if entry.refused:
            lines.append(f"  NOT approved {entry.key} {entry.value}  ({names}): {entry.refused}")
        elif mode != "denylist":
            lines.append(f"  approved {entry.key} {entry.value}  ({names})")
    lines.append("next: review the entries, commit the file, then run `mcplint scan`")
    return lines


def render_only(paths: list[str], cwd: Path, mode: str = "allowlist") -> tuple[Found, str]:
    """For ``--output -``: the text, checked, without writing a file."""
    found = collect(paths, cwd)
    text = render(found, mode)
    check(text).unlink()
    return found, text


def shadow_warning(target: Path) -> str | None:
    """A note when the new file hides an existing ``[tool.mcplint]`` (the closest file wins, no merging)."""
    pyproject = target.parent / "pyproject.toml"
    try:
        if pyproject.is_file() and b"[tool.mcplint" in pyproject.read_bytes():
            return (f"note: {target} now takes precedence over [tool.mcplint] in {pyproject} "
                    "(settings are not merged: move them into one file)")
    except OSError:
        return None
    return None


__all__ = ["Entry", "Found", "InitError", "check", "collect", "entry_for", "render", "render_only", "run", "shadow_warning", "summary", "write"]
