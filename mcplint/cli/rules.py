"""``mcplint rules``: every rule (built-in and the config's custom rules), as a table or JSON."""

from __future__ import annotations

import click

from mcplint.cli import options as opt

HELP = "List every rule (built-in, plus the custom rules the config loads): id, name, severity, summary."


@click.command("rules", cls=opt.Command, help=HELP, short_help="List every rule.", context_settings=opt.CONTEXT_SETTINGS)
@opt.text_or_json
@opt.config_options
@opt.debug_option
def command(fmt: str, config_path: str | None, isolated: bool) -> int:
    from mcplint.cli.shared import load_config
    from mcplint.docs import rules_json, rules_table
    from mcplint.ruleset import load_rules

    config = load_config(config_path, isolated, ())
    rules = load_rules(tuple(config.rule_paths))
    click.echo(rules_json(rules) if fmt == "json" else rules_table(rules))
    return 0
