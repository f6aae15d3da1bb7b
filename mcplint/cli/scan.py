"""``mcplint scan``: the report, and exit 1 when a finding is at or above --fail-on."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from mcplint.cli import options as opt
from mcplint.cli.shared import (
    load_config, load_rules, machine_notes, machine_target, output_stream, say, standard_output, use_color,
)
from mcplint.errors import McplintError

HELP = """\
Scan MCP config files and folders (default: the current directory).

PATHS '-' reads one file from standard input (with --stdin-filename, judged as that file).
With --machine: every known user-level config of this machine (or of --home DIR read with
--os conventions), plus the PATHS given.
"""

EXAMPLES = """\
Examples:
  mcplint scan                          # the current directory
  mcplint scan .cursor/mcp.json         # one file (pre-commit passes files like this)
  mcplint scan . --format sarif -o mcplint.sarif
  mcplint scan --select MCP1 --fail-on high
  mcplint scan --format json | jq '.findings[].rule'
  mcplint scan --statistics             # how many findings of each rule
  mcplint scan - --stdin-filename .vscode/mcp.json < buffer.json   # an editor's unsaved buffer
  mcplint scan --write-baseline .mcplint-baseline.json   # record today's findings
  mcplint scan --baseline .mcplint-baseline.json         # then report only new ones
  mcplint scan --format github --fail-on high            # GitHub Actions annotations
  mcplint scan --diff                   # what --fix would change (writes nothing)
  mcplint scan --fix                    # apply safe fixes, then report what is left
  mcplint scan --fix --unsafe-fixes --pin @modelcontextprotocol/server-github@2025.4.8
  mcplint scan - --stdin-filename .cursor/mcp.json --fix < buf.json   # fixed buffer on stdout
"""

STDIN = "-"


@click.command("scan", cls=opt.Command, help=HELP, epilog=EXAMPLES, short_help="Scan MCP config files and folders.",
               context_settings=opt.CONTEXT_SETTINGS)
@opt.paths_argument
@opt.report_options
@opt.selection_options
@opt.config_options
@opt.stdin_options
@opt.debug_option
@opt.machine_options
@opt.baseline_options
@opt.fix_options
def command(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None, exit_zero: bool,
            statistics: bool, quiet: bool, group_by: str, color: bool | None, select: tuple[str, ...],
            extend_select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None, isolated: bool,
            stdin_filename: str | None, machine: bool, home: str | None, os_name: str | None, root: str | None,
            verbose: bool, baseline: str | None, write_baseline: str | None, report_suppressed: bool,
            sarif_category: str | None, fix: bool, show_diff: bool, unsafe_fixes: bool,
            pins: dict[str, str]) -> int:
    from mcplint.model import merge_reports, severity_rank

    stdin_path = _stdin_path(paths, stdin_filename)
    tgt = machine_target(machine, home, os_name, root)
    if stdin_path is not None and tgt is not None:
        raise click.UsageError("standard input ('-') cannot be combined with --machine")
    if (fix or show_diff) and (tgt is not None or write_baseline):
        raise click.UsageError("--fix and --diff work on PATHS, not with --machine or --write-baseline")
    if pins and not unsafe_fixes:
        raise click.UsageError("--pin needs --unsafe-fixes (pinning changes what the server runs)")
    fixing = _FixRequest(fix, show_diff, unsafe_fixes, pins)
    scanned = (stdin_path,) if stdin_path is not None else paths
    single = bool(config_path or isolated or tgt is not None or write_baseline)
    reports, configs, failing = [], [], False
    for group in ([scanned] if single else _paths_by_config(scanned)):
        config = load_config(config_path, isolated, group, machine=tgt is not None)
        configs.append(config)
        scan_options = _scan_options(config, select, extend_select, ignore, baseline, write_baseline)
        if stdin_path is not None and (fix or show_diff):
            return _fix_stdin(stdin_path, scan_options, fixing, fail_on or config.fail_on, exit_zero or config.exit_zero)
        if show_diff:
            failing = _diff(list(group) or ["."], scan_options, fixing) or failing
            continue
        if fix:
            _fix(list(group) or ["."], scan_options, fixing, quiet)
        if stdin_path is not None:
            report = _scan_stdin(stdin_path, scan_options)
        elif tgt is not None:
            from mcplint.machine import scan_machine

            report, found = scan_machine(tgt, list(group), scan_options)
            machine_notes(tgt, found, verbose)
        else:
            _say_excluded(group, config)
            report = _scan_paths(list(group) or ["."], scan_options, quiet)
        if write_baseline:
            count = scan_options.baseline_written or 0
            say(f"mcplint: wrote {count} finding{'s' if count != 1 else ''} to baseline {write_baseline}")
            return 0
        threshold = severity_rank(fail_on or config.fail_on or "low")
        failing = failing or (not (exit_zero or config.exit_zero)
                              and any(severity_rank(f.severity) >= threshold for f in report.findings))
        reports.append(report)
    if show_diff:
        return 1 if failing else 0
    report = merge_reports(reports)
    fmt = fmt or configs[0].format or "text"
    extra = {"inventory": _inventory(tgt, scanned, configs[0])} if fmt == "html" and stdin_path is None else {}
    marks = _marks(report, scanned, configs, fixing) if fmt == "text" and not statistics and report.findings else set()
    if marks:
        extra["fixable"] = frozenset(marks)
    _write(report, fmt, output, statistics=statistics, quiet=quiet, group_by=group_by, color=color,
           automation_id=sarif_category, report_suppressed=report_suppressed, extra=extra,
           fail_on=fail_on or configs[0].fail_on or "low", exit_zero=bool(exit_zero or configs[0].exit_zero))
    return 1 if failing else 0


class _FixRequest:
    """The --fix/--diff/--unsafe-fixes/--pin choices, as mcplint.fix.FixOptions wants them."""

    def __init__(self, fix: bool, diff: bool, unsafe: bool, pins: dict[str, str]) -> None:
        self.fix, self.diff, self.unsafe, self.pins = fix, diff, unsafe, pins

    def options(self) -> Any:
        from mcplint.fix import FixOptions

        return FixOptions(unsafe=self.unsafe, pins=dict(self.pins))


def _diff(paths: list[str], scan_options: Any, fixing: _FixRequest) -> bool:
    """Print the fixes as a diff (secrets masked); True when there is anything to fix."""
    from mcplint.fix import unified_diff
    from mcplint.fix.run import fix_paths

    outcome = fix_paths(paths, scan_options, fixing.options(), write=False)
    for fixed in outcome.changed:
        click.echo(unified_diff(fixed), nl=False)
    for error in outcome.errors:
        say(f"mcplint: {error}")
    count = sum(len(f.applied) for f in outcome.changed)
    say(f"mcplint: {count} fix{'es' if count != 1 else ''} in {len(outcome.changed)} file"
        f"{'s' if len(outcome.changed) != 1 else ''} (nothing written)")
    return bool(outcome.changed)


def _fix(paths: list[str], scan_options: Any, fixing: _FixRequest, quiet: bool) -> None:
    """Apply the fixes in place; say what changed and which variables to set (names only)."""
    from mcplint.fix.run import fix_paths

    outcome = fix_paths(paths, scan_options, fixing.options(), write=True)
    for error in outcome.errors:
        say(f"mcplint: {error}")
    if quiet:
        return
    for fixed in outcome.changed:
        for applied in fixed.applied:
            notes = f" ({'; '.join(applied.notes)})" if applied.notes else ""
            say(f"mcplint: fixed {fixed.source.display}: {applied.rule} {applied.title}{notes}")
    for fixed in outcome.fixes:
        for finding, why in fixed.unfixed:
            say(f"mcplint: not fixed {finding.file}:{finding.line}:{finding.column} {finding.rule}: {why}")


def _fix_stdin(path: str, scan_options: Any, fixing: _FixRequest, fail_on: str | None, exit_zero: bool) -> int:
    """An editor's buffer: the fixed buffer (or the diff) on stdout, notes on stderr."""
    from functools import partial

    from mcplint.discover import source_for_file
    from mcplint.fix import fix_text, unified_diff
    from mcplint.load import decode
    from mcplint.model import LoadError, severity_rank

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise McplintError("standard input is not readable")
    data = stream.read(scan_options.max_bytes + 1)
    source = source_for_file(Path(os.path.normpath(Path.cwd() / path)), Path.cwd(), explicit=True)
    try:
        text = decode(data)
    except LoadError as exc:
        raise McplintError(f"{path}: {exc.message}") from None
    fixed = fix_text(source, text, scan_options, fixing.options())
    if fixing.diff:
        click.echo(unified_diff(fixed), nl=False)
        return 1 if fixed.changed else 0
    out = standard_output()
    out.write(fixed.after)
    out.flush()
    from mcplint.scan import load_source, scan

    report = scan([source], scan_options, load=partial(load_source, max_bytes=scan_options.max_bytes,
                                                       data=fixed.after.encode("utf-8")))[0]
    for finding in report.findings:
        say(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} {finding.message}")
    threshold = severity_rank(fail_on or "low")
    return 1 if not exit_zero and any(severity_rank(f.severity) >= threshold for f in report.findings) else 0


def _marks(report: Any, scanned: tuple[str, ...], configs: list[Any], fixing: _FixRequest) -> set[str]:
    """Fingerprints of the findings --fix (with --unsafe-fixes: also unsafe ones) can fix."""
    from mcplint.fix import fixable_rules

    rules = report.rules
    wanted = fixable_rules(rules, fixing.unsafe)
    files = {f.file for f in report.findings if f.rule in wanted}
    if not files or scanned == (STDIN,) or any(p == STDIN for p in scanned):
        return set()
    from mcplint.discover import discover
    from mcplint.fix.run import fixable_fingerprints
    from mcplint.scan import ScanOptions

    sources, _ = discover(list(scanned) or ["."], Path.cwd())
    texts = {s.display: (s, report.sources[s.display]) for s in sources if s.display in files and s.display in report.sources}
    options = ScanOptions(rules=rules, config=configs[0])
    return fixable_fingerprints(report, options, fixing.unsafe, texts)


def _stdin_path(paths: tuple[str, ...], stdin_filename: str | None) -> str | None:
    """The path standard input is judged as (None: no stdin mode); ``-`` must stand alone."""
    if STDIN not in paths and not (stdin_filename and not paths):
        if stdin_filename:
            raise click.UsageError("--stdin-filename needs PATHS '-' (standard input)")
        return None
    if paths not in ((), (STDIN,)):
        raise click.UsageError("standard input ('-') cannot be combined with other PATHS")
    return stdin_filename or STDIN


def _scan_options(config: Any, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
                  baseline: str | None, write_baseline: str | None) -> Any:
    """The scan's inputs: the selected rules, a checked configuration, the baseline to apply or write."""
    from mcplint.filter import check_config
    from mcplint.plugins import analyzers_for
    from mcplint.ruleset import load_rules as all_rules
    from mcplint.scan import ScanOptions

    rules = load_rules(config, select, extend_select, ignore)
    known = all_rules(tuple(config.rule_paths))
    check_config(config, known)
    extra: dict[str, Any] = {}
    if write_baseline:
        extra["write_baseline"] = Path(write_baseline)
    else:
        path = baseline or (str(config.root / config.baseline) if config.baseline else None)
        if path is not None:
            from mcplint.baseline import load

            extra["baseline"] = load(path)
    return ScanOptions(rules=rules, config=config, extra_analyzers=analyzers_for(rules), known_rules=known, **extra)


def _say_excluded(paths: Any, config: Any) -> None:
    """A path named on the command line that the configuration excludes gets a note on stderr
    (the scan still skips it and exits 0), so "nothing found" is never a silent surprise."""
    from mcplint.discover import excluded_by

    for name in paths:
        pattern = excluded_by(Path(os.path.abspath(name)), config)  # not resolve(): a symlink loop gets its MCP001
        if pattern is not None:
            where = os.path.relpath(config.path) if config.path is not None else "the configuration"
            say(f"{name}: excluded by {where} exclude pattern {pattern!r}")


def _scan_paths(paths: list[str], scan_options: Any, quiet: bool) -> Any:
    from mcplint.scan import scan_paths

    if quiet or sys.stderr is None or not sys.stderr.isatty():  # hooks, CI, pipes: no progress machinery
        return scan_paths(paths, scan_options)
    from mcplint.cli.progress import progress, wanted

    with progress("scanning", sys.stderr, enabled=wanted(sys.stderr)):
        return scan_paths(paths, scan_options)


def _scan_stdin(path: str, scan_options: Any) -> Any:
    """Standard input judged as the file at ``path``: read at most the size limit (and one byte
    more, to tell an oversized buffer from one at the limit)."""
    from mcplint.scan import scan_buffer

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise McplintError("standard input is not readable")
    data = stream.read(scan_options.max_bytes + 1)
    return scan_buffer(path, data, scan_options)


def _inventory(tgt: Any, paths: tuple[str, ...], config: Any) -> Any:
    """The servers of the scanned files with their approval, for reports that show them (HTML)."""
    from mcplint.inventory import collect
    from mcplint.machine import discover_all

    chosen = list(paths) or ([] if tgt is not None else ["."])
    sources, missing = discover_all(tgt, chosen, Path.cwd())
    return collect(sources, missing, config.policy)


def _write(report: Any, fmt: str, output: str | None, *, statistics: bool, quiet: bool, group_by: str,
           color: bool | None, automation_id: str | None, report_suppressed: bool,
           extra: dict[str, Any] | None = None, fail_on: str = "low", exit_zero: bool = False) -> None:
    """The report (or its statistics) to stdout or FILE; with FILE, the summary on stderr."""
    from mcplint.report import ReportOptions, render

    with output_stream(output) as stream:
        if statistics:
            from mcplint.report.summary import write_statistics

            write_statistics(report, stream, fmt)
        else:
            to_file = bool(output) and output != "-"
            options = ReportOptions(color=False if to_file else use_color(color, stream), group_by=group_by,
                                    quiet=quiet, automation_id=automation_id, report_suppressed=report_suppressed,
                                    extra=extra or {}, fail_on=fail_on, exit_zero=exit_zero)
            render(report, fmt, stream, options)

    if output and output != "-" and not quiet:
        from mcplint.report.summary import summary_line

        say(summary_line(report))  # the same words the report ends with on a terminal


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
