"""``mcplint scan --fix / --diff / --unsafe-fixes``: findings to minimal edits in the client's syntax.

One file at a time, in passes until nothing changes: load the text, judge it (suppressions
apply: an ignored finding is never fixed), ask each fixable finding's fixer for edits, apply
those that do not overlap, re-parse (an edit that breaks parsing is dropped with a note).
Secrets are held only in memory, to mask them in diffs; nothing but the fixed file is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcplint.fix.edits import Edit, Plan, apply, overlapping
from mcplint.model import Finding, LoadError, SourceFile, pointer_str

MAX_PASSES = 16
"""A file needs one pass per edit that shares a list with another (auto-approve tools)."""


@dataclass
class FixOptions:
    unsafe: bool = False
    pins: dict[str, str] = field(default_factory=dict)
    """``--pin pkg@version``: package name (or ``ecosystem:name``) -> version."""
    root: Path | None = None
    """Where lock files are looked for, from the file's folder up to here (default: cwd)."""


@dataclass
class Applied:
    rule: str
    title: str
    safety: str
    notes: list[str]


@dataclass
class FileFix:
    source: SourceFile
    before: str
    after: str
    fmt: str
    applied: list[Applied] = field(default_factory=list)
    unfixed: list[tuple[Finding, str]] = field(default_factory=list)
    """Findings of fixable rules left as they are, and why."""
    secrets: set[str] = field(default_factory=set, repr=False)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def secret_refs() -> dict[str, Mapping[str, Any]]:
    """Client id -> its ``secret_ref`` entry (how it references a secret), from the catalog."""
    from mcplint.clients import all_clients

    return {c.id: c.secret_ref for c in all_clients()}


def fixable_rules(rules: dict[str, Any], unsafe: bool) -> dict[str, Any]:
    from mcplint.fix.fixers import FIXERS

    return {rid: r for rid, r in rules.items()
            if r.fixable and rid in FIXERS and (r.fixable == "safe" or unsafe)}


def fix_text(source: SourceFile, text: str, scan_options: Any, options: FixOptions) -> FileFix:
    """The fixed text of ``source`` (``text`` is its content: from disk or an editor buffer)."""
    from mcplint.fix import fixers
    from mcplint.load import parse

    fmt = source.format or _format(source)
    result = FileFix(source, text, text, fmt)
    refs = secret_refs()
    locks = _locks(source, options)
    failed: set[tuple[str, str]] = set()
    wanted = fixable_rules(scan_options.rules, options.unsafe)
    for _ in range(MAX_PASSES):
        loaded, findings = judge(source, result.after, scan_options)
        if loaded is None or loaded.doc is None:
            break
        fmt = result.fmt = loaded.format  # the parser the scan used (a client's .json may be JSONC)
        contexts = server_contexts(loaded, scan_options)
        result.secrets |= _secrets(contexts)
        servers, src = by_pointer(contexts), fixers.Source(result.after, loaded.doc, fmt)
        planned: list[tuple[Finding, Any]] = []
        plan = Plan()
        appends: dict[tuple, list[Any]] = {}
        for finding in findings:
            rule = wanted.get(finding.rule)
            if rule is None or (finding.rule, finding.pointer) in failed:
                continue
            ctx = fix_context(servers, src, finding, refs, options, result)
            if ctx is not None:
                ctx.locks = locks
            outcome = fixers.run(fixers.FIXERS[finding.rule], ctx) if ctx else fixers.NoFix("no server entry")
            if isinstance(outcome, fixers.NoFix):
                failed.add((finding.rule, finding.pointer))
                if not outcome.quiet:
                    result.unfixed.append((finding, outcome.reason))
                continue
            if not plan.fits(outcome.edits):
                continue  # the next pass, on the new text
            plan.add(outcome.edits)
            for pointer, item in outcome.appends:
                appends.setdefault(pointer, []).append(item)
            planned.append((finding, outcome))
        if not planned:
            break
        try:
            edits = plan.edits + [e for e in (_append_edit(src, p, items) for p, items in appends.items()) if e is not None]
        except fixers.FixUnavailable as exc:
            for finding, _ in planned:
                failed.add((finding.rule, finding.pointer))
                result.unfixed.append((finding, str(exc)))
            continue
        if overlapping(edits):
            planned, edits = planned[:1], planned[0][1].edits  # apply one and come back for the rest
        new = apply(result.after, edits)
        try:
            parse(new, fmt)
        except LoadError:
            for finding, _ in planned:
                failed.add((finding.rule, finding.pointer))
                result.unfixed.append((finding, "the edit would break the file's syntax: dropped"))
            continue
        if new == result.after:
            break
        result.after = new
        for finding, outcome in planned:
            rule = scan_options.rules[finding.rule]
            result.applied.append(Applied(finding.rule, outcome.title, rule.fixable, outcome.notes))
    return result


def _locks(source: SourceFile, options: FixOptions) -> dict[str, str]:
    if not options.unsafe:
        return {}
    from mcplint.fix.locks import locked_versions

    return locked_versions(Path(source.path).parent, options.root or Path.cwd())


def _format(source: SourceFile) -> str:
    from mcplint.load import format_for

    return format_for(source.path)


def judge(source: SourceFile, text: str, scan_options: Any) -> tuple[Any, list[Finding]]:
    """The file loaded from ``text`` and its findings after suppressions."""
    from mcplint.engine import Evaluator
    from mcplint.filter import STAGE_RULES
    from mcplint.model import Report
    from mcplint.scan import filtered, load_source

    loaded = load_source(source, scan_options.max_bytes, data=text.encode("utf-8"))
    if loaded is None or loaded.error is not None:
        return None, []
    rules = [r for r in scan_options.rules.values() if r.id not in STAGE_RULES]
    found = Evaluator(rules, scan_options.extra_analyzers, scan_options.config).run(loaded)
    report = Report(version="", files_scanned=1, findings=found, rules=scan_options.rules,
                    files=[loaded.source.display], sources={loaded.source.display: text})
    report = filtered(report, [loaded], scan_options)
    return loaded, [f for f in report.findings if f.file == loaded.source.display]


def server_contexts(loaded: Any, scan_options: Any) -> list[tuple[Any, Any, Any]]:
    """(server, its facts, the loaded file) for each server of a loaded file."""
    from mcplint.facts import FactContext, Facts

    ctx = FactContext(loaded.doc, loaded.source, loaded.client, scan_options.extra_analyzers, scan_options.config)
    file_facts = loaded.facts()
    return [(server, Facts(server, ctx, {"server": server, "file": file_facts}), loaded) for server in loaded.servers]


def by_pointer(contexts: list[tuple[Any, Any, Any]]) -> dict[str, tuple[Any, Any, Any]]:
    """The server contexts by their server's JSON pointer (the first, should two share one)."""
    found: dict[str, tuple[Any, Any, Any]] = {}
    for context in contexts:
        found.setdefault(pointer_str(context[0].pointer), context)
    return found


def _innermost(servers: dict[str, tuple[Any, Any, Any]], pointer: str) -> tuple[Any, Any, Any] | None:
    """The context of the innermost server whose pointer is ``pointer`` or one of its parents:
    found by walking up the finding's pointer, so a file of thousands of servers costs each
    finding only its pointer's depth."""
    parts = pointer.split("/")
    for depth in range(len(parts), 0, -1):
        found = servers.get("/".join(parts[:depth]))
        if found is not None:
            return found
    return None


def _secrets(contexts: list[tuple[Any, Any, Any]]) -> set[str]:
    """The literal secrets of every server (to mask them in diffs)."""
    from mcplint.fix.fixers import secret_offsets

    found: set[str] = set()
    for server, facts, _ in contexts:
        for fact in facts["secrets"]:
            value = _raw_value(server, fact)
            if isinstance(value, str):
                for start, end in secret_offsets(server, fact) or [(0, len(value))]:
                    if end - start >= 4:
                        found.add(value[start:end])
    return found


def _raw_value(server: Any, fact: Any) -> Any:
    where = fact.where
    if where.startswith("env "):
        return server.env.get(where[4:])
    if where.startswith("header "):
        return server.headers.get(where[7:])
    if where == "url":
        return server.url
    if where.startswith("argument "):
        index = int(where.split()[1]) - 1
        return server.args[index] if index < len(server.args) else None
    return None


def fix_context(servers: dict[str, tuple[Any, Any, Any]], src: Any, finding: Finding, refs: dict[str, Any],
                options: FixOptions, result: FileFix) -> Any:
    """What the fixer of ``finding`` works with: the server it is about (the innermost, from
    :func:`by_pointer`), its facts, the client's secret reference, the text as fixed so far
    (``src``: the ``fixers.Source`` of ``result.after``, one for all of a pass's findings)."""
    from mcplint import clients
    from mcplint.fix.fixers import Context

    best = _innermost(servers, finding.pointer)
    if best is None:
        return None
    server, facts, loaded = best
    try:
        variables = clients.get(loaded.client).variables
    except KeyError:
        variables = frozenset()
    return Context(src, loaded.client, refs.get(loaded.client, {"style": "none"}),
                   variables, server, facts, finding, options.pins, result.secrets)


def _append_edit(src: Any, pointer: tuple, items: list[Any]) -> Edit | None:
    """One edit adding ``items`` (not yet there) to the list at ``pointer``, created when missing."""
    from mcplint.fix.text import FixUnavailable, add_key, append_item, flow_append, render_value

    try:
        existing = src.value(pointer)
    except (KeyError, IndexError, TypeError):
        existing = None
    fresh: list[Any] = []
    for item in items:
        key = item.get("id") if isinstance(item, dict) else item
        taken = [e.get("id") if isinstance(e, dict) else e for e in existing or []] + \
                [f.get("id") if isinstance(f, dict) else f for f in fresh]
        if key not in taken:
            fresh.append(item)
    if not fresh:
        return None
    if existing is None:
        return add_key(src, pointer[:-1], str(pointer[-1]), fresh)
    if not isinstance(existing, list):
        raise FixUnavailable(f"{pointer[-1]} is not a list")
    if src.flow(pointer):
        ends = [src.value_range(pointer + (i,))[1] for i in range(len(existing))]
        return flow_append(src, pointer, ends, ", ".join(render_value(src, v) for v in fresh))
    if len(fresh) > 1:
        raise FixUnavailable("several items for a block list")
    return append_item(src, pointer, fresh[0])


MASK_HEAD = 16
"""``mask`` looks secrets up by their first ``MASK_HEAD`` characters (all of a shorter one)."""


def mask(text: str, secrets: set[str]) -> str:
    """``text`` with every literal secret replaced by asterisks: each run of characters that
    one or more secrets cover, overlapping or not, becomes ``********``. One pass over the text
    (a lookup of each place's first characters), whatever the number of secrets."""
    heads: dict[str, list[str]] = {}
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            heads.setdefault(secret[:MASK_HEAD], []).append(secret)
    widths = sorted({len(head) for head in heads})
    pieces: list[str] = []
    kept = covered = 0  # text[kept:] is not out yet; text[:covered] is masked from the run's start
    for at in range(len(text)):
        for width in widths:
            for secret in heads.get(text[at:at + width], ()):
                if text.startswith(secret, at):
                    if at >= covered:  # a new run
                        pieces += (text[kept:at], "*" * 8)
                    covered = kept = max(covered, at + len(secret))
                    break
    pieces.append(text[kept:])
    return "".join(pieces)


def unified_diff(fix: FileFix) -> str:
    """The fix as a unified diff, secrets masked on both sides."""
    from mcplint.fix.diff import unified_diff as diff

    before = mask(fix.before, fix.secrets).splitlines(keepends=True)
    after = mask(fix.after, fix.secrets).splitlines(keepends=True)
    name = fix.source.display.replace("\\", "/")
    lines = diff(before, after, f"a/{name}", f"b/{name}")
    return "".join(_shown(line) for line in lines)


def _shown(line: str) -> str:
    """A diff line for a terminal: control characters escaped (tabs kept), one newline."""
    from mcplint.escape import printable

    body = line.rstrip("\r\n")
    shown = "\t".join(printable(part) for part in body.split("\t")) + "\n"
    return shown if line.endswith("\n") else shown + "\\ No newline at end of file\n"
