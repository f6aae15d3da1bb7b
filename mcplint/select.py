"""Rule selection, ruff-style: ``select`` replaces, ``extend-select`` adds, ``ignore`` removes.

A selector is a rule id (``MCP101``, or a custom ``ACME101``), an id prefix (``MCP1``, ``MCP30``,
``ACME``), a rule name (``hardcoded-secret``) or ``ALL``.
"""

from __future__ import annotations

from typing import Any, Iterable

from mcplint.ruleset import Rule
from mcplint.errors import McplintError


class SelectorError(McplintError, ValueError):
    pass


PARSE_ERROR, KNOWN_MALICIOUS, BLOCKED = "MCP001", "MCP502", "MCP702"
ALWAYS_SELECTED = frozenset({PARSE_ERROR})
"""Rules no ``select`` / ``ignore`` removes (ruff's rule for syntax errors): a config nobody can
read cannot be vouched for. Only ``exclude`` and ``per-file-ignores`` (by path) silence it."""


def central_policy(config: Any) -> bool:
    """Whether an organisation's policy (``MCPLINT_POLICY``) is in force."""
    return config is not None and getattr(config, "policy_path", None) is not None


def forced_rules(config: Any) -> frozenset[str]:
    """Rules that run whatever the selection says: MCP001 always, and under a central policy
    its blocks (MCP702) and the known-malicious rule (MCP502): the project it governs cannot
    deselect them."""
    return ALWAYS_SELECTED | ({KNOWN_MALICIOUS, BLOCKED} if central_policy(config) else set())


def with_forced_rules(rules: dict[str, Rule], config: Any, every: dict[str, Rule]) -> tuple[dict[str, Rule], list[str]]:
    """``rules`` with the forced rules put back (taken from ``every``, all the rules the
    configuration defines); the ids that the selection had left out, but MCP001."""
    forced = [rid for rid in sorted(forced_rules(config)) if rid not in rules]
    if not forced:
        return rules, []
    added = {rid: every[rid] for rid in forced if rid in every}
    return {**rules, **added}, [rid for rid in added if rid != PARSE_ERROR]


def matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.id.startswith(selector.upper()) or rule.name == selector


def validate_config(config: Any, rules: dict[str, Rule]) -> None:
    """The configuration's select / extend-select / ignore name rules; else an error at its file:line."""
    for key, selectors in (("select", config.select or []), ("extend-select", config.extend_select),
                           ("ignore", config.ignore)):
        try:
            validate(selectors, rules)
        except SelectorError as exc:
            if config.path is None:
                raise
            bad = exc.message.split("'")[1] if "'" in exc.message else ""
            raise SelectorError(f"{key}: {exc.message}", file=str(config.path),
                                line=_line_of(config.path, key, bad) or _line_of(config.path, bad)) from None


def _line_of(path: Any, *texts: str) -> int | None:
    """The first line of ``path`` holding every one of ``texts`` (quoted selectors included)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    quoted = [f'"{t}"' if i else t for i, t in enumerate(texts)] if len(texts) > 1 else [texts[0]]
    return next((n for n, line in enumerate(lines, 1) if all(t in line for t in quoted)), None)


def suggest(selector: str, rules: dict[str, Rule]) -> str | None:
    """The rule id, family prefix or name an unknown ``selector`` most likely meant, or None.

    An id-like selector is compared after undoing the usual slips (``MCP-101``, ``MCP1O1``,
    ``MCPl01``), so a number that is simply not a rule gets no far-fetched guess; a name is
    compared with difflib (``hardcoded-secrets`` → ``hardcoded-secret``)."""
    import re
    from difflib import get_close_matches

    text = selector.strip()
    ids = {rule.id[:end] for rule in rules.values() for end in range(len(rule.id.rstrip("0123456789")) + 1, len(rule.id) + 1)}
    ids |= {rule.id.rstrip("0123456789") for rule in rules.values() if not rule.builtin}  # an org prefix: ACME
    letters = re.match(r"[A-Za-z]+", re.sub(r"[^0-9A-Za-z]", "", text))
    if letters:
        squeezed = re.sub(r"[^0-9A-Za-z]", "", text)
        number = squeezed[letters.end():].translate(str.maketrans("oOIl", "0011"))
        candidate = letters.group().upper() + number
        if number and number.isdigit() and candidate in ids:
            return candidate
    names = {rule.name for rule in rules.values()}
    name = text.lower().replace("_", "-").replace(" ", "-")
    found = get_close_matches(name, sorted(names), n=1, cutoff=0.75)
    if not found and len(name) >= 4:  # the start of one name only: "unpinned" → "unpinned-package"
        found = [n for n in names if n.startswith(name)]
    return found[0] if len(found) == 1 else None


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
