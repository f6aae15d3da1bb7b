"""Filter stage: which findings are reported, which are suppressed, and why.

In order (a finding stops at the first that suppresses it):

1. inline ``mcplint: ignore[...]`` comments (suppress.py) — then MCP009 unused-ignore reports
   the comments that suppressed nothing;
2. ``per-file-ignores`` and ``per-server-ignores`` of the configuration;
3. the baseline (baseline.py).

Suppressed findings move to ``Report.suppressed`` with ``Finding.suppression`` set (SARIF
shows them only with ``--report-suppressed``). The stage also answers the configuration's
``exclude`` globs for discovery (:func:`is_excluded`).

Globs follow ruff: a pattern is matched against the path relative to the configuration file's
folder and against the file name; ``*`` and ``**`` match across ``/``, ``?`` one character,
``[abc]`` a class and ``{a,b}`` alternatives; a leading ``!`` negates (the ignore applies to
every file that does *not* match).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Iterable

from mcplint.engine import Evaluator, FileFacts, LoadedFile
from mcplint.model import SEVERITIES, Finding, Report, Suppression, severity_rank
from mcplint.record import fields
from mcplint.errors import McplintError

UNUSED_IGNORE = "MCP009"
STAGE_RULES = frozenset({UNUSED_IGNORE})
"""Rules this stage evaluates itself (they need the other rules' findings): the engine skips them."""

PARSE_ERROR, KNOWN_MALICIOUS, BLOCKED = "MCP001", "MCP502", "MCP702"
ALWAYS_SELECTED = frozenset({PARSE_ERROR})
"""Rules no ``select`` / ``ignore`` removes (ruff's rule for syntax errors): a config nobody can
read cannot be vouched for. Only ``exclude`` and ``per-file-ignores`` (by path) silence it."""


def central_policy(config: Any) -> bool:
    """Whether an organisation's policy (``MCPLINT_POLICY``) is in force."""
    return config is not None and getattr(config, "policy_path", None) is not None


def forced_rules(config: Any) -> frozenset[str]:
    """Rules that run whatever the selection says: MCP001 always, and under a central policy
    its blocks (MCP702) and the known-malicious rule (MCP502): the project it governs cannot
    deselect them."""
    return ALWAYS_SELECTED | ({KNOWN_MALICIOUS, BLOCKED} if central_policy(config) else set())


def protected_rules(config: Any) -> frozenset[str]:
    """Rules whose findings nothing the scanned project controls can suppress (inline ignores,
    per-file / per-server ignores, a baseline): known-malicious servers always, central blocks.
    MCP001 is protected too, except from ``per-file-ignores`` (see ``config_ignore``)."""
    return frozenset({PARSE_ERROR, KNOWN_MALICIOUS} | ({BLOCKED} if central_policy(config) else set()))


def with_forced_rules(rules: dict[str, Any], config: Any) -> tuple[dict[str, Any], list[str]]:
    """``rules`` with the forced rules put back; the ids that the selection had left out."""
    forced = [rid for rid in sorted(forced_rules(config)) if rid not in rules]
    if not forced:
        return rules, []
    from mcplint.ruleset import load_rules

    every = load_rules(tuple(config.rule_paths)) if config is not None else load_rules()
    added = {rid: every[rid] for rid in forced if rid in every}
    return {**rules, **added}, [rid for rid in added if rid != PARSE_ERROR]


def _refused_note(count: int, rules: Iterable[str]) -> str:
    kinds = ", ".join(sorted(set(rules)))
    return (f"{count} attempt{'s' if count != 1 else ''} to deselect or suppress "
            f"{kinds} {'were' if count != 1 else 'was'} refused: central-policy blocks (MCP702, with MCPLINT_POLICY) "
            f"and known-malicious servers (MCP502) cannot be silenced by ignores, inline comments or a baseline")


class FilterError(McplintError, ValueError):
    """An unusable ignore in the configuration (unknown rule selector)."""


# ---------------------------------------------------------------------------------------------
# Globs
# ---------------------------------------------------------------------------------------------

def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        char = pattern[i]
        if char == "*":
            while i + 1 < n and pattern[i + 1] == "*":
                i += 1
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            close = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "^") else i + 1)
            if close < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:close]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close
        elif char == "{":
            close = pattern.find("}", i)
            if close < 0:
                out.append(re.escape(char))
            else:
                options = pattern[i + 1:close].split(",")
                out.append("(?:" + "|".join(_translate(o) for o in options) + ")")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str, root: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(matcher of the absolute path, matcher of the file name) for a glob."""
    body = pattern.replace("\\", "/")
    while body.startswith("./"):
        body = body[2:]
    if len(body) > 1:
        body = body.rstrip("/")
    if body.startswith("/") or re.match(r"^[A-Za-z]:/", body):
        full = _translate(body)
    else:
        full = re.escape(root.rstrip("/") + "/") + _translate(body)
    return re.compile(full + "\\Z"), re.compile(_translate(body) + "\\Z")


def glob_matches(pattern: str, path: Path, root: Path, parents: bool = False) -> bool:
    """Whether ``pattern`` (relative to ``root``, no ``!``) matches ``path`` or its file name.

    ``parents``: also match the folders above ``path`` (up to ``root``): ``exclude = ["vendor"]``.
    """
    full, name = _compiled(pattern, _posix(root))
    target = _posix(path)
    candidates = [target]
    if parents:
        current = Path(target).parent
        root_text = _posix(root)
        while len(current.as_posix()) > len(root_text) and current.as_posix().startswith(root_text):
            candidates.append(current.as_posix())
            current = current.parent
    return any(full.match(c) or name.match(c.rsplit("/", 1)[-1]) for c in candidates)


def _posix(path: Path | str) -> str:
    return Path(os.path.abspath(path)).as_posix()


def pattern_matches(pattern: str, path: Path, root: Path, parents: bool = False) -> bool:
    """A ``per-file-ignores`` / ``exclude`` key: a glob, or ``!glob`` for every path it does not match."""
    if pattern.startswith("!"):
        return not glob_matches(pattern[1:], path, root, parents)
    return glob_matches(pattern, path, root, parents)


def name_matches(pattern: str, name: str) -> bool:
    """A ``per-server-ignores`` key against a server name (``!`` negates)."""
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    hit = re.compile(_translate(body) + "\\Z").match(name) is not None
    return hit != negated


def excluded_by(path: Path, config: Any) -> str | None:
    """The ``exclude`` pattern that excludes this file or folder (None: not excluded)."""
    if config is None or not config.exclude:
        return None
    return next((p for p in config.exclude if pattern_matches(p, path, config.root, parents=True)), None)


def is_excluded(path: Path, config: Any) -> bool:
    """Whether the config's ``exclude`` globs exclude this file (or a folder above it)."""
    if config is None or not config.exclude:
        return False
    return any(pattern_matches(p, path, config.root, parents=True) for p in config.exclude)


# ---------------------------------------------------------------------------------------------
# Configuration ignores
# ---------------------------------------------------------------------------------------------

def _rule_matches(finding: Finding, selectors: Iterable[str]) -> bool:
    from mcplint.suppress import rule_matches

    return any(rule_matches(finding.rule, finding.name, s) for s in selectors)


def config_ignore(finding: Finding, path: Path, config: Any) -> str | None:
    """Why the configuration ignores this finding (None: it does not)."""
    for pattern, selectors in config.per_file_ignores.items():
        if _rule_matches(finding, selectors) and pattern_matches(pattern, path, config.root):
            return f"per-file-ignores {pattern!r} in {_config_name(config)}"
    if finding.rule == PARSE_ERROR:
        return None
    if finding.server is not None:
        for pattern, selectors in config.per_server_ignores.items():
            if _rule_matches(finding, selectors) and name_matches(pattern, finding.server):
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
                    from mcplint.select import unknown_selector

                    raise FilterError(f"{key} {pattern!r}: {unknown_selector(selector, rules)}",
                                      file=str(config.path) if config.path is not None else None,
                                      line=_line_of(config.path, pattern, selector))


# ---------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------

class _WithUnused(LoadedFile):
    """A loaded file whose file facts carry the unused directives (for the MCP009 rule)."""

    unused: tuple[Any, ...] = ()

    def facts(self) -> FileFacts:
        facts = super().facts()
        facts.extra["unused_ignores"] = self.unused
        return facts


_NEGATED_RANK = {severity: -severity_rank(severity) for severity in SEVERITIES}


def _sort_key(f: Finding) -> tuple:
    """Report order: by place, the most severe first (a dict, not ``severity_rank``: it runs per finding)."""
    return (f.file, f.line, f.column, _NEGATED_RANK[f.severity], f.rule, f.message)


def _strict_json(loaded: LoadedFile) -> bool:
    """Whether the file's own client reads it as strict JSON (inline comments are errors there)."""
    from mcplint.facts.strict_json import strict_client

    return loaded.format == "json" and strict_client(loaded.client, loaded.source.display) is not None


def _known_rules(options: Any) -> dict[str, Any]:
    from mcplint.ruleset import load_rules

    config = options.config
    rules = dict(load_rules(tuple(config.rule_paths)) if config is not None else load_rules())
    rules.update(options.rules)
    return rules


def apply(report: Report, loaded_files: list[LoadedFile], options: Any) -> Report:
    """Move suppressed findings of ``report`` to ``report.suppressed``; add MCP009 findings.

    Both lists come out in report order (``_sort_key``) whatever order the findings come in,
    so a caller need not sort them first.
    """
    from mcplint import suppress

    config = options.config
    files = {lf.source.display: lf for lf in loaded_files}
    # only files with comments can hold inline ignores (and MCP009 findings): most have none
    commented = {display for display, lf in files.items() if lf.doc is not None and lf.doc.comments}
    kept: list[Finding] = []
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.file in commented:
            by_file.setdefault(finding.file, []).append(finding)
        else:
            kept.append(finding)

    suppressed: list[Finding] = []
    protected = protected_rules(config)
    refused: list[str] = list(getattr(options, "deselected", ()) or ())
    unused_rule = options.rules.get(UNUSED_IGNORE)
    known: dict[str, Any] | None = None
    for display, loaded in files.items():
        if display not in commented:
            continue
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
                suppressed.append(finding)
        if unused_rule is not None and found:
            if known is None:
                known = _known_rules(options)
            ran = [(r.id, r.name) for r in options.rules.values()]
            items = suppress.unused(found, ran, [(r.id, r.name) for r in known.values()])
            if items:
                values = {name: getattr(loaded, name) for name in fields(LoadedFile)}
                extra = Evaluator([unused_rule]).run(_WithUnused(**values, unused=tuple(items)))
                kept.extend(extra)
                if extra:
                    report.sources.setdefault(display, loaded.doc.text)

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
