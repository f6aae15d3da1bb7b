"""``--format json``: the stable machine-readable contract (see README, "JSON output")."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from mcplint.model import SEVERITIES, Report

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict:
    counts = Counter(f.severity for f in report.findings)
    return {
        "version": report.version,
        "schema_version": SCHEMA_VERSION,
        "files_scanned": report.files_scanned,
        "findings": [f.to_json() for f in report.findings],
        "summary": {
            "total": len(report.findings),
            "by_severity": {s: counts.get(s, 0) for s in reversed(SEVERITIES)},
            "suppressed": len(report.suppressed),
        },
    }


def write(report: Report, out: TextIO) -> None:
    json.dump(as_dict(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
