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
  mcplint scan --write-baseline .mcplint-baseline.json   # record today's findings
  mcplint scan --baseline .mcplint-baseline.json         # then report only new ones
  mcplint scan --format github --fail-on high            # GitHub Actions annotations
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


MAIN_EXAMPLES = """
\b
Examples:
  mcplint scan                                # every MCP config under the current directory
  mcplint scan .cursor/mcp.json               # one file (what the pre-commit hook runs)
  mcplint scan . -f sarif -o mcplint.sarif    # SARIF for GitHub code scanning
  mcplint scan --machine                      # every client's config on this computer
  mcplint inventory --machine                 # which servers are configured where
  mcplint rule MCP101                         # what a rule finds and how to fix it
  mcplint init                                # a starter .mcplint.toml approving today's servers
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=MAIN_EXAMPLES)
@click.version_option(__version__, "-V", "--version", prog_name="mcplint")
def main() -> None:
    """mcplint: a static security auditor for MCP client configurations.

    Finds hardcoded secrets, plain-text transports, filesystem servers open to the whole disk,
    writable database servers, unpinned packages and auto-approved tools in the config files of
    Claude, Cursor, VS Code, Windsurf, Gemini CLI, Codex, Zed, Continue, Cline, Goose and more.
    It reads files only: it never starts a configured server and never opens a connection.
    """


OS_CHOICES = ("linux", "darwin", "windows")


def machine_options(func: Any) -> Any:
    """``--machine --home --os --root --verbose``: which machine's user-level configs to read."""
    options = [
        click.option("--machine", is_flag=True,
                     help="Also read every known user-level MCP config of this machine (every client, this OS)."),
        click.option("--home", type=click.Path(file_okay=False), metavar="DIR",
                     help="Audit another machine's files: DIR is its home directory (implies --machine)."),
        click.option("--os", "os_name", type=click.Choice(OS_CHOICES),
                     help="Use this OS's path conventions (default: the running OS; implies --machine)."),
        click.option("--root", type=click.Path(file_okay=False), metavar="DIR",
                     help="Read system-wide configs (/etc, /Library, %ProgramData%) below DIR "
                          "(default: / on the live machine; skipped under --home)."),
        click.option("--verbose", is_flag=True, help="List every place --machine looked at (on stderr)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _machine_target(machine: bool, home: str | None, os_name: str | None, root: str | None) -> Any:
    """The machine to read (None without any machine option)."""
    if not (machine or home or os_name or root):
        return None
    from mcplint.machine import target

    if home is not None and not Path(home).is_dir():
        _fail(f"--home {home}: not a directory")
    if root is not None and not Path(root).is_dir():
        _fail(f"--root {root}: not a directory")
    return target(os_name, home, root)


def _machine_notes(tgt: Any, found: int, verbose: bool) -> None:
    """On stderr: the friendly note when nothing was found, the places looked at with --verbose."""
    from mcplint.machine import nothing_found_message, searched_lines

    if not found:
        click.echo(nothing_found_message(tgt, verbose), err=True)
    elif verbose:
        lines = searched_lines(tgt)
        click.echo(f"looked in {len(lines)} places:", err=True)
        click.echo("\n".join(lines), err=True)


def baseline_options(func: Any) -> Any:
    """``--baseline --write-baseline --report-suppressed --sarif-category``: suppressions and CI."""
    options = [
        click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Report only findings not recorded in this baseline (default: the config's baseline)."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Record the current findings in FILE (no report; exit 0), for --baseline."),
        click.option("--report-suppressed", is_flag=True,
                     help="SARIF: include suppressed findings (inline, config, baseline) marked as suppressed."),
        click.option("--sarif-category", metavar="NAME",
                     help="SARIF: runAutomationDetails.id, to tell several uploads for one commit apart."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter_options(config: Any, baseline: str | None, write_baseline: str | None) -> dict[str, Any]:
    """The filter stage's inputs: a checked configuration and the baseline to apply or write."""
    from mcplint.baseline import BaselineError, load
    from mcplint.filter import FilterError, check_config
    from mcplint.ruleset import load_rules

    try:
        check_config(config, load_rules(tuple(config.rule_paths)))
    except FilterError as exc:
        _fail(str(exc))
    if write_baseline:
        return {"write_baseline": Path(write_baseline)}
    path = baseline or (str(config.root / config.baseline) if config.baseline else None)
    if path is None:
        return {}
    try:
        return {"baseline": load(path)}
    except BaselineError as exc:
        _fail(str(exc))


def _render(report: Any, fmt: str, stream: Any, color: bool, sarif: dict[str, Any]) -> None:
    if hasattr(stream, "reconfigure"):  # a lone surrogate ("\ud800" in a JSON key) prints as \ud800, not a crash
        stream.reconfigure(errors="backslashreplace")
    if fmt == "sarif":
        from mcplint.report.sarif import write

        write(report, stream, **sarif)
        return
    from mcplint.report import render

    render(report, fmt, stream, color=color)


@main.command(epilog=SCAN_EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None, envvar="MCPLINT_FORMAT",
              help="Output format (env MCPLINT_FORMAT) [default: text, or the config's format].")
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
@machine_options
@baseline_options
def scan(paths: tuple[str, ...], fmt: str, output: str | None, fail_on: str | None, exit_zero: bool,
         select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
         config_path: str | None, isolated: bool, color: bool | None, debug: bool,
         machine: bool = False, home: str | None = None, os_name: str | None = None, root: str | None = None,
         verbose: bool = False, baseline: str | None = None, write_baseline: str | None = None,
         report_suppressed: bool = False, sarif_category: str | None = None) -> None:
    """Scan MCP config files and folders (default: the current directory).

    With --machine: every known user-level config of this machine (or of --home DIR read with
    --os conventions), plus the PATHS given.
    """

    def body() -> int:
        from mcplint.model import merge_reports
        from mcplint.plugins import analyzers_for
        from mcplint.scan import ScanOptions, scan_paths

        tgt = _machine_target(machine, home, os_name, root)
        single = bool(config_path or isolated or tgt is not None or write_baseline)
        reports, configs, failing = [], [], False
        for group in ([paths] if single else _paths_by_config(paths)):
            config = _load_config(config_path, isolated, group)
            configs.append(config)
            rules = _load_rules(config, select, extend_select, ignore)
            options = ScanOptions(rules=rules, config=config, extra_analyzers=analyzers_for(rules),
                                  **_filter_options(config, baseline, write_baseline))
            if tgt is not None:
                from mcplint.machine import scan_machine

                report, found = scan_machine(tgt, list(group), options)
                _machine_notes(tgt, len(found), verbose)
            else:
                report = scan_paths(list(group) or ["."], options)
            if write_baseline:
                count = options.baseline_written or 0
                click.echo(f"mcplint: wrote {count} finding{'s' if count != 1 else ''} to baseline {write_baseline}", err=True)
                return EXIT_CLEAN
            threshold = severity_rank(fail_on or config.fail_on or "low")
            failing = failing or (not (exit_zero or config.exit_zero)
                                  and any(severity_rank(f.severity) >= threshold for f in report.findings))
            reports.append(report)
        report = merge_reports(reports)
        fmt_used = fmt or configs[0].format or "text"
        sarif = {"automation_id": sarif_category, "report_suppressed": report_suppressed}
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                _render(report, fmt_used, handle, False, sarif)
        else:
            stream = sys.stdout
            _render(report, fmt_used, stream, _use_color(color, output, stream), sarif)
        return EXIT_FINDINGS if failing else EXIT_CLEAN

    sys.exit(_run_guarded(debug, body))


def _paths_by_config(paths: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The paths grouped by the config file that governs each: the closest one wins (ruff's
    rule), so files from different projects of a monorepo — as pre-commit passes them — are
    each judged by their own project's settings. Order within a group is kept."""
    from mcplint.config import find_config

    if len(paths) < 2:
        return [paths]
    by_folder: dict[Path, Path | None] = {}
    groups: dict[Path | None, list[str]] = {}
    for raw in paths:
        path = Path(os.path.abspath(raw))  # not resolve(): a named symlink loop must get its MCP001
        folder = path if path.is_dir() else path.parent
        if folder not in by_folder:
            by_folder[folder] = find_config(folder) if folder.exists() else find_config(Path.cwd())
        groups.setdefault(by_folder[folder], []).append(raw)
    return [tuple(group) for group in groups.values()]


INIT_EXAMPLES = """
\b
Examples:
  mcplint init                       # approve the servers found under . in a new .mcplint.toml
  mcplint init .cursor .vscode       # only these folders
  mcplint init --mode denylist       # start with blocks only, nothing reported for new servers
  mcplint init -o - > policy.toml    # print it, e.g. to start a central MCPLINT_POLICY file
"""


@main.command("init", epilog=INIT_EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", default=".mcplint.toml", show_default=True, metavar="FILE",
              help="Where to write the configuration ('-' for standard output).")
@click.option("--mode", type=click.Choice(["allowlist", "denylist"]), default="allowlist", show_default=True,
              help="The policy mode to write.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def init_command(paths: tuple[str, ...], output: str, mode: str, force: bool, debug: bool) -> None:
    """Write a starter .mcplint.toml: every server found in PATHS (default: .) approved.

    Each key is explained in comments. Servers are approved as narrowly as their config allows:
    a pinned package at its version, a remote server by URL, anything else by fingerprint.
    """

    def body() -> int:
        from mcplint.init import InitError, render_only, run, shadow_warning, summary

        try:
            if output == "-":
                found, text = render_only(list(paths) or ["."], Path.cwd(), mode)
                click.echo(text, nl=False)
            else:
                found, _text = run(list(paths) or ["."], Path.cwd(), Path(output), mode, force)
        except InitError as exc:
            _fail(str(exc))
        for error in found.errors:
            click.echo(f"mcplint: skipped {error}", err=True)
        if output != "-":
            click.echo("\n".join(summary(found, output, mode)))
            warning = shadow_warning(Path(output))
            if warning:
                click.echo(f"mcplint: {warning}", err=True)
        return EXIT_CLEAN

    sys.exit(_run_guarded(debug, body))


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Also list the custom rules of this config file.")
@click.option("--isolated", is_flag=True, help="Built-in rules only (ignore config files).")
def rules_command(fmt: str, config_path: str | None, isolated: bool) -> None:
    """List every rule (built-in, plus the custom rules the config loads): id, name, severity, summary."""
    from mcplint.docs import rules_json, rules_table
    from mcplint.ruleset import load_rules

    def body() -> None:
        config = _load_config(config_path, isolated, ())
        rules = load_rules(tuple(config.rule_paths))
        click.echo(rules_json(rules) if fmt == "json" else rules_table(rules))

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


INVENTORY_EXAMPLES = """
\b
Examples:
  mcplint inventory --machine                       # every MCP server configured on this machine
  mcplint inventory --machine . --format json       # plus the current project, as JSON
  mcplint inventory --home /mnt/disk/Users/ann --os windows   # a copied home or mounted disk
"""


@main.command("inventory", epilog=INVENTORY_EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or {\"servers\": [...]} as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the inventory to FILE.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@machine_options
def inventory_command(paths: tuple[str, ...], fmt: str, output: str | None, debug: bool, machine: bool = False,
                      home: str | None = None, os_name: str | None = None, root: str | None = None,
                      verbose: bool = False) -> None:
    """List every MCP server found: client, scope, file, name, transport, command or URL, package.

    Reads PATHS (default: the current directory, unless --machine is given) and, with --machine,
    every known user-level config. Secrets in arguments and URLs are redacted; environment
    variables and headers are listed by name only.
    """

    def body() -> int:
        from mcplint.inventory import collect, write_json, write_table
        from mcplint.machine import discover_all

        tgt = _machine_target(machine, home, os_name, root)
        chosen = list(paths) or ([] if tgt is not None else ["."])
        sources, missing = discover_all(tgt, chosen, Path.cwd())
        config = _load_config(None, False, tuple(chosen))
        found = collect(sources, missing, config.policy)
        if tgt is not None:
            _machine_notes(tgt, len(sources), verbose)
        for error in found.errors:
            click.echo(f"mcplint: {error['file']}:{error['line']}:{error['column']}: {error['message']}", err=True)

        def write(stream: Any) -> None:
            if fmt == "json":
                write_json(found, stream)
            elif found.rows:
                write_table(found, stream)
            elif tgt is None or sources:
                stream.write(f"no MCP servers found in {len(found.files)} file{'s' if len(found.files) != 1 else ''}.\n")

        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                write(handle)
        else:
            write(sys.stdout)
        return EXIT_CLEAN

    sys.exit(_run_guarded(debug, body))


if __name__ == "__main__":  # pragma: no cover
    main()
