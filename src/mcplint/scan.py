"""The pipeline: discover -> load -> normalize -> facts -> rules -> filter -> report data.

``scan`` ties the stages together; each stage lives in its own module and only hands plain
records forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcplint import __version__
from mcplint.engine import Evaluator, LoadedFile
from mcplint.load import MAX_FILE_BYTES, format_for, load_file
from mcplint.model import Finding, LoadError, Report, SourceFile, severity_rank
from mcplint.normalize import CONTAINERS, infer_client, servers_of
from mcplint.ruleset import Rule


@dataclass
class ScanOptions:
    rules: dict[str, Rule]
    """Rules to run, by id (after selection)."""
    max_bytes: int = MAX_FILE_BYTES
    extra_analyzers: dict[str, Any] = field(default_factory=dict)
    config: Any = None
    """config.Config in force (policy, ignores, baseline); None = defaults."""


def _servers_keys(client_id: str) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Where the client keeps servers, from the catalog; every known container otherwise."""
    from mcplint import clients

    try:
        client = clients.get(client_id)
    except KeyError:
        return CONTAINERS, True
    return (client.servers_keys or CONTAINERS), client.flat or not client.servers_keys


def load_source(source: SourceFile, max_bytes: int = MAX_FILE_BYTES) -> LoadedFile | None:
    """Load and normalize one file; None for a sniffed file that turns out not to be MCP."""
    fmt = source.format or format_for(source.path)
    try:
        doc = load_file(source.path, fmt, max_bytes)
    except LoadError as error:
        if source.sniffed:
            return None
        return LoadedFile(source, source.client or "unknown", fmt, None, error, [])
    client = source.client or infer_client(doc.data)
    keys, flat = _servers_keys(client)
    servers = servers_of(doc, client, source.display, source.scope, keys, flat)
    if source.sniffed and not servers:
        return None
    return LoadedFile(source, client, fmt, doc, None, servers)


def missing_file(source: SourceFile) -> LoadedFile:
    return LoadedFile(source, "unknown", format_for(source.path), None, LoadError("no such file or directory"), [])


def scan(sources: list[SourceFile], options: ScanOptions, missing: list[SourceFile] = ()) -> tuple[Report, list[LoadedFile]]:
    """Run every stage up to the unfiltered findings of every file."""
    evaluator = Evaluator(list(options.rules.values()), options.extra_analyzers, options.config)
    findings: list[Finding] = []
    loaded_files: list[LoadedFile] = [missing_file(s) for s in missing]
    for source in sources:
        loaded = load_source(source, options.max_bytes)
        if loaded is not None:
            loaded_files.append(loaded)
    texts: dict[str, str] = {}
    for loaded in loaded_files:
        found = evaluator.run(loaded)
        if found and loaded.doc is not None:
            texts[loaded.source.display] = loaded.doc.text
        findings.extend(found)
    findings.sort(key=lambda f: (f.file, f.line, f.column, -severity_rank(f.severity), f.rule, f.message))
    report = Report(
        version=__version__, files_scanned=len(loaded_files), findings=findings, rules=options.rules,
        files=[lf.source.display for lf in loaded_files], sources=texts,
    )
    return report, loaded_files


def scan_paths(paths: list[str], options: ScanOptions, cwd: Path | None = None) -> Report:
    from mcplint.discover import discover

    sources, missing = discover(paths, cwd or Path.cwd())
    return scan(sources, options, missing)[0]
