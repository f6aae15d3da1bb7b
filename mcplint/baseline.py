"""Baseline: record today's findings once, then report only new ones.

``mcplint scan --write-baseline FILE`` writes every finding that is reported today;
``mcplint scan --baseline FILE`` (or ``baseline = "FILE"`` in the config) hides those.

A finding's identity is its rule, its file (relative to the baseline's folder, so a run from
another directory matches), its server, the JSON pointer of the offending value and a SHA-256
of that value — never a line number, so moving lines, reformatting or reordering servers does
not bring anything back, while changing the flagged value does. Identities are counted: two
identical findings in the baseline hide two findings, not more.

The file holds no secret and no message text: rule, file, server and a 32-hex digest per
finding, sorted, so that it diffs well in review::

    {"version": 1, "generated_by": "mcplint 0.1.0",
     "findings": [{"rule": "MCP201", "file": ".cursor/mcp.json", "server": "remote",
                   "fingerprint": "5f0c..."}]}
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from mcplint.model import Finding, Suppression
from mcplint.record import Record, field
from mcplint.errors import McplintError

VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
"""A larger baseline is refused (one entry is about 150 bytes: 400,000 findings)."""
FIELDS = ("rule", "file", "server", "fingerprint")


class BaselineError(McplintError):
    """A baseline file that cannot be used (missing, not JSON, another version)."""


class Baseline(Record):
    path: Path
    """Absolute path of the baseline file; identities are relative to its folder."""
    counts: Counter[str] = field(default_factory=Counter)
    """Identity -> how many findings it hides."""

    @property
    def folder(self) -> Path:
        return self.path.parent


def _absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(path))


def relative_file(file: Path, folder: Path) -> str:
    """``file`` relative to ``folder`` with forward slashes (absolute when that is impossible)."""
    try:
        return Path(os.path.relpath(_absolute(file), _absolute(folder))).as_posix()
    except ValueError:  # another drive on Windows
        return _absolute(file).as_posix()


def _parse_pointer(data: Any, pointer: str) -> tuple[bool, Any]:
    """The value at an RFC 6901 pointer string: (found, value)."""
    if not pointer:
        return True, data
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return False, None
    return True, data


def value_digest(finding: Finding, data: Any) -> str:
    """SHA-256 of the flagged value (its JSON form); of the message when there is no value."""
    found, value = _parse_pointer(data, finding.pointer) if finding.pointer and data is not None else (False, None)
    text = json.dumps(value, sort_keys=True, default=str) if found else "message:" + finding.message
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def identity(finding: Finding, file: Path, folder: Path, data: Any) -> tuple[str, str]:
    """(file relative to ``folder``, line-independent fingerprint) of a finding."""
    from mcplint.engine import fingerprint

    relative = relative_file(file, folder)
    return relative, fingerprint(finding.rule, relative, finding.server, finding.pointer, value_digest(finding, data))


def _version_text(version: Any) -> str:
    """A version number as written; any other value by its type only (never its text)."""
    if isinstance(version, int) and not isinstance(version, bool) and abs(version) < 10**9:
        return str(version)
    return f"({type(version).__name__})"


def load(path: str | os.PathLike[str]) -> Baseline:
    """Read and check a baseline file."""
    from mcplint.escape import printable
    from mcplint.load import decode, read_bytes
    from mcplint.model import LoadError

    absolute = _absolute(path)
    shown = printable(os.fspath(path))
    try:
        text = decode(read_bytes(absolute, MAX_BYTES))
    except LoadError as exc:
        if not os.path.lexists(absolute):
            raise BaselineError(
                f"{shown}: baseline file not found (create it with: mcplint scan --write-baseline {shown})"
            ) from None
        where = f":{exc.line}:{exc.column}" if exc.line else ""
        raise BaselineError(f"{shown}{where}: cannot read baseline: {exc.message}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{shown}:{exc.lineno}:{exc.colno}: not a baseline file (invalid JSON: {exc.msg})") from None
    except RecursionError:
        raise BaselineError(f"{shown}: not a baseline file (JSON nested too deep)") from None
    except ValueError:  # an integer past Python's digit limit
        raise BaselineError(f"{shown}: not a baseline file (a number too long to read)") from None
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{shown}: not an mcplint baseline (expected 'version' and a 'findings' list)")
    if data["version"] != VERSION:
        raise BaselineError(
            f"{shown}: baseline version {_version_text(data['version'])} is not supported by this mcplint (version {VERSION});"
            f" regenerate it with --write-baseline"
        )
    counts: Counter[str] = Counter()
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{shown}: findings[{index}] has no 'fingerprint'")
        counts[entry["fingerprint"]] += 1
    return Baseline(absolute, counts)


def filter_findings(baseline: Baseline, findings: Iterable[Finding],
                    locate: Any) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (new, known). ``locate(finding) -> (absolute file, document data)``."""
    remaining = Counter(baseline.counts)
    new: list[Finding] = []
    known: list[Finding] = []
    justification = f"in baseline {relative_file(baseline.path, Path.cwd())}"
    for finding in findings:
        file, data = locate(finding)
        _relative, key = identity(finding, file, baseline.folder, data)
        if remaining[key] > 0:
            remaining[key] -= 1
            finding.suppression = Suppression("external", justification)
            known.append(finding)
        else:
            new.append(finding)
    return new, known


def entries(findings: Iterable[Finding], folder: Path, locate: Any) -> list[dict[str, Any]]:
    rows = []
    for finding in findings:
        file, data = locate(finding)
        relative, key = identity(finding, file, folder, data)
        rows.append({"rule": finding.rule, "file": relative, "server": finding.server, "fingerprint": key})
    rows.sort(key=lambda r: (r["file"], r["rule"], r["server"] or "", r["fingerprint"]))
    return rows


def write(path: str | os.PathLike[str], findings: Iterable[Finding], locate: Any) -> int:
    """Write the baseline of ``findings``; returns how many entries it holds."""
    from mcplint import __version__

    absolute = _absolute(path)
    rows = entries(findings, absolute.parent, locate)
    document = {"version": VERSION, "generated_by": f"mcplint {__version__}", "findings": rows}
    absolute.parent.mkdir(parents=True, exist_ok=True)
    temporary = absolute.with_name(absolute.name + ".tmp")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (hostile server name): \ud800 escapes read back the same
        text = json.dumps(document, indent=2, ensure_ascii=True)
    temporary.write_text(text + "\n", encoding="utf-8", newline="\n")
    os.replace(temporary, absolute)
    return len(rows)
