"""Fixing the files of a scan: which files, dry runs (``--diff``, the ``[*]`` marks), writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcplint.fix import FileFix, FixOptions, fix_text, fixable_rules
from mcplint.model import LoadError


@dataclass
class Outcome:
    fixes: list[FileFix] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Files not written (changed on disk, unreadable), with why."""

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.fixes if f.changed]


def editable(source: Any) -> bool:
    """A config file of its own: not a bundle (or a manifest inside one), not an env file."""
    fmt = source.format or ""
    return fmt not in ("mcpb", "dotenv") and Path(source.path).suffix.lower() not in (".mcpb", ".dxt") \
        and "!" not in source.display and Path(source.path).name != "manifest.json"


def fix_paths(paths: list[str], scan_options: Any, options: FixOptions, write: bool, cwd: Path | None = None) -> Outcome:
    """Fix every discovered file that has a finding of a fixable rule; ``write``: in place."""
    from mcplint.discover import discover, not_excluded
    from mcplint.fix import write as writer
    from mcplint.scan import scan

    cwd = cwd or Path.cwd()
    sources, missing = discover(paths, cwd)
    sources = not_excluded(sources, scan_options.config)
    report, _ = scan(sources, scan_options, missing)
    wanted = fixable_rules(scan_options.rules, options.unsafe)
    files = {f.file for f in report.findings if f.rule in wanted}
    outcome = Outcome()
    for source in sources:
        if source.display not in files or not editable(source):
            continue
        try:
            snapshot = writer.read(source.path, scan_options.max_bytes)
            from mcplint.load import decode

            text = decode(snapshot.data)
        except (OSError, LoadError) as exc:
            outcome.errors.append(f"{source.display}: not fixed: {getattr(exc, 'message', exc)}")
            continue
        fix = fix_text(source, text, scan_options, options)
        outcome.fixes.append(fix)
        if write and fix.changed:
            try:
                writer.write(snapshot, fix.after)
            except (OSError, writer.ChangedOnDisk) as exc:
                outcome.errors.append(f"{source.display}: not fixed: {exc}")
                fix.after = fix.before
    return outcome


def fixable_fingerprints(report: Any, scan_options: Any, unsafe: bool, texts: dict[str, tuple[Any, str]]) -> set[str]:
    """Fingerprints of the findings a fix exists for (one dry pass per file that has any)."""
    from mcplint.fix import (
        by_pointer,
        fix_context,
        fixers,
        judge,
        secret_refs,
        server_contexts,
    )

    wanted = fixable_rules(scan_options.rules, unsafe)
    found: set[str] = set()
    refs = secret_refs()
    for source, text in texts.values():
        if not editable(source):
            continue
        loaded, findings = judge(source, text, scan_options)
        if loaded is None:
            continue
        servers = by_pointer(server_contexts(loaded, scan_options))
        holder = FileFix(source, text, text, loaded.format)
        src = fixers.Source(text, loaded.doc, loaded.format)
        options = FixOptions(unsafe, {})
        for finding in findings:
            if finding.rule in wanted:
                ctx = fix_context(servers, src, finding, refs, options, holder)
                if ctx is not None and isinstance(fixers.run(fixers.FIXERS[finding.rule], ctx), fixers.Fix):
                    found.add(finding.fingerprint)
    return found
