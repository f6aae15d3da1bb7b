"""Every rule's message reads as a sentence: rendered from each bad example, none carries the
marks of a template filled with a missing or doubled fact (issue 23: "approved only at
==2025.4.7, and this server has its version is not pinned (none)")."""

from __future__ import annotations

import re

import pytest
from helpers import scan_text

from mcplint.ruleset import load_rules

RULES = load_rules()
CASES = [pytest.param(rule, example, id=f"{rule.id}-bad-{i}") for rule in RULES.values()
         for i, example in enumerate(rule.bad)]

SMELLS = {
    "a doubled word": re.compile(r"\b(\w+) \1\b", re.I),
    "'has its ... is'": re.compile(r"\bhas its\b[^.:;]*\bis\b"),
    "'(none)'": re.compile(r"\(none\)", re.I),
    "'(('": re.compile(r"\(\("),
    "empty parentheses or brackets": re.compile(r"\(\s*\)|\[\s*\]"),
    "a Python None/True/False": re.compile(r"\b(None|True|False)\b"),
    "an unfilled {field}": re.compile(r"(?<!\$)\{[\w.]+\}"),  # not a ${NAME} the message quotes
    "a space before punctuation": re.compile(r" [,.:;](\s|$)"),
    "doubled punctuation": re.compile(r",,|;;|(?<!\.)\.\.(?!\.)"),
}


def smells(message: str) -> list[str]:
    found = [name for name, pattern in SMELLS.items() if pattern.search(message)]
    if message != message.strip():
        found.append("leading or trailing spaces")
    if "  " in message:
        found.append("a double space")
    return found


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_messages_read_as_sentences(tmp_path, rule, example) -> None:
    findings = [f for f in scan_text(tmp_path, example.config, example.file or ".mcp.json", policy=example.policy)
                if f.rule == rule.id]
    assert findings
    for finding in findings:
        assert not smells(finding.message), (smells(finding.message), finding.message)


def test_the_checks_catch_the_reported_garble() -> None:
    assert smells("approved only at ==2025.4.7, and this server has its version is not pinned (none)")
    assert smells("Server developer ((no command or url))")
    assert smells("value None found ")
    assert not smells("Server github (npm:x@1.0.0) is not approved by the policy: no entry matches it")
