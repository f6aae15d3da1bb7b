"""Command line: ``mcplint scan``, ``mcplint rules``, ``mcplint rule CODE``.

Exit codes (ruff's): 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration
or internal error. Heavy modules (rich, jsonschema, detect-secrets) are imported only when a
run needs them, so a pre-commit run on a clean file costs little more than starting Python.
The parser is the standard library's argparse (what pre-commit and detect-secrets use too):
cheap to import, nothing of it is loaded that a run does not need.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from mcplint import __version__
from mcplint.model import SEVERITIES, severity_rank
from mcplint.report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a command stopped by SIGINT (128 + 2)."""

MAIN_DESCRIPTION = """\
mcplint: a static security auditor for MCP client configurations.

Finds hardcoded secrets, plain-text transports, filesystem servers open to the whole disk,
writable database servers, unpinned packages and auto-approved tools in the config files of
Claude, Cursor, VS Code, Windsurf, Gemini CLI, Codex, Zed, Continue, Cline, Goose and more.
It reads files only: it never starts a configured server and never opens a connection.
"""

MAIN_EXAMPLES = """\
Examples:
  mcplint scan                                # every MCP config under the current directory
  mcplint scan .cursor/mcp.json               # one file (what the pre-commit hook runs)
  mcplint scan . -f sarif -o mcplint.sarif    # SARIF for GitHub code scanning
  mcplint scan --machine                      # every client's config on this computer
  mcplint inventory --machine                 # which servers are configured where
  mcplint rule MCP101                         # what a rule finds and how to fix it
  mcplint init                                # a starter .mcplint.toml approving today's servers
"""

SCAN_DESCRIPTION = """\
Scan MCP config files and folders (default: the current directory).

With --machine: every known user-level config of this machine (or of --home DIR read with
--os conventions), plus the PATHS given.
"""

SCAN_EXAMPLES = """\
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

INIT_DESCRIPTION = """\
Write a starter .mcplint.toml: every server found in PATHS (default: .) approved.

Each key is explained in comments. Servers are approved as narrowly as their config allows:
a pinned package at its version, a remote server by URL, anything else by fingerprint.
"""

INIT_EXAMPLES = """\
Examples:
  mcplint init                       # approve the servers found under . in a new .mcplint.toml
  mcplint init .cursor .vscode       # only these folders
  mcplint init --mode denylist       # start with blocks only, nothing reported for new servers
  mcplint init -o - > policy.toml    # print it, e.g. to start a central MCPLINT_POLICY file
"""

RULES_DESCRIPTION = "List every rule (built-in, plus the custom rules the config loads): id, name, severity, summary."

RULE_DESCRIPTION = "Explain one rule (by id or name): what it finds, why, examples, how to fix."

INVENTORY_DESCRIPTION = """\
List every MCP server found: client, scope, file, name, transport, command or URL, package.

Reads PATHS (default: the current directory, unless --machine is given) and, with --machine,
every known user-level config. Secrets in arguments and URLs are redacted; environment
variables and headers are listed by name only.
"""

INVENTORY_EXAMPLES = """\
Examples:
  mcplint inventory --machine                       # every MCP server configured on this machine
  mcplint inventory --machine . --format json       # plus the current project, as JSON
  mcplint inventory --home /mnt/disk/Users/ann --os windows   # a copied home or mounted disk
"""

OS_CHOICES = ("linux", "darwin", "windows")


class UsageFailure(Exception):
    """A usage or configuration error of ours: ``mcplint: error: MESSAGE`` on stderr, exit 2."""


def _fail(message: str) -> NoReturn:
    raise UsageFailure(message)


def _error(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _use_color(option: bool | None, output: str | None, stream: Any) -> bool:
    if option is not None:
        return option
    if output or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _load_config(config_path: str | None, isolated: bool, paths: tuple[str, ...], machine: bool = False) -> Any:
    """The configuration in force: --config, else the closest file to the first path (with
    --machine: the user-level config, never the current folder's)."""
    from mcplint.config import ConfigError, load_config, load_machine_config

    start = Path(paths[0]) if paths else Path.cwd()
    try:
        if machine:
            return load_machine_config(config_path, isolated)
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
    from mcplint.usage import UsageError

    try:
        return body()
    except (UsageFailure, SystemExit):
        raise
    except UsageError as exc:  # from the core: a path or option the user can fix
        _fail(str(exc))
    except BrokenPipeError:  # `mcplint scan | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except RuleError as exc:
        if debug:
            raise
        _error(f"mcplint: error: {exc}")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:  # Ctrl-C: a word, not a traceback (workers are stopped on the way out)
        if debug:
            raise
        _error("mcplint: interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if debug:
            raise
        _error(f"mcplint: internal error: {type(exc).__name__} (run with --debug for details)")
        sys.exit(EXIT_ERROR)


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
        _error(nothing_found_message(tgt, verbose))
    elif verbose:
        lines = searched_lines(tgt)
        _error(f"looked in {len(lines)} places:")
        _error("\n".join(lines))


def _filter_options(config: Any, baseline: str | None, write_baseline: str | None) -> dict[str, Any]:
    """The filter stage's inputs: a checked configuration and the baseline to apply or write."""
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
    from mcplint.baseline import BaselineError, load

    try:
        return {"baseline": load(path)}
    except BaselineError as exc:
        _fail(str(exc))


def _render(report: Any, fmt: str, stream: Any, options: Any) -> None:
    if hasattr(stream, "reconfigure"):  # a lone surrogate ("\ud800" in a JSON key) prints as \ud800, not a crash
        stream.reconfigure(errors="backslashreplace")
    from mcplint.report import render

    render(report, fmt, stream, options)


def scan_command(args: argparse.Namespace) -> int:
    """``mcplint scan``: the report, and exit 1 when a finding is at or above --fail-on."""
    paths: tuple[str, ...] = tuple(args.paths)
    select, extend_select, ignore = tuple(args.select or ()), tuple(args.extend_select or ()), tuple(args.ignore or ())
    config_path, isolated, write_baseline, output = args.config_path, args.isolated, args.write_baseline, args.output

    def body() -> int:
        from mcplint.model import merge_reports
        from mcplint.plugins import analyzers_for
        from mcplint.scan import ScanOptions, scan_paths

        tgt = _machine_target(args.machine, args.home, args.os_name, args.root)
        single = bool(config_path or isolated or tgt is not None or write_baseline)
        reports, configs, failing = [], [], False
        for group in ([paths] if single else _paths_by_config(paths)):
            config = _load_config(config_path, isolated, group, machine=tgt is not None)
            configs.append(config)
            rules = _load_rules(config, select, extend_select, ignore)
            options = ScanOptions(rules=rules, config=config, extra_analyzers=analyzers_for(rules),
                                  **_filter_options(config, args.baseline, write_baseline))
            if tgt is not None:
                from mcplint.machine import scan_machine

                report, found = scan_machine(tgt, list(group), options)
                _machine_notes(tgt, len(found), args.verbose)
            else:
                report = scan_paths(list(group) or ["."], options)
            if write_baseline:
                count = options.baseline_written or 0
                _error(f"mcplint: wrote {count} finding{'s' if count != 1 else ''} to baseline {write_baseline}")
                return EXIT_CLEAN
            threshold = severity_rank(args.fail_on or config.fail_on or "low")
            failing = failing or (not (args.exit_zero or config.exit_zero)
                                  and any(severity_rank(f.severity) >= threshold for f in report.findings))
            reports.append(report)
        report = merge_reports(reports)
        fmt_used = args.fmt or configs[0].format or "text"
        from mcplint.report import ReportOptions

        report_options = ReportOptions(automation_id=args.sarif_category, report_suppressed=args.report_suppressed)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                _render(report, fmt_used, handle, report_options)
        else:
            stream = sys.stdout
            color = _use_color(args.color, output, stream)
            _render(report, fmt_used, stream, dataclasses.replace(report_options, color=color))
        return EXIT_FINDINGS if failing else EXIT_CLEAN

    return _run_guarded(args.debug, body)


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


def init_command(args: argparse.Namespace) -> int:
    """``mcplint init``: a starter configuration approving the servers found."""
    paths, output, mode = list(args.paths) or ["."], args.output, args.mode

    def body() -> int:
        from mcplint.init import InitError, render_only, run, shadow_warning, summary

        try:
            if output == "-":
                found, text = render_only(paths, Path.cwd(), mode)
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                found, _text = run(paths, Path.cwd(), Path(output), mode, args.force)
        except InitError as exc:
            _fail(str(exc))
        for error in found.errors:
            _error(f"mcplint: skipped {error}")
        if output != "-":
            print("\n".join(summary(found, output, mode)), flush=True)
            warning = shadow_warning(Path(output))
            if warning:
                _error(f"mcplint: {warning}")
        return EXIT_CLEAN

    return _run_guarded(args.debug, body)


def rules_command(args: argparse.Namespace) -> int:
    """``mcplint rules``: the rule table (or JSON)."""
    from mcplint.docs import rules_json, rules_table
    from mcplint.ruleset import load_rules

    def body() -> int:
        config = _load_config(args.config_path, args.isolated, ())
        rules = load_rules(tuple(config.rule_paths))
        print(rules_json(rules) if args.fmt == "json" else rules_table(rules), flush=True)
        return EXIT_CLEAN

    return _run_guarded(False, body)


def rule_command(args: argparse.Namespace) -> int:
    """``mcplint rule CODE``: one rule explained."""
    from mcplint.docs import explain

    def body() -> int:
        text = explain(args.code, args.fmt)
        if text is None:
            _fail(f"unknown rule {args.code!r} (try 'mcplint rules')")
        print(text, flush=True)
        return EXIT_CLEAN

    return _run_guarded(False, body)


def inventory_command(args: argparse.Namespace) -> int:
    """``mcplint inventory``: every server found, as a table or JSON."""
    fmt, output = args.fmt, args.output

    def body() -> int:
        from mcplint.inventory import collect, write_json, write_table
        from mcplint.machine import discover_all

        tgt = _machine_target(args.machine, args.home, args.os_name, args.root)
        chosen = list(args.paths) or ([] if tgt is not None else ["."])
        sources, missing = discover_all(tgt, chosen, Path.cwd())
        config = _load_config(None, False, tuple(chosen), machine=tgt is not None)
        found = collect(sources, missing, config.policy)
        if tgt is not None:
            _machine_notes(tgt, len(sources), args.verbose)
        for error in found.errors:
            _error(f"mcplint: {error['file']}:{error['line']}:{error['column']}: {error['message']}")

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

    return _run_guarded(args.debug, body)


# ----------------------------------------------------------------------------------- the parser


def _help_width() -> int:
    """The help text's width: the terminal's (COLUMNS, else 80 when not a terminal), at most
    100. Computed here, not by argparse, which would import shutil for it on every run."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 100), 52) - 2


class _Formatter(argparse.HelpFormatter):
    """Descriptions re-wrapped paragraph by paragraph; a paragraph with indented lines (the
    ``Examples:`` blocks) kept as written; the commands listed without argparse's header line."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 32,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _help_width())

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        paragraphs = []
        for paragraph in text.strip("\n").split("\n\n"):
            lines = paragraph.splitlines()
            if any(line[:1].isspace() for line in lines):
                paragraphs.append("\n".join(indent + line if line else line for line in lines))
            else:
                paragraphs.append(textwrap.fill(" ".join(paragraph.split()), width,
                                                initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(paragraphs)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)  # not "--fail-" / "on"

    def _format_action_invocation(self, action: argparse.Action) -> str:
        """``-f, --format FORMAT`` rather than argparse's ``-f FORMAT, --format FORMAT``."""
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        metavar = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {metavar}"

    def _format_action(self, action: argparse.Action) -> str:
        if action.nargs == argparse.PARSER:  # the COMMAND positional: list the commands only
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)


class _CommandParser(argparse.ArgumentParser):
    """A command's parser. With ``intermixed``, options and PATHS mix in any order (``scan a -f
    json b``); an unknown option is reported with this command's usage line, not mcplint's."""

    intermixed = False
    _mixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        if self._mixing or not self.intermixed:
            parsed, extras = super().parse_known_args(args, namespace)
        else:
            self._mixing = True
            try:
                parsed, extras = self.parse_known_intermixed_args(args, namespace)
            finally:
                self._mixing = False
        if extras and not self._mixing:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def _not_a_directory(value: str) -> str:
    """A FILE option: an existing directory is refused (a usage error)."""
    if os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"file {value!r} is a directory")
    return value


def _writable_file(value: str) -> str:
    """An output FILE: not a directory, in a folder that exists, and writable if it exists."""
    from mcplint.usage import UsageError, check_output

    try:
        check_output(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _help_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="Show this message and exit.")


def _debug_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="Show tracebacks for internal errors.")


def _machine_options(parser: argparse.ArgumentParser) -> None:
    """``--machine --home --os --root --verbose``: which machine's user-level configs to read."""
    parser.add_argument("--machine", action="store_true",
                        help="Also read every known user-level MCP config of this machine (every client, this OS).")
    parser.add_argument("--home", metavar="DIR",
                        help="Audit another machine's files: DIR is its home directory (implies --machine).")
    parser.add_argument("--os", dest="os_name", choices=OS_CHOICES,
                        help="Use this OS's path conventions (default: the running OS; implies --machine).")
    parser.add_argument("--root", metavar="DIR",
                        help="Read system-wide configs (/etc, /Library, %%ProgramData%%) below DIR "
                             "(default: / on the live machine; skipped under --home).")
    parser.add_argument("--verbose", action="store_true", help="List every place --machine looked at (on stderr).")


def _baseline_options(parser: argparse.ArgumentParser) -> None:
    """``--baseline --write-baseline --report-suppressed --sarif-category``: suppressions and CI."""
    parser.add_argument("--baseline", type=_not_a_directory, metavar="FILE",
                        help="Report only findings not recorded in this baseline (default: the config's baseline).")
    parser.add_argument("--write-baseline", type=_writable_file, metavar="FILE",
                        help="Record the current findings in FILE (no report; exit 0), for --baseline.")
    parser.add_argument("--report-suppressed", action="store_true",
                        help="SARIF: include suppressed findings (inline, config, baseline) marked as suppressed.")
    parser.add_argument("--sarif-category", metavar="NAME",
                        help="SARIF: runAutomationDetails.id, to tell several uploads for one commit apart.")


def _scan_arguments(scan: argparse.ArgumentParser) -> None:
    scan.add_argument("paths", nargs="*", metavar="PATHS",
                      help="Config files and folders to scan (default: the current directory).")
    scan.add_argument("-f", "--format", dest="fmt", choices=FORMATS, default=None,
                      help="Output format (env MCPLINT_FORMAT) [default: text, or the config's format].")
    scan.add_argument("-o", "--output", type=_writable_file, metavar="FILE", help="Write the report to FILE.")
    scan.add_argument("--fail-on", choices=SEVERITIES, default=None,
                      help="Exit 1 only for findings at or above this severity [default: low, or the config's fail-on].")
    scan.add_argument("--exit-zero", action="store_true",
                      help="Exit 0 even when there are findings (errors still exit 2).")
    scan.add_argument("--select", action="append", metavar="RULES",
                      help="Only these rules: ids, prefixes (MCP1), names; comma-separated.")
    scan.add_argument("--extend-select", action="append", metavar="RULES", help="Add these rules to the selection.")
    scan.add_argument("--ignore", action="append", metavar="RULES", help="Skip these rules: ids, prefixes or names.")
    scan.add_argument("--config", dest="config_path", type=_not_a_directory, metavar="FILE",
                      help="Use this config file (default: the closest .mcplint.toml or [tool.mcplint] in pyproject.toml).")
    scan.add_argument("--isolated", action="store_true", help="Ignore every config file (and MCPLINT_POLICY).")
    scan.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                      help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")
    _debug_option(scan)
    _machine_options(scan)
    _baseline_options(scan)


def _inventory_arguments(inventory: argparse.ArgumentParser) -> None:
    inventory.add_argument("paths", nargs="*", metavar="PATHS",
                           help="Config files and folders to read (default: the current directory, unless --machine).")
    inventory.add_argument("-f", "--format", dest="fmt", choices=("text", "json"), default="text",
                           help='A table, or {"servers": [...]} as JSON.  [default: text]')
    inventory.add_argument("-o", "--output", type=_writable_file, metavar="FILE", help="Write the inventory to FILE.")
    _debug_option(inventory)
    _machine_options(inventory)


def _rule_arguments(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("code", metavar="CODE", help="A rule id (MCP101) or name (hardcoded-secret).")
    rule.add_argument("-f", "--format", dest="fmt", choices=("text", "json"), default="text", help="[default: text]")


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("-f", "--format", dest="fmt", choices=("text", "json"), default="text", help="[default: text]")
    rules.add_argument("--config", dest="config_path", type=_not_a_directory, metavar="FILE",
                       help="Also list the custom rules of this config file.")
    rules.add_argument("--isolated", action="store_true", help="Built-in rules only (ignore config files).")


def _init_arguments(init: argparse.ArgumentParser) -> None:
    init.add_argument("paths", nargs="*", metavar="PATHS",
                      help="Config files and folders whose servers to approve (default: the current directory).")
    init.add_argument("-o", "--output", default=".mcplint.toml", metavar="FILE",
                      help="Where to write the configuration ('-' for standard output).  [default: .mcplint.toml]")
    init.add_argument("--mode", choices=("allowlist", "denylist"), default="allowlist",
                      help="The policy mode to write.  [default: allowlist]")
    init.add_argument("--force", action="store_true", help="Replace FILE if it exists.")
    _debug_option(init)


PATHS_USAGE = "%(prog)s [OPTIONS] [PATHS ...]"

# name: description, epilog, usage (given: options and PATHS may mix), arguments, handler; in help order
COMMANDS: dict[str, tuple[str, str | None, str | None, Any, Any]] = {
    "scan": (SCAN_DESCRIPTION, SCAN_EXAMPLES, PATHS_USAGE, _scan_arguments, scan_command),
    "inventory": (INVENTORY_DESCRIPTION, INVENTORY_EXAMPLES, PATHS_USAGE, _inventory_arguments, inventory_command),
    "rule": (RULE_DESCRIPTION, None, None, _rule_arguments, rule_command),
    "rules": (RULES_DESCRIPTION, None, None, _rules_arguments, rules_command),
    "init": (INIT_DESCRIPTION, INIT_EXAMPLES, PATHS_USAGE, _init_arguments, init_command),
}


def _parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, _CommandParser]]:
    """The ``mcplint`` parser, and each command's. With ``only`` (the command named first on the
    command line), that command's parser alone: building all of them costs a few milliseconds,
    most of a run's parsing, for nothing."""
    formatter = functools.partial(_Formatter, width=_help_width())
    parser = argparse.ArgumentParser(prog="mcplint", description=MAIN_DESCRIPTION, epilog=MAIN_EXAMPLES,
                                     formatter_class=formatter, add_help=False, allow_abbrev=False)
    _help_option(parser)
    parser.add_argument("-V", "--version", action="version", version=f"mcplint, version {__version__}",
                        help="Show the version and exit.")
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", prog="mcplint",
                                       parser_class=_CommandParser)
    commands = {}
    for name, (description, epilog, usage, add_arguments, handler) in COMMANDS.items():
        if only is not None and name != only:
            continue
        command = subparsers.add_parser(name, help=description.split("\n\n")[0].replace("\n", " "), usage=usage,
                                        description=description, epilog=epilog, formatter_class=formatter,
                                        add_help=False, allow_abbrev=False)
        command.intermixed = usage is not None  # not without one: parse_known_intermixed_args would format it
        add_arguments(command)
        _help_option(command)
        command.set_defaults(handler=handler)
        commands[name] = command
    return parser, commands


def main(argv: list[str] | None = None) -> int:
    """Run the command line (``argv``: the arguments, default ``sys.argv[1:]``); the exit code.

    argparse's own outcomes (``--help``, ``--version``, a usage error: the usage line and
    ``mcplint COMMAND: error: ...`` on stderr, exit 2) raise SystemExit, as does a scan whose
    reader left (BrokenPipe) or an internal error.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, commands = _parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:  # `mcplint` alone: the help, on stderr, and exit 2 (a usage error)
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "scan" and args.fmt is None:
        env_format = os.environ.get("MCPLINT_FORMAT")
        if env_format:  # empty: unset
            if env_format not in FORMATS:
                commands["scan"].error(f"argument -f/--format: invalid choice: {env_format!r} (from env MCPLINT_FORMAT; "
                                       f"choose from {', '.join(map(repr, FORMATS))})")
            args.fmt = env_format
    try:
        return args.handler(args)
    except UsageFailure as exc:
        _error(f"mcplint: error: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
