"""Rule documentation from the rule files: ``mcplint rules`` and ``mcplint rule CODE``.

Everything shown comes from the rule's YAML file (the single source that also feeds SARIF
``rules[]`` and the tests that run each example), so the docs cannot drift from the checks.
"""

from __future__ import annotations

import json
import textwrap

from mcplint import taxonomies
from mcplint.ruleset import Example, Rule, load_rules

DEFAULT_EXAMPLE_FILE = ".mcp.json"


def find_rule(code: str, rules: dict[str, Rule] | None = None) -> Rule | None:
    """A rule by id (any case) or kebab-case name."""
    rules = rules if rules is not None else load_rules()
    key = code.strip()
    return rules.get(key.upper()) or next((r for r in rules.values() if r.name == key.lower()), None)


def _example_dict(example: Example) -> dict:
    data = {"file": example.file or DEFAULT_EXAMPLE_FILE, "config": example.config}
    if example.description:
        data["description"] = example.description
    if example.message:
        data["message"] = example.message
    return data


def rule_dict(rule: Rule) -> dict:
    return {
        "id": rule.id, "name": rule.name, "severity": rule.severity, "summary": rule.summary,
        "rationale": rule.rationale, "fix": rule.fix, "references": list(rule.references),
        "tags": list(rule.tags), "cwe": list(rule.cwe), "standards": taxonomies.as_json(rule), "scope": rule.scope,
        "precision": rule.precision, "severity_varies": rule.severity_from is not None,
        "help_uri": rule.help_uri if rule.builtin else None, "builtin": rule.builtin,
        "fixable": rule.fixable or None,
        "examples": {
            "bad": [_example_dict(e) for e in rule.bad],
            "good": [_example_dict(e) for e in rule.good],
        },
    }


def rules_json(rules: dict[str, Rule] | None = None) -> str:
    rules = rules if rules is not None else load_rules()
    return json.dumps([rule_dict(r) for r in sorted(rules.values(), key=lambda r: r.id)], indent=2)


def rules_table(rules: dict[str, Rule] | None = None) -> str:
    rows = sorted((rules if rules is not None else load_rules()).values(), key=lambda r: r.id)
    width = max(len(r.name) for r in rows)
    lines = [f"{'ID':<7} {'NAME':<{width}} {'SEVERITY':<9} {'FIX':<6} SUMMARY"]
    lines += [f"{r.id:<7} {r.name:<{width}} {r.severity:<9} {r.fixable or '-':<6} {r.summary}" for r in rows]
    return "\n".join(lines)


def _examples(rule: Rule, title: str, examples: tuple[Example, ...], limit: int = 2) -> list[str]:
    parts: list[str] = []
    for example in examples[:limit]:
        heading = f"{title} ({example.file or DEFAULT_EXAMPLE_FILE})"
        if example.description:
            heading += f": {example.description}"
        parts += ["", heading, textwrap.indent(example.config.rstrip() or "(an empty file)", "    ")]
    if len(examples) > limit:
        parts += ["", f"  ({len(examples) - limit} more: mcplint rule {rule.id} --format json)"]
    return parts


def _suppress_hint(rule: Rule) -> list[str]:
    from mcplint.filter import STAGE_RULES

    if rule.id in STAGE_RULES:  # reported about the comments themselves: not suppressible inline
        return ["", "Suppressing it", f"  ignore = [\"{rule.id}\"] or per-file-ignores in .mcplint.toml (not inline)."]
    return [
        "", "Suppressing it",
        f"  // mcplint: ignore[{rule.id}] reason  (JSONC; '#' in YAML and TOML) on the line before or at its end;",
        "  in strict JSON: per-file-ignores or per-server-ignores in .mcplint.toml, or a baseline.",
    ]


_FIXABLE = {
    "safe": "safe: mcplint scan --fix applies it (it keeps what the server does); --diff shows it first.",
    "unsafe": "unsafe: it changes how the server behaves; applied with mcplint scan --fix --unsafe-fixes.",
    "": "none: fix by hand.",
}


def unknown_rule(code: str, rules: dict[str, Rule] | None = None) -> str:
    """The message for ``mcplint rule CODE`` when no rule has that id or name."""
    from mcplint.select import suggest

    close = suggest(code, rules if rules is not None else load_rules())
    hint = f"did you mean {close!r}?" if close else "try 'mcplint rules'"
    return f"unknown rule {code!r} ({hint})"


def explain(code: str, fmt: str = "text", rules: dict[str, Rule] | None = None) -> str | None:
    """``mcplint rule CODE``: what it finds, why it matters, bad and good examples, how to fix.
    ``rules``: the rules to look in (built-in and a config's custom rules; default: built-in)."""
    rule = find_rule(code, rules)
    if rule is None:
        return None
    if fmt == "json":
        return json.dumps(rule_dict(rule), indent=2)
    severity = rule.severity + (" (adjusted per finding)" if rule.severity_from is not None else "")
    facts = [f"Severity: {severity}"]
    if rule.tags:
        facts.append("Tags: " + ", ".join(rule.tags))
    if rule.cwe:
        facts.append("CWE: " + ", ".join(f"CWE-{c}" for c in rule.cwe))
    parts = [f"{rule.id} {rule.name}", "  ".join(facts), "", "What it finds", textwrap.indent(rule.summary, "  ")]
    if rule.rationale:
        parts += ["", "Why it matters", textwrap.indent(rule.rationale, "  ")]
    parts += _examples(rule, "Bad", rule.bad)
    parts += _examples(rule, "Good", rule.good)
    if rule.fix:
        parts += ["", "How to fix", textwrap.indent(rule.fix, "  ")]
    parts += ["", "Automatic fix", "  " + _FIXABLE.get(rule.fixable, _FIXABLE[""])]
    parts += _suppress_hint(rule)
    standards = taxonomies.references(rule)
    if standards:
        parts += ["", "Standards"] + [f"  - {ref.id} {ref.name}".rstrip() for ref in standards]
    source = f"  - {rule.help_uri} (rule file)" if rule.builtin else f"  - {rule.path} (custom rule file)"
    parts += ["", "References"] + [f"  - {r}" for r in rule.references] + [source]
    return "\n".join(parts).rstrip()
