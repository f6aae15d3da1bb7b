"""``mcplint policy show``: the approval policy in force, and where each part came from.

The policy a scan applies is the closest config's ``[policy]`` merged with the central file
named by MCPLINT_POLICY (docs/policy.md); this shows the result, so "why is this server not
approved here?" has an answer without reading two files and the merge rules.
"""

from __future__ import annotations

import json
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
    """The policy as shown: sources, mode, entries with credential-bearing values redacted."""
    policy = config.policy or {}
    return {
        "config": str(config.path) if config.path else None,
        "central": str(config.policy_path) if config.policy_path else None,
        "mode": policy.get("mode", "denylist"),
        "approved": [_entry(e) for e in policy.get("approved", [])],
        "blocked": [_entry(e) for e in policy.get("blocked", [])],
    }


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
        if not entries:
            lines.append("  (none)")
    return lines
