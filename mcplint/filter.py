"""Filter stage: which findings are reported, which are suppressed, and why.

In order (a finding stops at the first that suppresses it):

1. inline ``mcplint: ignore[...]`` comments (suppress.py), :func:`inline_ignores`; the comments
   that suppressed nothing go back as MCP009 items, which the rules stage turns into findings
   (``scan.filtered``) before step 2, so the steps below apply to them too;
2. ``per-file-ignores`` and ``per-server-ignores`` of the configuration, :func:`apply`;
3. the baseline (baseline.py), :func:`apply`.

Suppressed findings move to ``Report.suppressed`` with ``Finding.suppression`` set (SARIF
shows them only with ``--report-suppressed``). The configuration's patterns are matched by
globs.py; which rules run whatever the selection says is select.py's (``forced_rules``), which
findings nothing the project controls may suppress is this stage's (:func:`protected_rules`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from mcplint.model import SEVERITIES, Finding, Report, Suppression, severity_rank
from mcplint.errors import McplintError
from mcplint.record import Frozen
from mcplint.select import BLOCKED, KNOWN_MALICIOUS, PARSE_ERROR, central_policy, unknown_selector

if TYPE_CHECKING:
    from mcplint.engine import LoadedFile
    from mcplint.suppress import Unused

UNUSED_IGNORE = "MCP009"
STAGE_RULES = frozenset({UNUSED_IGNORE})
"""Rules evaluated between this stage's steps (they need the other rules' findings): the rules
stage's first pass skips them."""


def protected_rules(config: Any) -> frozenset[str]:
    """Rules whose findings nothing the scanned project controls can suppress (inline ignores,
    per-file / per-server ignores, a baseline): known-malicious servers always, central blocks.
    MCP001 is protected too, except from ``per-file-ignores`` (see ``config_ignore``)."""
    return frozenset({PARSE_ERROR, KNOWN_MALICIOUS} | ({BLOCKED} if central_policy(config) else set()))


def _refused_note(count: int, rules: Iterable[str]) -> str:
    kinds = ", ".join(sorted(set(rules)))
    return (f"{count} attempt{'s' if count != 1 else ''} to deselect or suppress "
            f"{kinds} {'were' if count != 1 else 'was'} refused: central-policy blocks (MCP702, with MCPLINT_POLICY) "
            f"and known-malicious servers (MCP502) cannot be silenced by ignores, inline comments or a baseline")


class FilterError(McplintError, ValueError):
    """An unusable ignore in the configuration (unknown rule selector)."""


# ---------------------------------------------------------------------------------------------
# Configuration ignores
# ---------------------------------------------------------------------------------------------

def _rule_matches(finding: Finding, selectors: Iterable[str]) -> bool:
    from mcplint.suppress import rule_matches

    return any(rule_matches(finding.rule, finding.name, s) for s in selectors)


def config_ignore(finding: Finding, path: Path, config: Any) -> str | None:
    """Why the configuration ignores this finding (None: it does not)."""
    from mcplint import globs

    for pattern, selectors in config.per_file_ignores.items():
        if _rule_matches(finding, selectors) and globs.pattern_matches(pattern, path, config.root):
            return f"per-file-ignores {pattern!r} in {_config_name(config)}"
    if finding.rule == PARSE_ERROR:
        return None
    if finding.server is not None:
        for pattern, selectors in config.per_server_ignores.items():
            if _rule_matches(finding, selectors) and globs.name_matches(pattern, finding.server):
                return f"per-server-ignores {pattern!r} in {_config_name(config)}"
    return None


def _config_name(config: Any) -> str:
    return config.path.name if config.path is not None else "the configuration"


def _line_of(path: Path | None, *texts: str) -> int | None:
    """The first line of the config file holding all of ``texts`` (for error messages)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path is not None else []
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if all(t in line for t in texts)), None)


def check_config(config: Any, rules: dict[str, Any]) -> None:
    """Every selector in per-file-ignores / per-server-ignores names a rule; else FilterError."""
    from mcplint.suppress import rule_matches

    for key, table in (("per-file-ignores", config.per_file_ignores), ("per-server-ignores", config.per_server_ignores)):
        for pattern, selectors in table.items():
            for selector in selectors:
                if not any(rule_matches(r.id, r.name, selector) for r in rules.values()):
                    raise FilterError(f"{key} {pattern!r}: {unknown_selector(selector, rules)}",
                                      file=str(config.path) if config.path is not None else None,
                                      line=_line_of(config.path, pattern, selector))


# ---------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------

_NEGATED_RANK = {severity: -severity_rank(severity) for severity in SEVERITIES}


def _sort_key(f: Finding) -> tuple:
    """Report order: by place, the most severe first (a dict, not ``severity_rank``: it runs per finding)."""
    return (f.file, f.line, f.column, _NEGATED_RANK[f.severity], f.rule, f.message)


def _strict_json(loaded: LoadedFile) -> bool:
    """Whether the file's own client reads it as strict JSON (inline comments are errors there)."""
    from mcplint.clients import strict_json_client

    return loaded.format == "json" and strict_json_client(loaded.client, loaded.source.display) is not None


class Inline(Frozen):
    """What step 1 leaves for the steps after it."""

    refused: list[str]
    """Protected rules whose inline ignore was not honoured (for the note)."""
    unused: list[tuple[LoadedFile, tuple[Unused, ...]]]
    """Per file, its ignore comments that suppressed nothing (MCP009 items; only when MCP009 runs)."""


def inline_ignores(report: Report, loaded_files: list[LoadedFile], options: Any, known: dict[str, Any]) -> Inline:
    """Step 1: move the findings that inline comments suppress to ``report.suppressed``.

    ``known``: every rule the configuration defines (an ignore naming none of them is reported
    as naming an unknown rule); the ignores of rules that did not run are never reported unused.
    """
    from mcplint import suppress

    config = options.config
    # only files with comments can hold inline ignores (and MCP009 findings): most have none
    commented = {lf.source.display: lf for lf in loaded_files if lf.doc is not None and lf.doc.comments}
    if not commented:
        return Inline([], [])
    kept: list[Finding] = []
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.file in commented:
            by_file.setdefault(finding.file, []).append(finding)
        else:
            kept.append(finding)

    protected = protected_rules(config)
    refused: list[str] = []
    unused: list[tuple[LoadedFile, tuple[Unused, ...]]] = []
    judged = UNUSED_IGNORE in options.rules
    ran = [(r.id, r.name) for r in options.rules.values()]
    every = [(r.id, r.name) for r in {**known, **options.rules}.values()]
    for display, loaded in commented.items():
        if _strict_json(loaded):
            # its client cannot load a file with comments: MCP004 reports each, none is honoured
            kept.extend(by_file.get(display, []))
            continue
        file_kept, file_suppressed, found = suppress.apply(loaded.doc, by_file.get(display, []), loaded.format)
        kept.extend(file_kept)
        for finding in file_suppressed:
            if finding.rule in protected:  # an inline ignore in the scanned file: not honoured
                finding.suppression = None
                kept.append(finding)
                refused.append(finding.rule)
            else:
                report.suppressed.append(finding)
        if judged and found:
            items = suppress.unused(found, ran, every)
            if items:
                unused.append((loaded, tuple(items)))
    report.findings = kept
    return Inline(refused, unused)


def apply(report: Report, loaded_files: list[LoadedFile], options: Any, refused: Iterable[str] = ()) -> Report:
    """Steps 2 and 3: move the findings the configuration's ignores or the baseline suppress to
    ``report.suppressed``; note the attempts to silence a protected rule (``refused``: those of
    step 1).

    Both lists come out in report order (``_sort_key``) whatever order the findings come in,
    so a caller need not sort them first.
    """
    config = options.config
    files = {lf.source.display: lf for lf in loaded_files}
    kept = report.findings
    suppressed: list[Finding] = []
    protected = protected_rules(config)
    refused = [*(getattr(options, "deselected", ()) or ()), *refused]

    if config is not None and (config.per_file_ignores or config.per_server_ignores):
        remaining = []
        for finding in kept:
            loaded = files.get(finding.file)
            path = loaded.source.path if loaded is not None else Path(finding.file)
            why = config_ignore(finding, path, config)
            if why is not None and finding.rule in protected and finding.rule != PARSE_ERROR:
                refused.append(finding.rule)
                why = None
            if why is None:
                remaining.append(finding)
            else:
                finding.suppression = Suppression("external", why)
                suppressed.append(finding)
        kept = remaining

    def locate(finding: Finding) -> tuple[Path, Any]:
        loaded = files.get(finding.file)
        if loaded is None:
            return Path(finding.file), None
        return loaded.source.path, loaded.doc.data if loaded.doc is not None else None

    write_to, baseline = getattr(options, "write_baseline", None), getattr(options, "baseline", None)
    if write_to is not None:
        from mcplint.baseline import write

        # protected findings are never recorded: a baseline could not hide them anyway
        options.baseline_written = write(write_to, sorted((f for f in kept if f.rule not in protected), key=_sort_key),
                                         locate)
    elif baseline is not None:
        from mcplint.baseline import filter_findings

        always = [f for f in kept if f.rule in protected]
        kept, known_findings = filter_findings(baseline, sorted((f for f in kept if f.rule not in protected),
                                                                key=_sort_key), locate)
        suppressed.extend(known_findings)
        if always:
            _, listed = filter_findings(baseline, always, locate)
            refused.extend(f.rule for f in listed if f.rule != PARSE_ERROR)
            for finding in listed:
                finding.suppression = None
            kept.extend(always)

    refused = [rule for rule in refused if rule != PARSE_ERROR]
    if refused:
        report.notes.append(_refused_note(len(refused), refused))
    report.findings = sorted(kept, key=_sort_key)
    report.suppressed = sorted([*report.suppressed, *suppressed], key=_sort_key)
    return report
