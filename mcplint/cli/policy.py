"""``mcplint policy show``: the approval policy in force, and where each part came from.

The policy a scan applies is the closest config's ``[policy]`` merged with the central file
named by MCPLINT_POLICY (docs/policy.md); this shows the result, so "why is this server not
approved here?" has an answer without reading two files and the merge rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from mcplint.cli import options as opt

SHOW_HELP = """\
Show the approval policy in force for PATH (default: .): mode, approved and blocked entries,
and the files they came from (the closest config, and MCPLINT_POLICY's central file).

Values that could hold a credential (URLs, commands) are shown redacted.
"""

MATCHER_KEYS = ("package", "url", "fingerprint", "command", "name")


@click.group("policy", short_help="Show the approval policy in force.",
             help="The organisation's approval policy (see docs/policy.md).", context_settings=opt.CONTEXT_SETTINGS)
def command() -> None:
    """``mcplint policy``: sub-commands about the approval policy."""


@command.command("show", cls=opt.Command, help=SHOW_HELP, short_help="Show the policy in force.",
                 context_settings=opt.CONTEXT_SETTINGS)
@click.argument("path", default=".", type=click.Path(), metavar="[PATH]")
@opt.text_or_json
@opt.config_options
@opt.debug_option
def show(path: str, fmt: str, config_path: str | None, isolated: bool) -> int:
    from mcplint.cli.shared import load_config

    config = load_config(config_path, isolated, (path,))
    view = policy_view(config)
    click.echo(json.dumps(view, indent=2) if fmt == "json" else "\n".join(_text(view)))
    return 0


def policy_view(config: Any) -> dict[str, Any]:
    """The policy as shown: sources, mode, entries with credential-bearing values redacted and
    the file each came from (``from``)."""
    policy = config.policy or {}
    central = _central_policy(config)
    config_file = str(config.path) if config.path else None
    central_file = str(config.policy_path) if config.policy_path else None

    def origin(kind: str, entry: dict[str, Any]) -> str | None:
        return central_file if entry in central.get(kind, []) else config_file

    return {
        "config": config_file,
        "central": central_file,
        "mode": policy.get("mode", "denylist"),
        "approved": [{**_entry(e), "from": origin("approved", e)} for e in policy.get("approved", [])],
        "blocked": [{**_entry(e), "from": origin("blocked", e)} for e in policy.get("blocked", [])],
    }


def _central_policy(config: Any) -> dict[str, Any]:
    """The central file's own ``[policy]`` (to tell its entries from the project's)."""
    if not config.policy_path:
        return {}
    from mcplint.config import from_dict, read_config_file

    return from_dict(read_config_file(config.policy_path) or {}, config.policy_path).policy or {}


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    from mcplint.inventory import redact_value

    shown = {}
    for key, value in entry.items():
        if key in ("url", "command") and isinstance(value, str):
            value = redact_value(value, placement="url" if key == "url" else "arg")
        shown[key] = value
    return shown


def _text(view: dict[str, Any]) -> list[str]:
    lines = [f"config:  {view['config'] or '(none: defaults)'}",
             f"central: {view['central'] or '(none: MCPLINT_POLICY not set)'}",
             f"mode:    {view['mode']}" + ("  (every server not approved is MCP701)" if view["mode"] == "allowlist" else "")]
    for title in ("approved", "blocked"):
        entries = view[title]
        lines += ["", f"{title} ({len(entries)}):"]
        for entry in entries:
            matchers = "  ".join(f"{key} = {json.dumps(entry[key], ensure_ascii=False)}" for key in MATCHER_KEYS if key in entry)
            reason = f"  # {entry['reason']}" if entry.get("reason") else ""
            lines.append(f"  {matchers}{reason}")
            if entry.get("from"):
                lines.append(f"    from {entry['from']}")
        if not entries:
            lines.append("  (none)")
    return lines


EXPORT_HELP = """\
Write the policy in force as a client's own managed policy, so the client itself refuses what
the policy does not approve: Claude Code or Copilot managed-settings.json (allowedMcpServers /
deniedMcpServers), Codex requirements.toml ([mcp_servers.<id>.identity]), Gemini CLI system
settings (mcp.allowed / mcp.excluded), Cline enterprise allowedMCPServers.

Approvals by URL become URL patterns; approvals by package or fingerprint become the exact
command lines of the approved servers found under PATHS (or --machine): clients cannot express
version ranges. Warnings (what a client cannot express) go to stderr. Exit 1 when the exported
file would let the client run a server the policy does not allow.
"""

EXPORT_EXAMPLES = """\
Examples:
  mcplint policy export --to claude-code . -o managed-settings.json
  MCPLINT_POLICY=/etc/mcplint/policy.toml mcplint policy export --to codex --machine -o requirements.toml
"""


@command.command("export", cls=opt.Command, help=EXPORT_HELP, epilog=EXPORT_EXAMPLES,
                 short_help="Export the policy as a client's managed policy.", context_settings=opt.CONTEXT_SETTINGS)
@opt.paths_argument
@click.option("--to", "target", required=True, type=click.Choice(("claude-code", "copilot", "codex", "gemini", "cline")),
              help="The client whose policy file to write.")
@opt.output_option("policy file")
@opt.config_options
@opt.debug_option
@opt.machine_options
def export(paths: tuple[str, ...], target: str, output: str | None, config_path: str | None, isolated: bool,
           machine: bool, home: str | None, os_name: str | None, root: str | None, verbose: bool) -> int:
    from mcplint.cli.shared import machine_target, output_stream, say
    from mcplint.errors import McplintError
    from mcplint.machine import discover_all
    from mcplint.policy import as_policy
    from mcplint.policy_export import export as run, servers_in

    tgt = machine_target(machine, home, os_name, root)
    chosen = list(paths) or ([] if tgt is not None else ["."])
    config = load_config_for(config_path, isolated, tuple(chosen), tgt is not None)
    sources, missing = discover_all(tgt, chosen, Path.cwd())
    if missing:
        raise McplintError(f"{missing[0].display}: no such file or directory")
    servers, unreadable = servers_in(sources)
    if unreadable:  # fail closed: a policy for servers we could not see would refuse them silently
        raise McplintError(f"cannot read {unreadable[0]}" + (f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""))
    files = [str(p) for p in (config.policy_path, config.path) if p]
    result = run(target, as_policy(config.policy or {}), servers, files)
    for note in result.notes:
        say(f"mcplint: {note}")
    for warning in result.warnings:
        say(f"mcplint: warning: {warning}")
    for error in result.errors:
        say(f"mcplint: error: {error}")
    with output_stream(output) as stream:
        stream.write(result.text)
    return 1 if result.errors else 0


def load_config_for(config_path: str | None, isolated: bool, paths: tuple[str, ...], machine: bool) -> Any:
    """As for ``scan``: with --machine the user-level config (and MCPLINT_POLICY), else the closest."""
    from mcplint.cli.shared import load_config

    return load_config(config_path, isolated, paths, machine=machine)
