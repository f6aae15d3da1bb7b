"""``mcplint inventory``: every MCP server found, as a table or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mcplint.cli import options as opt
from mcplint.cli.shared import load_config, machine_notes, machine_target, output_stream, say

HELP = """\
List every MCP server found: client, scope, file, name, transport, command or URL, package.

Reads PATHS (default: the current directory, unless --machine is given) and, with --machine,
every known user-level config. Secrets in arguments and URLs are redacted; environment
variables and headers are listed by name only.
"""

EXAMPLES = """\
Examples:
  mcplint inventory --machine                       # every MCP server configured on this machine
  mcplint inventory --machine . --format json       # plus the current project, as JSON
  mcplint inventory --home /mnt/disk/Users/ann --os windows   # a copied home or mounted disk
  mcplint inventory --machine --pending --columns client,name,target   # what still needs approval
  mcplint inventory . --format cyclonedx -o mcp-bom.json            # a CycloneDX BOM for Dependency-Track
  mcplint inventory --machine --format ndjson >> /var/log/mcp.ndjson # one event per server, for a SIEM
"""

INVENTORY_FORMAT_NAMES = ("text", "table", "json", "csv", "ndjson", "cyclonedx", "html")
"""``text`` is the table (the name scan uses for its human format)."""


def _columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    from mcplint.inventory_formats.table import COLUMNS

    names = tuple(c.strip() for v in value for c in v.split(",") if c.strip())
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise click.BadParameter(f"unknown column {unknown[0]!r} (choose from {', '.join(COLUMNS)})", ctx, param)
    return names


@click.command("inventory", cls=opt.Command, help=HELP, epilog=EXAMPLES, short_help="List every MCP server found.",
               context_settings=opt.CONTEXT_SETTINGS)
@opt.paths_argument
@click.option("-f", "--format", "fmt", type=click.Choice(INVENTORY_FORMAT_NAMES), default="text", show_default=True,
              help="A table (text), json, csv, ndjson (one event per server, for a SIEM), cyclonedx (a CycloneDX 1.6 "
                   "BOM) or html (one self-contained page).")
@click.option("--columns", multiple=True, metavar="COLS", callback=_columns,
              help="Table and CSV columns, comma-separated: client, scope, file, name, transport, target, package, "
                   "approval, fingerprint, project, env, headers.")
@click.option("--pending", is_flag=True, help="Only servers not yet approved by the policy.")
@click.option("--blocked", is_flag=True, help="Only servers the policy blocks.")
@click.option("--client", "clients", multiple=True, metavar="NAME", help="Only this client's servers (repeatable).")
@opt.output_option("inventory")
@opt.config_options
@opt.debug_option
@opt.machine_options
def command(paths: tuple[str, ...], fmt: str, columns: tuple[str, ...], pending: bool, blocked: bool,
            clients: tuple[str, ...], output: str | None, config_path: str | None, isolated: bool,
            machine: bool, home: str | None, os_name: str | None, root: str | None, verbose: bool) -> int:
    from mcplint.inventory import collect
    from mcplint.inventory_formats import InventoryOptions, render, select_rows
    from mcplint.machine import discover_all

    tgt = machine_target(machine, home, os_name, root)
    chosen = list(paths) or ([] if tgt is not None else ["."])
    sources, missing = discover_all(tgt, chosen, Path.cwd())
    config = load_config(config_path, isolated, tuple(chosen), machine=tgt is not None)
    found = collect(sources, missing, config.policy)
    if tgt is not None:
        machine_notes(tgt, sources, verbose)
    for error in found.errors:
        say(f"mcplint: {error['file']}:{error['line']}:{error['column']}: {error['message']}")
    wanted = {name for flag, name in ((pending, "pending"), (blocked, "blocked")) if flag}
    if wanted or clients:
        found = select_rows(found, wanted or None, set(clients) or None)
    counts = _finding_counts(sources, config) if fmt == "ndjson" else {}
    name = "table" if fmt == "text" else fmt

    with output_stream(output) as stream:
        if name == "table" and not found.rows:
            if tgt is None or sources:
                stream.write(f"no MCP servers found in {len(found.files)} file{'s' if len(found.files) != 1 else ''}.\n")
        else:
            width = None if output and output != "-" else click.get_terminal_size().columns if stream.isatty() else None
            render(found, name, stream, InventoryOptions(columns=columns, counts=counts, width=width))
    return 0


def _finding_counts(sources: list[Any], config: Any) -> dict[tuple[str, str], dict[str, int]]:
    """Findings by severity per (file, server), for formats that carry them: the same scan as
    ``mcplint scan`` with the config's selection, over the same files."""
    from mcplint.cli.shared import load_rules
    from mcplint.scan import ScanOptions, scan

    report, _ = scan(sources, ScanOptions(rules=load_rules(config), config=config))
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for finding in report.findings:
        if finding.server is not None:
            per = counts.setdefault((finding.file, finding.server), {})
            per[finding.severity] = per.get(finding.severity, 0) + 1
    return counts
