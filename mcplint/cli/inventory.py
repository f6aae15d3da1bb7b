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
"""


@click.command("inventory", cls=opt.Command, help=HELP, epilog=EXAMPLES, short_help="List every MCP server found.",
               context_settings=opt.CONTEXT_SETTINGS)
@opt.paths_argument
@opt.text_or_json
@opt.output_option("inventory")
@opt.config_options
@opt.debug_option
@opt.machine_options
def command(paths: tuple[str, ...], fmt: str, output: str | None, config_path: str | None, isolated: bool,
            machine: bool, home: str | None, os_name: str | None, root: str | None, verbose: bool) -> int:
    from mcplint.inventory import collect, write_json, write_table
    from mcplint.machine import discover_all

    tgt = machine_target(machine, home, os_name, root)
    chosen = list(paths) or ([] if tgt is not None else ["."])
    sources, missing = discover_all(tgt, chosen, Path.cwd())
    config = load_config(config_path, isolated, tuple(chosen))
    found = collect(sources, missing, config.policy)
    if tgt is not None:
        machine_notes(tgt, len(sources), verbose)
    for error in found.errors:
        say(f"mcplint: {error['file']}:{error['line']}:{error['column']}: {error['message']}")

    def write(stream: Any) -> None:
        if fmt == "json":
            write_json(found, stream)
        elif found.rows:
            write_table(found, stream)
        elif tgt is None or sources:
            stream.write(f"no MCP servers found in {len(found.files)} file{'s' if len(found.files) != 1 else ''}.\n")

    with output_stream(output) as stream:
        write(stream)
    return 0
