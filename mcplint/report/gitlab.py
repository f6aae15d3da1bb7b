"""``--format gitlab``: GitLab Code Quality JSON (the Code Climate subset GitLab reads).

GitLab shows these in the merge request's Code Quality widget. Its severities are
info/minor/major/critical/blocker; each issue needs a fingerprint that is unique in the report,
so a second finding with the same mcplint fingerprint gets a suffix.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from mcplint.model import Report
from mcplint.report import ReportOptions

SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}
"""mcplint severity → GitLab Code Quality severity."""


def issues(report: Report) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for f in report.findings:
        count = seen.get(f.fingerprint, 0)
        seen[f.fingerprint] = count + 1
        rule = report.rules.get(f.rule)
        out.append({
            "type": "issue",
            "check_name": f"{f.rule} {f.name}",
            "description": f"{f.rule} {f.name}: {f.message}" + (f" [{f.server}]" if f.server else ""),
            "content": {"body": _body(rule)} if rule is not None else None,
            "categories": ["Security"],
            "fingerprint": f.fingerprint if count == 0 else f"{f.fingerprint}-{count}",
            "severity": SEVERITY[f.severity],
            "location": {"path": f.file, "lines": {"begin": f.line, "end": f.end_line or f.line}},
        })
        if out[-1]["content"] is None:
            del out[-1]["content"]
    return out


def _body(rule: Any) -> str:
    """The rule's fix and its standards, in Markdown (GitLab shows it under the issue)."""
    from mcplint.taxonomies import references

    parts = [str(getattr(rule, "summary", "") or "").strip(), "**Fix:** " + str(getattr(rule, "fix", "") or "").strip()]
    standards = references(rule)
    if standards:
        parts.append("**Standards:** " + "; ".join(f"{r.id} {r.name}".rstrip() for r in standards))
    return "\n\n".join(p for p in parts if p and p != "**Fix:**")


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    json.dump(issues(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
