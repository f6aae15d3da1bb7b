"""Third-party fact analyzers, from the ``mcplint.analyzers`` entry-point group.

A package adds a fact that custom rules can read by declaring an entry point::

    # the plugin's pyproject.toml
    [project.entry-points."mcplint.analyzers"]
    sbom = "mcplint_sbom.facts:analyze"      # or a module that has an `analyze` function

The entry point's name is the fact's name (``when: sbom.unknown_license``); the function is
called as ``analyze(server, facts)`` like a built-in analyzer (see ``facts/__init__.py``).

Entry points are looked up only when a selected rule reads a name that is not a built-in fact,
and only those entry points are imported, so a plain run pays nothing for this. A built-in
fact cannot be replaced by a plugin. A rule reading a name that nothing provides is an error
naming the rule file and line (exit 2), before any file is scanned.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Iterable

from mcplint.ruleset import Rule, RuleError, name_line

GROUP = "mcplint.analyzers"


def _fields(rule: Rule) -> list[tuple[str, Any]]:
    fields: list[tuple[str, Any]] = []
    for key in ("for_each", "when", "severity_from", "at"):
        value = getattr(rule, key)
        if value is not None:
            fields.append((key, value))
    fields.extend(("message", f) for f in rule.message.fields)
    return fields


def unknown_names(rule: Rule, facts: Iterable[str]) -> list[tuple[str, str]]:
    """(key, name) for each name the rule reads that is neither a base name nor a fact."""
    allowed = {"file"}
    if rule.for_each is not None:
        allowed.add("item")
    if rule.scope == "server":
        allowed.add("server")
        allowed.update(facts)
    found: list[tuple[str, str]] = []
    for key, expr in _fields(rule):
        for name in sorted(expr.names - allowed):
            if (key, name) not in found:
                found.append((key, name))
    return found


def _entry_points() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=GROUP)}


def _load(ep: Any) -> Any:
    target = ep.load()
    function = getattr(target, "analyze", None) if isinstance(target, ModuleType) else target
    if not callable(function):
        raise TypeError(f"{ep.value} is not a function (nor a module with an analyze function)")
    return function


def analyzers_for(rules: dict[str, Rule] | Iterable[Rule], entry_points: dict[str, Any] | None = None) -> dict[str, Any]:
    """The third-party analyzers the selected rules need, by fact name.

    Raises RuleError (file and line of the rule) for a name no analyzer provides, or for an
    entry point that fails to load.
    """
    from mcplint.facts import ANALYZERS

    rules = list(rules.values()) if isinstance(rules, dict) else list(rules)
    missing = [(rule, key, name) for rule in rules if rule.scope == "server"
               for key, name in unknown_names(rule, ANALYZERS)]
    file_missing = [(rule, key, name) for rule in rules if rule.scope == "file"
                    for key, name in unknown_names(rule, ())]
    if file_missing:
        rule, key, name = file_missing[0]
        raise RuleError(rule.path, name_line(rule, key, name),
                        f"{rule.id} {key}: unknown name {name!r} (a file-scope rule reads 'file'"
                        f"{' and item' if rule.for_each is not None else ''}; facts are for server-scope rules)")
    if not missing:
        return {}
    available = _entry_points() if entry_points is None else entry_points
    loaded: dict[str, Any] = {}
    for rule, key, name in missing:
        if name in loaded:
            continue
        ep = available.get(name)
        line = name_line(rule, key, name)
        if ep is None:
            known = ", ".join(sorted({*ANALYZERS, *available}))
            raise RuleError(rule.path, line,
                            f"{rule.id} {key}: unknown name {name!r} (names: server, file, item in for_each, "
                            f"and the facts {known}; add facts through the {GROUP!r} entry-point group)")
        try:
            loaded[name] = _load(ep)
        except Exception as exc:  # noqa: BLE001 - a broken plugin becomes a clear error
            raise RuleError(rule.path, line, f"{rule.id} {key}: fact {name!r} from entry point "
                                             f"'{ep.name} = {ep.value}' failed to load: {type(exc).__name__}: {exc}") from None
    return loaded
