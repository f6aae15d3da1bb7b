"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Follows the checklist in linter-conventions.md section 11: relative, percent-encoded URIs under
``%SRCROOT%`` (absolute ``file://`` URIs for files outside it, as in a machine scan), every
enabled rule in ``tool.driver.rules`` with ``security-severity``, plus one descriptor per
(rule, severity) reported at another severity than the rule's own (``MCP201/info``: GitHub
reads a result's severity from its descriptor only), mcplint's own
line-independent fingerprint under ``partialFingerprints`` (GitHub computes its own
``primaryLocationLineHash``), and files that could not be parsed as results of MCP001.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from mcplint.report import ReportOptions
from mcplint.model import Report
from mcplint.report.json_report import indented

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mcplint/mcplint"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
FINGERPRINT_KEY = "mcplint/v1"


def _rule_descriptor(rule: Any, severity: str | None = None) -> dict[str, Any]:
    """The rule's descriptor; with a ``severity`` other than its default, the descriptor of the
    rule at that severity (id ``MCP201/info``): GitHub reads ``security-severity`` only from a
    descriptor, so each severity a rule reports at needs its own."""
    descriptor = _base_descriptor(rule)
    if severity is not None and severity != rule.severity:
        descriptor["id"] = f"{rule.id}/{severity}"
        descriptor["defaultConfiguration"] = {"level": LEVELS[severity]}
        descriptor["properties"]["security-severity"] = SECURITY_SEVERITY[severity]
    return descriptor


def _base_descriptor(rule: Any) -> dict[str, Any]:
    help_text = "\n\n".join(part for part in (rule.rationale, f"How to fix: {rule.fix}" if rule.fix else "") if part)
    markdown = [f"**{rule.id} {rule.name}**: {rule.summary}"]
    if rule.rationale:
        markdown.append(f"## Why\n{rule.rationale}")
    if rule.fix:
        markdown.append(f"## How to fix\n{rule.fix}")
    if rule.references:
        markdown.append("## References\n" + "\n".join(f"- {r}" for r in rule.references))
    tags = ["security", *rule.tags, *(f"external/cwe/cwe-{c}" for c in rule.cwe)]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale or rule.summary},
        "help": {"text": help_text or rule.summary, "markdown": "\n\n".join(markdown)},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys(tags))[:20],
            "precision": rule.precision if rule.precision in ("very-high", "high", "medium", "low") else "high",
            "security-severity": SECURITY_SEVERITY[rule.severity],
        },
    }


def _taxonomies(rules: list[Any], descriptors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The standards the rules map to (OWASP MCP Top 10, OWASP LLM Top 10, CWE) as SARIF
    taxonomies, and a ``relationships`` entry on each descriptor pointing at its taxa."""
    from mcplint.taxonomies import catalog, references

    by_id = {rule.id: rule for rule in rules}
    components: dict[str, dict[str, Any]] = {}
    taxa_index: dict[tuple[str, str], int] = {}
    for descriptor in descriptors:
        rule = by_id.get(descriptor["id"].split("/")[0])
        relationships = []
        for ref in references(rule) if rule is not None else ():
            info = catalog()[ref.taxonomy]
            component = components.setdefault(ref.taxonomy, {
                "name": info["name"], "version": info["version"], "organization": info["organization"],
                "informationUri": info["uri"], "isComprehensive": False, "taxa": []})
            key = (ref.taxonomy, ref.id)
            if key not in taxa_index:
                taxa_index[key] = len(component["taxa"])
                component["taxa"].append({"id": ref.id, "name": ref.name or ref.id})
            relationships.append({
                "target": {"id": ref.id, "index": taxa_index[key],
                           "toolComponent": {"name": info["name"], "index": list(components).index(ref.taxonomy)}},
                "kinds": ["relevant"]})
        if relationships:
            descriptor["relationships"] = relationships
    return list(components.values())


def _artifact(file: str, absolute: str | None = None) -> dict[str, str]:
    """A percent-encoded URI (spaces, ``#``, ``%``, non-ASCII): relative to ``%SRCROOT%``, or an
    absolute ``file://`` URI for a file outside the working directory (``absolute``: its real
    path, for a display path such as ``~/.cursor/mcp.json``)."""
    from urllib.parse import quote

    if absolute is not None:
        file = absolute
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    if len(file) > 2 and file[1] == ":" and file[2] in "/\\":  # a Windows path read elsewhere
        return {"uri": "file:///" + quote(file.replace("\\", "/"), safe="/:")}
    return {"uri": quote(file, safe="/"), "uriBaseId": "%SRCROOT%"}


def _location(file: str, line: int, column: int, end_line: int, end_column: int,
              artifacts: dict[str, dict[str, str]], paths: dict[str, str] | None = None) -> dict[str, Any]:
    """``artifacts``: the artifact location of each file so far (a file has several findings)."""
    artifact = artifacts.get(file)
    if artifact is None:
        artifact = artifacts[file] = _artifact(file, (paths or {}).get(file))
    region: dict[str, int] = {"startLine": line, "startColumn": column}
    if end_line >= line and (end_line > line or end_column > column):
        region.update(endLine=end_line, endColumn=end_column)
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def automation_details_id(category: str) -> str:
    """``runAutomationDetails.id`` for a category: GitHub reads the part up to the last ``/`` as
    the category (the rest is a run id), so a category gets a trailing ``/`` as upload-sarif's
    own ``category`` input does."""
    return category if category.endswith("/") else category + "/"


def as_dict(report: Report, automation_id: str | None = None, report_suppressed: bool = False) -> dict[str, Any]:
    """The SARIF log. Suppressed findings are left out unless ``report_suppressed``: GitHub code
    scanning does not read ``suppressions`` and would show them as open alerts."""
    rules = sorted(report.rules.values(), key=lambda r: r.id)
    shown = [*report.findings, *(report.suppressed if report_suppressed else ())]
    # every enabled rule at its own severity, then each (rule, other severity) reported
    descriptors = [_rule_descriptor(r) for r in rules]
    index = {(rule.id, rule.severity): i for i, rule in enumerate(rules)}
    for f in shown:
        rule = report.rules.get(f.rule)
        if rule is not None and (f.rule, f.severity) not in index:
            index[(f.rule, f.severity)] = len(descriptors)
            descriptors.append(_rule_descriptor(rule, f.severity))
    taxonomies = _taxonomies(rules, descriptors)
    results = []
    artifacts: dict[str, dict[str, str]] = {}
    for f in shown:
        at = index.get((f.rule, f.severity))
        result: dict[str, Any] = {
            "ruleId": descriptors[at]["id"] if at is not None else f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.file, f.line, f.column, f.end_line, f.end_column, artifacts, report.paths)],
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
            "properties": {"severity": f.severity, "server": f.server, "client": f.client},
        }
        if at is not None:
            result["ruleIndex"] = at
        if f.suppression is not None:
            suppression = {"kind": f.suppression.kind, "status": "accepted"}
            if f.suppression.justification:
                suppression["justification"] = f.suppression.justification
            result["suppressions"] = [suppression]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "mcplint",
            "semanticVersion": report.version,
            "version": report.version,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "taxonomies": taxonomies,
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": True}],
    }
    if automation_id:
        run["automationDetails"] = {"id": automation_details_id(automation_id)}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    options = options or ReportOptions()
    automation_id, report_suppressed = options.automation_id, options.report_suppressed
    out.write("".join(indented(as_dict(report, automation_id, report_suppressed))))
    out.write("\n")
