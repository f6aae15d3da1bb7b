"""Every rule's documented examples run: bad ones must fire the rule where they say (``line``,
``pointer``: the first finding's), good ones must not fire it."""

from __future__ import annotations

import pytest
from helpers import scan_text

from mcplint.ruleset import load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule, kind, i, example, id=f"{rule.id}-{kind}-{i}")
    for rule in RULES.values()
    for kind, examples in (("bad", rule.bad), ("good", rule.good))
    for i, example in enumerate(examples)
]


def test_every_rule_has_examples() -> None:
    for rule in RULES.values():
        assert rule.bad, f"{rule.id} has no bad example"
        assert rule.good, f"{rule.id} has no good example"


def test_every_bad_example_says_where_its_finding_lands() -> None:
    for rule in RULES.values():
        for index, example in enumerate(rule.bad):
            assert example.line is not None or example.pointer is not None, f"{rule.id} bad example {index}: add line:/pointer:"


@pytest.mark.parametrize(("rule", "kind", "index", "example"), CASES)
def test_rule_example(tmp_path, rule, kind, index, example) -> None:
    findings = scan_text(tmp_path, example.config, example.file or ".mcp.json", policy=example.policy)
    mine = [f for f in findings if f.rule == rule.id]
    if kind == "good":
        assert not mine, f"{rule.id} fired on a good example: {[f.message for f in mine]}"
        return
    assert mine, f"{rule.id} did not fire on bad example {index}: {example.description or example.config[:80]}"
    if example.count is not None:
        assert len(mine) == example.count, [f.message for f in mine]
    if example.message:
        assert example.message in mine[0].message, mine[0].message
    if example.line is not None:
        assert mine[0].line == example.line, (mine[0].line, mine[0].message)
    if example.pointer is not None:
        assert mine[0].pointer == example.pointer, (mine[0].pointer, mine[0].message)
