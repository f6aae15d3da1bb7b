"""Rule documentation from the rule files: ``mcplint rules`` and ``mcplint rule CODE``."""

from __future__ import annotations

import json
import textwrap

from mcplint.ruleset import Rule, load_rules


def find_rule(code: str, rules: dict[str, Rule] | None = None) -> Rule | None:
    rules = rules if rules is not None else load_rules()
    key = code.strip()
    return rules.get(key.upper()) or next((r for r in rules.values() if r.name == key), None)


def rule_dict(rule: Rule) -> dict:
    return {
        "id": rule.id, "name": rule.name, "severity": rule.severity, "summary": rule.summary,
        "rationale": rule.rationale, "fix": rule.fix, "references": list(rule.references),
        "tags": list(rule.tags), "cwe": list(rule.cwe), "scope": rule.scope, "help_uri": rule.help_uri,
        "examples": {
            "bad": [e.config for e in rule.bad],
            "good": [e.config for e in rule.good],
        },
    }


def rules_json() -> str:
    return json.dumps([rule_dict(r) for r in sorted(load_rules().values(), key=lambda r: r.id)], indent=2)


def rules_table() -> str:
    rows = sorted(load_rules().values(), key=lambda r: r.id)
    width = max(len(r.name) for r in rows)
    lines = [f"{'ID':<7} {'NAME':<{width}} {'SEVERITY':<9} SUMMARY"]
    lines += [f"{r.id:<7} {r.name:<{width}} {r.severity:<9} {r.summary}" for r in rows]
    return "\n".join(lines)


def explain(code: str, fmt: str = "text") -> str | None:
    rule = find_rule(code)
    if rule is None:
        return None
    if fmt == "json":
        return json.dumps(rule_dict(rule), indent=2)
    parts = [f"{rule.id} {rule.name} ({rule.severity})", "", rule.summary]
    if rule.rationale:
        parts += ["", "Why it matters", textwrap.indent(rule.rationale, "  ")]
    if rule.bad:
        parts += ["", "Bad"] + [textwrap.indent(e.config.rstrip(), "  ") + "\n" for e in rule.bad[:2]]
    if rule.good:
        parts += ["", "Good"] + [textwrap.indent(e.config.rstrip(), "  ") + "\n" for e in rule.good[:2]]
    if rule.fix:
        parts += ["", "How to fix", textwrap.indent(rule.fix, "  ")]
    if rule.references:
        parts += ["", "References"] + [f"  - {r}" for r in rule.references]
    return "\n".join(parts).rstrip()
