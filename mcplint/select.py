"""Rule selection, ruff-style: ``select`` replaces, ``extend-select`` adds, ``ignore`` removes.

A selector is a rule id (``MCP101``), a family prefix (``MCP1``, ``MCP30``), a rule name
(``hardcoded-secret``) or ``ALL``.
"""

from __future__ import annotations

from typing import Iterable

from mcplint.ruleset import Rule


class SelectorError(ValueError):
    pass


def matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.id.startswith(selector.upper()) or rule.name == selector


def validate(selectors: Iterable[str], rules: dict[str, Rule]) -> None:
    for selector in selectors:
        if not any(matches(rule, selector) for rule in rules.values()):
            raise SelectorError(f"unknown rule selector {selector!r} (try 'mcplint rules')")


def select_rules(rules: dict[str, Rule], select: Iterable[str] | None = None,
                 extend_select: Iterable[str] = (), ignore: Iterable[str] = ()) -> dict[str, Rule]:
    select = list(select) if select else ["ALL"]
    extend_select, ignore = list(extend_select), list(ignore)
    validate([*select, *extend_select, *ignore], rules)
    chosen = {
        rid: rule for rid, rule in rules.items()
        if any(matches(rule, s) for s in select) or any(matches(rule, s) for s in extend_select)
    }
    return {rid: rule for rid, rule in chosen.items() if not any(matches(rule, s) for s in ignore)}


def split_csv(values: Iterable[str]) -> list[str]:
    """``--select MCP1,MCP2 --select MCP5`` -> [MCP1, MCP2, MCP5]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
