"""The pipeline: discover -> load -> normalize -> facts -> rules -> filter -> report data.

``scan`` ties the stages together; each stage lives in its own module and only hands plain
records forward.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

from mcplint import __version__
from mcplint.engine import Evaluator, LoadedFile
from mcplint.load import MAX_FILE_BYTES, format_for, load_file
from mcplint.model import Document, Finding, LoadError, Report, SourceFile
from mcplint.normalize import client_containers, infer_client, servers_of
from mcplint.policy_files import holds_no_servers, holds_policy
from mcplint.record import Record, field
from mcplint.ruleset import Rule


class ScanOptions(Record):
    rules: dict[str, Rule]
    """Rules to run, by id (after selection)."""
    max_bytes: int = MAX_FILE_BYTES
    extra_analyzers: dict[str, Any] = field(default_factory=dict)
    config: Any = None
    """config.Config in force (policy, ignores, baseline); None = defaults."""
    baseline: Any = None
    """baseline.Baseline whose findings are hidden (filter stage); None = none."""
    write_baseline: Path | None = None
    """Write the findings to this baseline file instead of filtering by one."""
    baseline_written: int | None = None
    """Set by the filter stage: how many findings the written baseline holds."""
    deselected: list[str] = field(default_factory=list)
    """Set by ``scan``: protected rules the selection had left out and that run anyway (a note)."""
    known_rules: dict[str, Rule] | None = None
    """Every rule the configuration defines, selected or not: where a forced rule is taken from,
    what an inline ignore may name. None: ``scan`` loads them (ruleset.load_rules)."""


def load_source(source: SourceFile, max_bytes: int = MAX_FILE_BYTES, data: bytes | None = None) -> LoadedFile | None:
    """Load and normalize one file (``data``: its bytes, read elsewhere, e.g. from standard
    input); None for a sniffed file that turns out not to be MCP."""
    fmt = source.format or format_for(source.path)
    try:
        if fmt == "mcpb":  # a bundle: its manifest, read from the zip (publisher.py)
            from mcplint.publisher import load_bundle

            source, doc = load_bundle(source)
        else:
            doc = load_file(source.path, fmt, max_bytes) if data is None else _parse_buffer(data, fmt, max_bytes)
    except LoadError as error:
        if source.sniffed:
            return None
        source = getattr(error, "inner", source)  # a bundle's manifest that does not parse
        # kept until the report: without its traceback, which would hold the parser's frames;
        # with the text of a file that was read but does not parse, for the raw-text secret scan
        text = None if fmt == "mcpb" else _unparsed_text(source, max_bytes, data)
        return LoadedFile(source, source.client or "unknown", fmt, text, error.with_traceback(None), [])
    if fmt == "dotenv":  # an env file a config names: its variables are one server's env
        from mcplint.envfiles import server_of

        return LoadedFile(source, source.client or "dotenv", fmt, doc, None, [server_of(doc, source)])
    if fmt == "mcpb" or (type(doc.data) is dict and ("$schema" in doc.data or "manifest_version" in doc.data
                                                      or "dxt_version" in doc.data)):
        from mcplint import publisher

        kind = publisher.kind_of(doc.data, named=source.explicit)
        if fmt == "mcpb" and kind != publisher.MCPB:
            error = LoadError("the bundle's manifest.json is not an MCPB manifest (no manifest_version and server)")
            return LoadedFile(source, publisher.MCPB, fmt, None, error, [])
        if kind is not None:
            return LoadedFile(source, kind, fmt, doc, None, publisher.servers_of(doc, kind, source.display, source.scope))
    client = source.client or infer_client(doc.data)
    keys, flat, _ = client_containers(client)
    servers = servers_of(doc, client, source.display, source.scope, keys, flat)
    if not servers and source.client and not holds_policy(source.path, source.client):
        # a shared file name in another client's shape: Visual Studio's `servers` in `.mcp.json`
        other = infer_client(doc.data)
        if other not in (client, "generic"):
            client = other
            keys, flat, _ = client_containers(client)
            servers = servers_of(doc, client, source.display, source.scope, keys, flat)
    if servers and holds_no_servers(source.path, source.client):  # requirements.toml: identities, not servers
        servers = []
    if source.client is None:
        # outside the catalog's known paths: an MCP config only on positive evidence (issue 15)
        from mcplint.discover import has_mcp_evidence

        if not has_mcp_evidence(doc.data, servers):
            return None
    return LoadedFile(source, client, fmt, doc, None, servers)


def _parse_buffer(data: bytes, fmt: str, max_bytes: int) -> Any:
    """Decode and parse bytes not read from disk, under the same size limit as a file."""
    from mcplint.load import SLOW_FORMAT_SHARE, decode, parse

    limit = max_bytes // SLOW_FORMAT_SHARE if fmt in ("yaml", "toml") else max_bytes
    if len(data) > limit:
        raise LoadError(f"{len(data):,} bytes, over the {limit:,}-byte limit for {fmt.upper()}: not parsed")
    return parse(decode(data), fmt)


def _unparsed_text(source: SourceFile, max_bytes: int, data: bytes | None = None) -> Document | None:
    """A document holding only the text of a file that reads and decodes but does not parse
    (None when it cannot be read or decoded): its secrets are still found (facts/raw_secrets.py)."""
    from mcplint.load import decode, read_bytes

    try:
        text = decode(read_bytes(source.path, max_bytes) if data is None else data[:max_bytes])
    except LoadError:
        return None
    return Document(data=None, text=text.removeprefix("\ufeff"))


def missing_file(source: SourceFile) -> LoadedFile:
    return LoadedFile(source, "unknown", format_for(source.path), None, LoadError("no such file or directory"), [])


def _load_and_evaluate(sources: list[SourceFile], missing: list[SourceFile], evaluator: Evaluator,
                       options: ScanOptions, load: Any = None) -> Iterator[tuple[LoadedFile, list[Finding]]]:
    """(loaded file, unfiltered findings) for missing paths, then each source, in input order.

    Many sources go to a process pool (mcplint.parallel); a file there comes back with only
    the parts of its document that the filter stage and the report read (its data only with a
    baseline).
    """
    from functools import partial

    from mcplint.parallel import load_and_evaluate

    for loaded in map(missing_file, missing):
        yield loaded, evaluator.run(loaded)
    keep_data = options.baseline is not None or options.write_baseline is not None
    yield from load_and_evaluate(list(sources), load or partial(load_source, max_bytes=options.max_bytes), evaluator,
                                 keep_data=keep_data)


def scan(sources: list[SourceFile], options: ScanOptions, missing: list[SourceFile] = (),
         load: Any = None) -> tuple[Report, list[LoadedFile]]:
    """Run every stage up to the filtered findings of every file (suppressed ones in ``report.suppressed``).

    ``load``: how a source becomes a LoadedFile (default: ``load_source`` reading the disk)."""
    from mcplint.envfiles import sources as env_file_sources
    from mcplint.filter import STAGE_RULES
    from mcplint.select import with_forced_rules

    options.rules, options.deselected = with_forced_rules(options.rules, options.config, known_rules(options))
    sources = list(sources) + env_file_sources(sources)  # env files the configs name (envFile)
    rules = [rule for rule in options.rules.values() if rule.id not in STAGE_RULES]
    evaluator = Evaluator(rules, options.extra_analyzers, options.config)
    findings: list[Finding] = []
    loaded_files: list[LoadedFile] = []
    texts: dict[str, str] = {}
    for loaded, found in _load_and_evaluate(sources, missing, evaluator, options, load):
        if found and found[0].file != loaded.source.display:
            # a bundle judged in a pool worker: its findings name the manifest inside it (publisher.py)
            loaded.source = loaded.source._replace(display=found[0].file)
        loaded_files.append(loaded)
        if found and loaded.doc is not None and loaded.error is None:
            # (not the raw text of a file that does not parse: its lines are not shown, a
            # hostile one-line file must not reach the text reporter's per-line masking)
            texts[loaded.source.display] = loaded.doc.text
        findings.extend(found)
    report = Report(
        version=__version__, files_scanned=len(loaded_files), findings=findings, rules=options.rules,
        files=[lf.source.display for lf in loaded_files], sources=texts,
        paths={lf.source.display: str(lf.source.path) for lf in loaded_files if lf.source.display.startswith("~")},
    )
    return filtered(report, loaded_files, options), loaded_files


def known_rules(options: ScanOptions) -> dict[str, Rule]:
    """``options.known_rules``, loaded (and kept there) when the caller did not give them."""
    if options.known_rules is None:
        from mcplint.ruleset import load_rules

        config = options.config
        options.known_rules = load_rules(tuple(config.rule_paths)) if config is not None else load_rules()
    return options.known_rules


def filtered(report: Report, loaded_files: list[LoadedFile], options: ScanOptions) -> Report:
    """The filter stage over the rules stage's findings, with the one rule that needs the filter's
    first step: inline ignores (filter.inline_ignores), then MCP009 over the ignores that
    suppressed nothing (evaluated by the engine, as every rule is), then the configuration's
    ignores and the baseline (filter.apply), which MCP009's findings pass through too."""
    from mcplint.filter import UNUSED_IGNORE, apply, inline_ignores

    inline = inline_ignores(report, loaded_files, options, known_rules(options))
    if inline.unused:
        evaluator = Evaluator([options.rules[UNUSED_IGNORE]])
        for loaded, items in inline.unused:
            found = evaluator.run(loaded, {"unused_ignores": items})
            report.findings.extend(found)
            if found:
                report.sources.setdefault(loaded.source.display, loaded.doc.text)
    return apply(report, loaded_files, options, inline.refused)


def scan_paths(paths: list[str], options: ScanOptions, cwd: Path | None = None) -> Report:
    from mcplint.discover import discover, not_excluded
    from mcplint.usage import require_paths

    sources, missing = discover(paths, cwd or Path.cwd())
    require_paths(missing)
    kept = not_excluded(sources, options.config)
    report = scan(kept, options, missing)[0]
    report.files_skipped = len(sources) - len(kept)
    return report


def scan_buffer(path: str, data: bytes, options: ScanOptions, cwd: Path | None = None) -> Report:
    """Judge ``data`` as if it were the file at ``path`` (which need not exist): its client is
    inferred from the path, its findings are reported under it. For editors and hooks that
    pipe an unsaved buffer (``mcplint scan - --stdin-filename PATH``)."""
    from functools import partial

    from mcplint.discover import source_for_file

    cwd = cwd or Path.cwd()
    source = source_for_file(Path(os.path.normpath(cwd / path)), cwd, explicit=True)
    return scan([source], options, load=partial(load_source, max_bytes=options.max_bytes, data=data))[0]
