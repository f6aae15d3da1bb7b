"""``mcplint schema NAME``: the JSON Schema of one of mcplint's JSON outputs."""

from __future__ import annotations

import click

from mcplint.cli import options as opt
from mcplint.schemas import SCHEMAS

HELP = """\
Print the JSON Schema (draft 2020-12) of a JSON output. NAME is `json` (default) for
`scan --format json`, or `inventory` for `inventory --format json`. The schema is versioned with the output's
schema_version; validate what you ingest against it.
"""


@click.command("schema", cls=opt.Command, help=HELP, short_help="Print the JSON Schema of a JSON output.",
               context_settings=opt.CONTEXT_SETTINGS)
@click.argument("name", metavar="NAME", type=click.Choice(list(SCHEMAS)), default="json")
@opt.debug_option
def command(name: str) -> int:
    from mcplint.schemas import text

    click.echo(text(name), nl=False)
    return 0
