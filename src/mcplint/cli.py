"""Command line: ``mcplint scan``, ``mcplint rules``, ``mcplint rule CODE``.

Exit codes (ruff's): 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration
or internal error. Heavy modules (rich, jsonschema, detect-secrets) are imported only when a
run needs them, so a pre-commit run on a clean file costs little more than starting Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from mcplint import __version__
from mcplint.model import SEVERITIES, severity_rank
from mcplint.report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

SCAN_EXAMPLES = """
\b
Examples:
  mcplint scan                          # the current directory
  mcplint scan .cursor/mcp.json         # one file (pre-commit passes files like this)
  mcplint scan . --format sarif -o mcplint.sarif
  mcplint scan --select MCP1 --fail-on high
  mcplint scan --format json | jq '.findings[].rule'
"""


class UsageFailure(click.ClickException):
    exit_code = EXIT_ERROR


def _fail(message: str) -> NoReturn:
    raise UsageFailure(message)


def _use_color(option: bool | None, output: str | None, stream: Any) -> bool:
    if option is not None:
        return option
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _load_config(config_path: str | None, isolated: bool, paths: tuple[str, ...]) -> Any:
    """The configuration in force: --config, else the closest file to the first path."""
    from mcplint.config import ConfigError, load_config

    start = Path(paths[0]) if paths else Path.cwd()
    try:
        return load_config(config_path, start if start.exists() else Path.cwd(), isolated)
    except ConfigError as exc:
        _fail(str(exc))


def _load_rules(config: Any, select: tuple[str, ...], extend_select: tuple[str, ...],
                ignore: tuple[str, ...]) -> dict[str, Any]:
    """Built-in and custom rules, selected ruff-style: the command line wins over the config."""
    from mcplint.ruleset import load_rules
    from mcplint.select import SelectorError, select_rules, split_csv

    rules = load_rules(tuple(config.rule_paths))
    chosen = split_csv(select) or config.select
    try:
        return select_rules(rules, chosen or None, [*config.extend_select, *split_csv(extend_select)],
                            [*config.ignore, *split_csv(ignore)])
    except SelectorError as exc:
        _fail(str(exc))


def _run_guarded(debug: bool, body: Any) -> Any:
    """Run ``body``; turn rule errors and crashes into a message and exit 2 (traceback with --debug)."""
    from mcplint.ruleset import RuleError

    try:
        return body()
    except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
        raise
    except BrokenPipeError:  # `mcplint scan | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except RuleError as exc:
        if debug:
            raise
        click.echo(f"mcplint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if debug:
            raise
        click.echo(f"mcplint: internal error: {type(exc).__name__} (run with --debug for details)", err=True)
        sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="mcplint")
def main() -> None:
    """mcplint: a static security auditor for MCP client configurations.

    Finds hardcoded secrets, plain-text transports, filesystem servers open to the whole disk,
    writable database servers, unpinned packages and auto-approved tools in the config files of
    Claude, Cursor, VS Code, Windsurf, Gemini CLI, Codex, Zed, Continue, Cline, Goose and more.
    It reads files only: it never starts a configured server and never opens a connection.
    """


@main.command(epilog=SCAN_EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              envvar="MCPLINT_FORMAT", help="Output format (env MCPLINT_FORMAT).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 only for findings at or above this severity [default: low, or the config's fail-on].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules: ids, prefixes (MCP1), names; comma-separated.")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules: ids, prefixes or names.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file (default: the closest .mcplint.toml or [tool.mcplint] in pyproject.toml).")
@click.option("--isolated", is_flag=True, help="Ignore every config file (and MCPLINT_POLICY).")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def scan(paths: tuple[str, ...], fmt: str, output: str | None, fail_on: str | None, exit_zero: bool,
         select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
         config_path: str | None, isolated: bool, color: bool | None, debug: bool) -> None:
    """Scan MCP config files and folders (default: the current directory)."""

    def body() -> int:
        from mcplint.report import render
        from mcplint.scan import ScanOptions, scan_paths

        config = _load_config(config_path, isolated, paths)
        rules = _load_rules(config, select, extend_select, ignore)
        report = scan_paths(list(paths) or ["."], ScanOptions(rules=rules, config=config))
        threshold = severity_rank(fail_on or config.fail_on or "low")
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                render(report, fmt, handle, color=False)
        else:
            stream = click.get_text_stream("stdout")
            render(report, fmt, stream, color=_use_color(color, output, stream))
        failing = any(severity_rank(f.severity) >= threshold for f in report.findings)
        return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN

    sys.exit(_run_guarded(debug, body))


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule: id, name, severity and summary."""
    from mcplint.docs import rules_json, rules_table

    def body() -> None:
        click.echo(rules_json() if fmt == "json" else rules_table())

    _run_guarded(False, body)


@main.command("rule")
@click.argument("code")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule_command(code: str, fmt: str) -> None:
    """Explain one rule (by id or name): what it finds, why, examples, how to fix."""
    from mcplint.docs import explain

    def body() -> None:
        text = explain(code, fmt)
        if text is None:
            _fail(f"unknown rule {code!r} (try 'mcplint rules')")
        click.echo(text)

    _run_guarded(False, body)


if __name__ == "__main__":  # pragma: no cover
    main()
