"""The rule condition language: a whitelisted subset of Python expressions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mcplint.expr import ExprError, Scope, _plan, compile_expr, compile_template


@dataclass
class Item:
    name: str
    size: int


def test_conditions_read_facts_lazily_by_name() -> None:
    expr = compile_expr("item.size > 3 and lower(item.name) == 'abc' and not missing_ok")
    assert expr.names == {"item", "missing_ok"}
    assert expr({"item": Item("ABC", 4), "missing_ok": False}) is True


def test_generator_expressions_and_functions() -> None:
    expr = compile_expr("any(i.size > 1 for i in items) and matches(name, '^a')")
    assert expr({"items": [Item("a", 0), Item("b", 2)], "name": "abc"})


@pytest.mark.parametrize("source", [
    "__import__('os')", "item.__class__", "open('x')", "(lambda: 1)()", "[x for x in y]",
    "item.name.upper()", "x := 1", "f(**k)",
])
def test_dangerous_or_unknown_constructs_are_refused(source: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(source)


def test_unknown_name_at_evaluation() -> None:
    with pytest.raises(ExprError, match="unknown name 'nope'"):
        compile_expr("nope")({})


def test_template_renders_fields_and_lists() -> None:
    template = compile_template("{item.name} has {item.size} ({tags})")
    assert template.render({"item": Item("x", 2), "tags": ["a", "b"]}) == "x has 2 (a, b)"


@pytest.mark.parametrize("source", [
    "plain text, no field",
    "{a} and {b.size}",
    "{a # a comment ends with its line\n} then {b.size}",
    "{join(c, ' / ')} {len(c)} {c}",
    "{(a, b.size)} {none} {join(i for i in c if i != 'x')}",
    "{a if none is None else b} {{a}} {} }{",
    "{lower(b.name)}:{startswith(b.name, 'N')}",
])
def test_a_template_renders_alike_in_one_eval_and_field_by_field(source: str) -> None:
    """The compiled path (a Scope: one eval for every field) and the per-field path agree."""
    names = {"a": 1, "b": Item("Name", 2), "c": ["x", "y"], "none": None}
    template = compile_template(source)
    in_scope = template.render(Scope(names))
    assert in_scope == template.render(dict(names))  # a plain mapping: field by field
    if template.fields:
        assert _plan(template.source, tuple(f.source for f in template.fields)) is not None


def test_an_unknown_name_in_a_template_is_an_expr_error_on_both_paths() -> None:
    template = compile_template("{a} {missing}")
    for namespace in (Scope({"a": 1}), {"a": 1}):
        with pytest.raises(ExprError, match="unknown name 'missing'"):
            template.render(namespace)
