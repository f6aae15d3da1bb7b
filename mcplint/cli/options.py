"""Options shared by several commands, as click decorators, and the small checks they need.

Each group of options is one decorator (``config_options``, ``machine_options``…), so a
command lists what it accepts in a few lines and every command spells an option alike.
"""

from __future__ import annotations

import os
from typing import Any, Callable

import click

from mcplint.model import SEVERITIES
from mcplint.report import REPORTERS

OS_CHOICES = ("linux", "darwin", "windows")
FORMAT_ENV = "MCPLINT_FORMAT"
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
"""Help is as wide as the terminal (COLUMNS), at most 100 columns."""

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class EpilogAsWritten:
    """The ``Examples:`` epilog printed as written (aligned comments), not re-wrapped or indented."""

    epilog: str | None

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            formatter.write(self.epilog.rstrip("\n") + "\n")


class Command(EpilogAsWritten, click.Command):
    """A command of mcplint's."""


def _stack(*decorators: Decorator) -> Decorator:
    """One decorator applying ``decorators`` so that options appear in help in the order given."""
    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


# ----------------------------------------------------------------------------- value checks


def file_in_existing_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An output FILE whose folder exists: writing into a missing folder is a usage error
    before any work is done, not a crash after the scan."""
    if value is None or value == "-":
        return value
    folder = os.path.dirname(value)
    if folder and not os.path.isdir(folder):
        raise click.BadParameter(f"folder {folder!r} does not exist (mcplint does not create it)", ctx, param)
    return value


OUTPUT_FILE = click.Path(dir_okay=False, writable=True)
"""A FILE to write: not a directory, writable when it exists."""
INPUT_FILE = click.Path(dir_okay=False)
"""A FILE to read: not a directory (a missing one is the reading stage's error, with its name)."""


def _format_from_env(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """-f, else a non-empty MCPLINT_FORMAT (checked here, so that an error names its source),
    else None: the config's format or text."""
    if value is not None:
        return value
    env = os.environ.get(FORMAT_ENV)
    if not env:
        return None
    if env not in REPORTERS:
        choices = ", ".join(map(repr, REPORTERS))
        raise click.BadParameter(f"{env!r} (from env {FORMAT_ENV}) is not one of {choices}.", ctx, param)
    return env


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Tell ``main``'s error handler to show tracebacks (it runs after the command's context is gone)."""
    if value and isinstance(ctx.obj, dict):
        ctx.obj["debug"] = True
    return value


def complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion: built-in rule ids and names starting with what was typed."""
    from mcplint.ruleset import load_rules

    rules = load_rules()
    words = [*sorted(rules), *sorted(rule.name for rule in rules.values())]
    typed = incomplete.rsplit(",", 1)[-1]
    head = incomplete[: len(incomplete) - len(typed)]
    return [head + word for word in words if word.upper().startswith(typed.upper())]


# ----------------------------------------------------------------------------- the options


debug_option = click.option("--debug", is_flag=True, callback=_set_debug, expose_value=False, is_eager=True,
                            help="Show the traceback of an error (for bug reports).")

paths_argument = click.argument("paths", nargs=-1, metavar="[PATHS]...", type=click.Path())

config_options = _stack(
    click.option("--config", "config_path", type=INPUT_FILE, metavar="FILE",
                 help="Use this config file (default: the closest .mcplint.toml or [tool.mcplint] in pyproject.toml)."),
    click.option("--isolated", is_flag=True, help="Ignore every config file (and MCPLINT_POLICY)."),
)

selection_options = _stack(
    click.option("--select", multiple=True, metavar="RULES", shell_complete=complete_rules,
                 help="Only these rules: ids, prefixes (MCP1), names; comma-separated, repeatable."),
    click.option("--extend-select", multiple=True, metavar="RULES", shell_complete=complete_rules, help="Add these rules to the selection."),
    click.option("--ignore", multiple=True, metavar="RULES", shell_complete=complete_rules, help="Skip these rules: ids, prefixes or names."),
)


def output_option(what: str) -> Decorator:
    return click.option("-o", "--output", type=OUTPUT_FILE, metavar="FILE", callback=file_in_existing_folder,
                        help=f"Write the {what} to FILE (its folder must exist).")


report_options = _stack(
    click.option("-f", "--format", "fmt", type=click.Choice(list(REPORTERS)), default=None, callback=_format_from_env,
                 help="Output format (env MCPLINT_FORMAT) [default: text, or the config's format]."),
    output_option("report"),
    click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                 help="Exit 1 only for findings at or above this severity [default: low, or the config's fail-on]."),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2)."),
    click.option("--statistics", is_flag=True,
                 help="Count findings per rule ('COUNT  RULE  name' lines; JSON with -f json) instead of listing them."),
    click.option("-q", "--quiet", is_flag=True, help="Only the findings: no summary line, no progress."),
    click.option("--group-by", type=click.Choice(("file", "rule", "severity")), default="file", show_default=True,
                 help="Text report: group findings by file, rule or severity."),
    click.option("--color/--no-color", default=None,
                 help="Force colour on or off (default: on for a terminal, off with NO_COLOR)."),
)

stdin_options = click.option(
    "--stdin-filename", metavar="PATH",
    help="With PATHS '-': judge standard input as the file PATH (its client, its config; findings under PATH).")

machine_options = _stack(
    click.option("--machine", is_flag=True,
                 help="Also read every known user-level MCP config of this machine (every client, this OS)."),
    click.option("--home", metavar="DIR",
                 help="Audit another machine's files: DIR is its home directory (implies --machine)."),
    click.option("--os", "os_name", type=click.Choice(OS_CHOICES),
                 help="Use this OS's path conventions (default: the running OS; implies --machine)."),
    click.option("--root", metavar="DIR",
                 help="Read system-wide configs (/etc, /Library, %ProgramData%) below DIR "
                      "(default: / on the live machine; skipped under --home)."),
    click.option("--verbose", is_flag=True, help="List every place --machine looked at (on stderr)."),
)

baseline_options = _stack(
    click.option("--baseline", type=INPUT_FILE, metavar="FILE",
                 help="Report only findings not recorded in this baseline (default: the config's baseline)."),
    click.option("--write-baseline", type=OUTPUT_FILE, metavar="FILE", callback=file_in_existing_folder,
                 help="Record the current findings in FILE (no report; exit 0), for --baseline."),
    click.option("--report-suppressed", is_flag=True,
                 help="SARIF: include suppressed findings (inline, config, baseline) marked as suppressed."),
    click.option("--sarif-category", metavar="NAME",
                 help="SARIF: runAutomationDetails.id, to tell several uploads for one commit apart."),
)

text_or_json = click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text",
                            show_default=True, help="A table (text) or JSON.")


def _pins(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    """``--pin pkg@1.2.3`` (``@scope/pkg@1.2.3``, ``pkg==1.2.3``) -> {package: version}."""
    pins: dict[str, str] = {}
    for spec in value:
        name, sep, version = spec.rpartition("==") if "==" in spec else spec.rpartition("@")
        if not sep or not name or not version or name.endswith("/"):
            raise click.BadParameter(f"{spec!r}: expected PACKAGE@VERSION", ctx, param)
        pins[name] = version
    return pins


fix_options = _stack(
    click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what is left."),
    click.option("--diff", "show_diff", is_flag=True,
                 help="Print the fixes as a unified diff and write nothing (exit 1 when there is any)."),
    click.option("--unsafe-fixes", is_flag=True,
                 help="With --fix or --diff: also apply fixes that change how a server behaves."),
    click.option("--pin", "pins", multiple=True, metavar="PKG@VERSION", callback=_pins,
                 help="The version --unsafe-fixes pins an unpinned package to (repeatable)."),
)
