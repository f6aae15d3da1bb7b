"""``mcplint rule CODE``: one rule explained, built-in or custom."""

from __future__ import annotations


import click

from mcplint.cli import options as opt
from mcplint.errors import McplintError

HELP = """\
Explain one rule (by id or name): what it finds, why, examples, how to fix.

Custom rules that the config loads (or --config FILE) are explained too.
"""


@click.command("rule", cls=opt.Command, help=HELP, short_help="Explain one rule.", context_settings=opt.CONTEXT_SETTINGS)
@click.argument("code", metavar="CODE", shell_complete=opt.complete_rules)
@opt.text_or_json
@opt.config_options
@opt.debug_option
def command(code: str, fmt: str, config_path: str | None, isolated: bool) -> int:
    """CODE: a rule id (MCP101) or name (hardcoded-secret)."""
    from mcplint.cli.shared import load_config
    from mcplint.docs import explain, unknown_rule
    from mcplint.ruleset import load_rules

    config = load_config(config_path, isolated, ())
    rules = load_rules(tuple(config.rule_paths))
    text = explain(code, fmt, rules)
    if text is None:
        raise McplintError(unknown_rule(code, rules))
    click.echo(text)
    return 0
