"""Rule selection, ruff-style: ``select`` replaces, ``extend-select`` adds, ``ignore`` removes.

A selector is a rule id (``MCP101``, or a custom ``ACME101``), an id prefix (``MCP1``, ``MCP30``,
``ACME``), a rule name (``hardcoded-secret``) or ``ALL``.
"""

from __future__ import annotations

from typing import Iterable

from mcplint.ruleset import Rule


class SelectorError(ValueError):
    pass


def matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.id.startswith(selector.upper()) or rule.name == selector


def suggest(selector: str, rules: dict[str, Rule]) -> str | None:
    """The known id, name or id prefix closest to a mistyped selector (``hardcoded-secrets`` ->
    ``hardcoded-secret``, ``MCP2O1`` -> ``MCP201``), or None when nothing is close."""
    import difflib

    selector = selector.strip()
    prefixes = {rule.family for rule in rules.values()}
    prefixes |= {rule.id.rstrip("0123456789") for rule in rules.values() if not rule.builtin}  # ACME
    ids = {rule.id for rule in rules.values()}
    names = {rule.name for rule in rules.values()}
    for pool, key in ((names, selector.lower()), (ids | prefixes, selector.upper())):
        close = difflib.get_close_matches(key, sorted(pool), n=1, cutoff=0.75)
        if close:
            return close[0]
    return None


def unknown_selector(selector: str, rules: dict[str, Rule]) -> str:
    """The message for a selector that matches no rule, with a suggestion when one is close."""
    close = suggest(selector, rules)
    hint = f"did you mean {close!r}?" if close else "try 'mcplint rules'"
    return f"unknown rule selector {selector!r} ({hint})"


def validate(selectors: Iterable[str], rules: dict[str, Rule]) -> None:
    for selector in selectors:
        if not any(matches(rule, selector) for rule in rules.values()):
            raise SelectorError(unknown_selector(selector, rules))


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
