"""The rule language (mcplint/expr.py): its grammar and values, every way an attacker might try
to run code through it, its limits, RE2 patterns, a fuzz test, and hostile rule files through
the CLI. A rule file comes from the repository being scanned: nothing in it may run code,
hang the scan or exhaust memory, and every failure is a clean error with file, line, column."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from helpers import REPO, run_cli, run_python

from mcplint.engine import Evaluator
from mcplint.expr import MAX_DEPTH, MAX_STEPS, ExprError, compile_expr, compile_template
from mcplint.ruleset import RuleError, load_rule_text


class Item(NamedTuple):
    name: str
    size: int
    tags: tuple[str, ...] = ()


class Touched:
    """A value that records any call or public attribute read (a would-be escape)."""

    log: list[str] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        Touched.log.append("call")

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("__"):
            Touched.log.append(name)
        raise AttributeError(name)


def evaluate(source: str, **names: Any) -> Any:
    return compile_expr(source)(names)


def refused(source: str, **names: Any) -> ExprError:
    with pytest.raises(ExprError) as info:
        evaluate(source, **names)
    return info.value


# --------------------------------------------------------------------------- grammar and values

def _rule_expressions(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [(key, str(data[key])) for key in ("for_each", "when", "severity_from", "at") if key in data]
    return found + [("message", str(data["message"]))]


RULE_FILES = sorted((REPO / "rules").glob("*.yaml")) + sorted((REPO / "examples" / "org-rules").glob("*.yaml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_built_in_and_example_rule_parses_unchanged(path: Path) -> None:
    for key, source in _rule_expressions(path):
        if key == "message":
            compile_template(source)
        else:
            compile_expr(source)
    # and through the loader, not the build-time index
    load_rule_text(path.read_text(encoding="utf-8"), str(path), builtin=path.parent.name == "rules")


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2", 3),
    ("'a' 'b' + \"c\"", "abc"),
    ("'\\x41\\u00e9\\n'", "Aé\n"),
    ("[1, 2] + [3]", [1, 2, 3]),
    ("(1,)", (1,)),
    ("()", ()),
    ("-3", -3),
    ("2.5e1", 25.0),
    ("item.size > 3 and lower(item.name) == 'abc'", True),
    ("not item.size", False),
    ("1 < item.size <= 4 != 5", True),
    ("item.name in ['ABC', 'x'] and 'B' in item.name and 'z' not in item.name", True),
    ("none is None and item is not None", True),
    ("'yes' if item.size > 10 else 'mid' if item.size > 3 else 'no'", "mid"),
    ("item.tags[0] + item.tags[-1]", "ab"),
    ("mapping.key + mapping['other']", 3),
    ("any(t == 'b' for t in item.tags) and all(len(t) == 1 for t in item.tags)", True),
    ("[t + u for t in item.tags for u in item.tags if t != u]", ["ab", "ba"]),
    ("[a for a, b in pairs if b]", ["x"]),
    ("join(item.tags) + '|' + join(item.tags, '-')", "a, b|a-b"),
    ("startswith(item.name, 'AB') and endswith(item.name, 'C') and not startswith(none, 'x')", True),
    ("matches(item.name, '^A.C$') and not matches(item.size, 'x')", True),
    ("glob(item.name, 'A*') and not glob(item.name, 'a*')", True),
    ("len(item.tags) + len(mapping) + len('abc')", 7),
    ("item.size # a comment to the end of the line\n + 1", 5),
    ("None or 0 or ''", ""),
    ("0 and x", 0),
])
def test_values(source: str, expected: Any) -> None:
    names = {"item": Item("ABC", 4, ("a", "b")), "none": None, "mapping": {"key": 1, "other": 2},
             "pairs": [("x", True), ("y", False)]}
    assert evaluate(source, **names) == expected


def test_free_names_and_laziness() -> None:
    expr = compile_expr("item.size > 3 and lower(item.name) == 'abc' and not missing_ok and all(x for x in xs)")
    assert expr.names == {"item", "missing_ok", "xs"}
    # ``and`` stops early: an undefined name after a false operand is never read
    assert compile_expr("false and undefined")({"false": False}) is False
    # any() stops at the first true item (the next would fail)
    assert evaluate("any(x.size > 1 for x in items)", items=[Item("a", 2), None]) is True


def test_template_fields() -> None:
    template = compile_template("{item.name} has {item.size} ({item.tags}) {none}{join(i for i in item.tags if i != 'a')}")
    assert template.render({"item": Item("x", 2, ("a", "b")), "none": None}) == "x has 2 (a, b) b"
    assert compile_template("no fields }{").render({}) == "no fields }{"


@pytest.mark.parametrize(("source", "words"), [
    ("nope", "unknown name 'nope'"),
    ("item.missing", "Item has no field 'missing'"),
    ("none.name", "cannot read 'name' of None"),
    ("item.name > 3", "cannot compare str > int"),
    ("item.tags[5]", "not found"),
    ("item[0:1]", "unexpected character ':'"),
    ("mapping.absent", "no key 'absent'"),
    ("3 in item.size", "'in' needs a string, list or mapping"),
    ("len(item.size)", "len() of int"),
    ("any(item.size)", "cannot iterate over int"),
    ("item.name + 1", "+ joins strings, lists or numbers"),
    ("-item.name", "cannot negate str"),
    ("[a for a, b in item.tags]", "cannot unpack str into 2 variables"),
    ("join(item.tags, 3)", "separator must be a string"),
])
def test_evaluation_errors_are_expr_errors(source: str, words: str) -> None:
    error = refused(source, item=Item("ABC", 4, ("a", "b")), none=None, mapping={"k": 1})
    assert words in error.message


def test_parse_errors_give_the_column() -> None:
    with pytest.raises(ExprError) as info:
        compile_expr("item.size > 3 and ) or x")
    assert info.value.offset == len("item.size > 3 and ")
    with pytest.raises(ExprError) as info:
        compile_template("ok {item.name} then {item.name.upper()}")
    assert info.value.offset == len("ok {item.name} then {item.name.upper")


# --------------------------------------------------------------------------- attacks at parse time

@pytest.mark.parametrize("source", [
    # introspection through dunders and private names
    "item.__class__", "item.__class__.__mro__", "__import__('os')", "_env", "item._asdict",
    "__builtins__", "item.__dict__", "item.__init__.__globals__",
    # calls of anything but the table, methods, calls of call results
    "open('x')", "eval('1')", "getattr(item, 'x')", "item.name.upper()", "item.x()", "(len)(x)",
    "len(x)(y)", "[len][0](x)", "'{}'.format(x)", "type(x)", "print(1)", "exec('x')", "compile('1', '', 'eval')",
    # shadowing a function, a base name, a fact or an outer loop variable through a comprehension
    "[len for len in x]", "any(any for any in x)", "[1 for matches in x]", "[server for server in x]",
    "[item for item in x]", "[1 for package in x]", "[1 for secrets in x]",
    "[1 for x in a for x in b]", "[1 for x, x in a]", "[1 for x in a if any(1 for x in b)]",
    # Python constructs outside the grammar
    "lambda: 1", "(lambda x: x)(1)", "x := 1", "(y := 2)", "f'{x}'", "F'x'", "rf'x'", "b'x'", "r'x'", "u'x'",
    "len(*x)", "join(**x)", "join(x, sep=', ')", "{1: 2}", "{1, 2}", "x if y", "yield x", "await x",
    "x[1:2]", "x * 2", "'a' * 10**9", "2 ** 64", "x // 2", "x % y", "x @ y", "~x", "x << 1", "x & y",
    "x; y", "x, y", "import os", "x is y", "x is not 1", "not", "x ==", "(x", "[x", "x)", "'unterminated",
    "'bad escape \\q'", "'\\N{BULLET}'", "1_000_000_000_000_000_000_000_000_000_000_000_000_000",
    "9" * 50, "x.1", "x..y", "x.if", "if", "True.x()", "None()", "...", "`x`", "$x", "x!r", "{x:{y}}",
    # patterns: literals only, and RE2's syntax
    "matches(x, y)", "glob(x, y)", "matches(x, '(a)\\\\1')", "matches(x, '(?=a)')", "matches(x, '(?<=a)b')",
    "matches(x, 'a{1000}{1000}')", "matches(x, '[')", "matches(x)", "len()", "len(x, y)", "any(x, y)",
    # non-ASCII identifiers and homoglyphs
    "ѕerver.name", "server.nаme", "ｓｅｒｖｅｒ", "server\u200b.name", "server.name\u202e", "é",
])
def test_refused_when_the_rule_loads(source: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(source)


@pytest.mark.parametrize("source", [
    "{x:{y}}", "{x!r}", "{x!s:>10}", "{x.__class__}", "{x:%s}", "{item.name.upper()}", "{'%s' % x}",
    "{__import__('os')}", "{x.gi_frame}", "{f'{x}'}",
])
def test_format_tricks_in_message_fields_are_refused(source: str) -> None:
    try:
        template = compile_template(source)
        # a field is the text between ``{`` and the next ``}``: ``{x:{y}}`` has the field ``{y}``
        # and the literal text around it, which is never evaluated
        text = template.render({"x": Touched(), "y": "Y", "item": Item("a", 1)})
        assert "__class__" not in text and "%" not in text.replace(source, ""), text
    except ExprError:
        pass
    assert Touched.log == []


def test_a_string_may_hold_anything_as_data() -> None:
    assert evaluate("'__import__(\"os\").system(\"x\") \u202e ѕ'") == '__import__("os").system("x") \u202e ѕ'


# --------------------------------------------------------------------------- attacks at run time

def _generator() -> Any:
    yield 1


@pytest.mark.parametrize("source", [
    "gen.gi_frame", "gen.gi_frame.f_back", "gen.gi_code", "gen.gi_frame.f_builtins", "fn.func_globals",
    "fn.f_globals", "touched.anything", "touched.gi_frame", "cls.mro", "module.system", "item.name.upper",
    "item.count", "item.index", "mapping.items", "mapping.get", "mapping.keys", "text.join", "text.format",
    "number.real", "number.numerator", "[g.gi_frame for g in [gen]]", "any(g.gi_frame for g in [gen])",
    "[x for x in gen]", "any(x for x in touched)", "join(touched)", "len(touched)", "touched in touched",
])
def test_no_escape_through_values_the_scope_holds(source: str) -> None:
    """Even when a scope holds a generator, a function, a class or a module, a condition reads
    only declared fields of data: nothing is called, no frame is reached."""
    import os

    names = {"gen": _generator(), "fn": _generator, "touched": Touched(), "cls": Item, "module": os,
             "item": Item("a", 1), "mapping": {"k": 1}, "text": "abc", "number": 3}
    with pytest.raises(ExprError):
        evaluate(source, **names)
    assert Touched.log == []


def test_comprehensions_yield_no_generator_objects() -> None:
    """A comprehension outside any()/all() is a list, so no generator (gi_frame) ever becomes a value."""
    assert evaluate("(x for x in xs)", xs=[1, 2]) == [1, 2]
    with pytest.raises(ExprError, match="list has no field 'gi_frame'"):
        evaluate("(x for x in xs).gi_frame", xs=[1])


# --------------------------------------------------------------------------- limits

def _quick(source: str, **names: Any) -> ExprError:
    start = time.perf_counter()
    with pytest.raises(ExprError) as info:
        evaluate(source, **names)
    assert time.perf_counter() - start < 1.0, source[:60]
    return info.value


def test_nested_generators_over_long_strings_stop_at_the_step_budget() -> None:
    long = "x" * 100_000
    loops = " ".join(f"for v{i} in s" for i in range(6))
    error = _quick(f"any(v0 == 'y' {loops})", s=long)
    assert f"exceeded {MAX_STEPS:,} steps" in error.message


def test_a_huge_string_is_refused_before_it_is_built() -> None:
    long = "x" * 500_000
    assert "longer than" in _quick("join(s for a in t)", s=long, t=[1] * 10).message
    assert "longer than" in _quick("s + s + s", s=long).message
    assert "longer than" in _quick("join([s, s, s, s, s, s, s, s, s])", s=long).message
    # a 4-billion-character message: the fields are bounded, the message too
    template = compile_template("{join(s for a in t for b in t)}")
    start = time.perf_counter()
    with pytest.raises(ExprError):
        template.render({"s": long, "t": [1] * 100})
    assert time.perf_counter() - start < 1.0


def test_big_lists_are_bounded() -> None:
    error = _quick("[a for a in s for b in s]", s="x" * 10_000)
    assert "steps" in error.message or "longer than" in error.message


@pytest.mark.parametrize("source", [
    "(" * 10_000 + "1" + ")" * 10_000,
    "(" * 2_000 + "1" + ")" * 2_000,
    "[" * 2_000 + "]" * 2_000,
    "not " * 1_000 + "x",
    "-" * 3_000 + "1",
    "x" + ".y" * 1_000,
    "x" + "[0]" * 1_000,
    "len(" * 1_000 + "x" + ")" * 1_000,
    "a if b else " * 300 + "c",
    "any(" * 500 + "x for x in y" + ")" * 500,
])
def test_deep_nesting_is_a_clean_error(source: str) -> None:
    start = time.perf_counter()
    with pytest.raises(ExprError) as info:
        compile_expr(source)
    assert "nested deeper" in info.value.message or "longer than" in info.value.message
    assert time.perf_counter() - start < 1.0


def test_nesting_within_the_limit_works() -> None:
    depth = MAX_DEPTH - 2
    assert evaluate("(" * depth + "1" + ")" * depth) == 1
    assert evaluate("1" + " + 1" * 1000) == 1001  # long flat chains are not nesting


def test_regular_expressions_run_in_linear_time() -> None:
    start = time.perf_counter()
    assert evaluate("matches(s, '(a+)+z')", s="a" * 10_000) is False
    assert evaluate("matches(s, '(x+x+)+y')", s="x" * 50_000) is False
    assert evaluate("glob(s, '*a*a*a*a*a*a*b')", s="a" * 10_000) is False
    assert time.perf_counter() - start < 1.0


def test_the_built_in_pack_does_not_import_re2_unless_a_rule_uses_matches(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "npx", "args": ["-y", "x@1.0.0"]}}}')
    # (main(), not the entry point: run() ends the process without returning)
    code = "import sys; from mcplint.cli import main; main(['scan', '.mcp.json']); print('re2' in sys.modules)"
    result = run_python("-c", code, cwd=tmp_path)
    uses_matches = any("matches(" in source for p in (REPO / "rules").glob("*.yaml") for _, source in _rule_expressions(p))
    assert result.stdout.strip().splitlines()[-1] == str(uses_matches), result.stderr


# --------------------------------------------------------------------------- fuzz

VOCABULARY = [
    "item", "server", "file", "x", "xs", "gen", "fn", "touched", "len", "any", "all", "join", "matches", "lower",
    "__class__", "gi_frame", "f_back", "f_builtins", "__import__", "_env", "eval", "exec", "system", "os",
    ".", ",", "(", ")", "[", "]", "+", "-", "==", "!=", "<", ">=", "in", "not", "and", "or", "is", "None",
    "if", "else", "for", "lambda", ":", "=", ":=", "*", "**", "{", "}", "'a'", "'(a+)+$'", "\"s\"", "f'x'",
    "0", "1", "10", "1e9", "True", "name", "size", "tags", "!", "#", "\\", "\n", "ѕ", "\u202e",
]


def test_fuzz_random_expressions_never_run_code_and_always_end_cleanly() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    names = {"item": Item("ab", 2, ("a", "b")), "xs": ["a" * 50] * 50, "x": "a" * 200, "gen": _generator(),
             "fn": _generator, "touched": Touched(), "server": {"name": "s"}, "file": None}

    @hypothesis.settings(max_examples=600, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=24), st.booleans())
    def check(tokens: list[str], spaced: bool) -> None:
        source = (" " if spaced else "").join(tokens)
        start = time.perf_counter()
        try:
            expr = compile_expr(source)
            expr(dict(names))
            compile_template("{" + source + "}").render(dict(names))
        except ExprError:
            pass
        assert time.perf_counter() - start < 1.0, source
        assert Touched.log == [], source

    check()


def test_fuzz_well_formed_comprehensions_stay_within_the_budget() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    @hypothesis.settings(max_examples=100, deadline=None, derandomize=True)
    @hypothesis.given(st.integers(1, 6), st.sampled_from(["any", "all", "join", "len"]), st.integers(0, 3000))
    def check(depth: int, function: str, length: int) -> None:
        loops = " ".join(f"for v{i} in s" for i in range(depth))
        element = "v0 == 'y'" if function in ("any", "all") else "v0"
        source = f"{function}([{element} {loops}])" if function == "len" else f"{function}({element} {loops})"
        start = time.perf_counter()
        try:
            evaluate(source, s="x" * length)
        except ExprError as error:
            assert "steps" in error.message or "longer than" in error.message
        assert time.perf_counter() - start < 1.0

    check()


# --------------------------------------------------------------------------- through the engine

def _rule(when: str | None = None, for_each: str | None = None, rule_id: str = "MCP950", message: str = "hit") -> Any:
    lines = [f"id: {rule_id}", "name: test-rule", "severity: low", "summary: A test rule.", f"message: {message!r}"]
    if for_each is not None:
        lines.append(f"for_each: {for_each!r}")
    if when is not None:
        lines.append(f"when: {when!r}")
    return load_rule_text("\n".join(lines) + "\n", f"{rule_id}.yaml")


def _loaded(tmp_path: Path) -> Any:
    from mcplint.discover import discover
    from mcplint.scan import load_source

    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "x"}}}', encoding="utf-8")
    (source,), _ = discover([str(tmp_path)], tmp_path)
    return load_source(source)


def test_findings_come_in_rule_order_then_item_order(tmp_path: Path) -> None:
    rules = [_rule(for_each="[3, 1, 2]", when="item != 1", message="{item}", rule_id="MCP951"),
             _rule(when="True", rule_id="MCP952"), _rule(for_each="['a', 'b']", message="{item}", rule_id="MCP953")]
    found = Evaluator(rules).run(_loaded(tmp_path))
    assert [(f.rule, f.message) for f in found] == [("MCP951", "3"), ("MCP951", "2"), ("MCP952", "hit"),
                                                    ("MCP953", "a"), ("MCP953", "b")]


def test_item_does_not_leak_from_one_rule_into_the_next(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="MCP950 when: unknown name 'item'"):
        Evaluator([_rule(for_each="[1]", rule_id="MCP951"), _rule(when="item == 1")]).run(_loaded(tmp_path))


def test_a_failing_condition_is_reported_with_its_rule_key_line_and_column(tmp_path: Path) -> None:
    good, bad = _rule(when="server.name == 'a'", rule_id="MCP951"), _rule(when="server.name > 3", rule_id="MCP952")
    with pytest.raises(RuleError) as info:
        Evaluator([good, bad]).run(_loaded(tmp_path))
    assert info.value.message.startswith("MCP952 when: cannot compare str > int")
    assert [f.rule for f in Evaluator([good]).run(_loaded(tmp_path))] == ["MCP951"]


def test_a_rule_with_a_non_re2_pattern_is_refused_when_it_loads() -> None:
    text = "id: ACME1\nname: x\nseverity: low\nsummary: s\nmessage: m\nwhen: matches(server.name, '(a)\\\\1')\n"
    with pytest.raises(RuleError) as info:
        load_rule_text(text, "org/ACME1.yaml")
    # line 6, the column of the pattern
    assert info.value.line == 6 and info.value.column == len("when: matches(server.name, ") + 1
    assert "not a valid RE2 regular expression" in info.value.message


# --------------------------------------------------------------------------- hostile rule files, end to end

MARKER = "PWNED"

ESCAPES = {
    # the escapes that worked against the old eval whitelist (gi_frame/f_back/f_builtins, and
    # comprehension targets rebinding an allowed function name), aimed at creating MARKER
    "frames": "any(g.gi_frame.f_back.f_back.f_builtins['__import__']('os').system('touch {m}') "
              "for g in [(x for x in [1])])",
    "rebind": "any(len('touch {m}') for len in [server.name] for server in [1])",
    "dunder": "server.__class__.__init__.__globals__['os'].system('touch {m}')",
    "format": "'{{0.__class__}}'.format(server)",
    "lambda": "(lambda: __import__('os').system('touch {m}'))()",
    "walrus": "(len := print) and len('touch {m}')",
}


def _hostile_repo(tmp_path: Path, when: str, message: str = "x") -> Path:
    repo = tmp_path / "repo"
    (repo / "evil").mkdir(parents=True)
    (repo / ".mcplint.toml").write_text('[rules]\npaths = ["evil"]\n', encoding="utf-8")
    (repo / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "npx", "args": ["-y", "'
                                    + "a" * 20_000 + '"]}}}', encoding="utf-8")
    rule = textwrap.dedent(f"""\
        id: EVIL100
        name: evil
        severity: low
        summary: s
        when: {yaml.safe_dump(when, width=10_000).strip().removesuffix('...').strip()}
        message: {yaml.safe_dump(message, width=10_000).strip().removesuffix('...').strip()}
        """)
    (repo / "evil" / "EVIL100.yaml").write_text(rule, encoding="utf-8")
    return repo


COMMANDS = [("scan", "."), ("scan", ".mcp.json"), ("rules",), ("rule", "EVIL100")]


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_hostile_rule_files_run_no_code_through_any_command(tmp_path: Path, name: str) -> None:
    repo = _hostile_repo(tmp_path, ESCAPES[name].format(m=MARKER))
    for command in COMMANDS:
        result = run_cli(*command, cwd=repo)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "EVIL100.yaml:5:" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not (repo / MARKER).exists(), command


@pytest.mark.parametrize(("when", "message", "words"), [
    ("any(a == 'y' " + " ".join(f"for v{i} in package.name" for i in range(6)).replace("a ==", "v0 ==") + ")", "x", "steps"),
    ("True", "{join(package.name for a in [" + ", ".join(map(str, range(60))) + "])}", "longer than"),
    ("True", "{join(package.name for a in package.name for b in package.name)}", "steps"),
    ("True", "{package.name + package.name + package.name}" * 20, "longer than"),
    ("matches(package.name, '(a+)+z')", "x", None),
])
def test_hostile_conditions_end_quickly_with_a_clean_error(tmp_path: Path, when: str, message: str, words: str | None) -> None:
    when = when.replace("any(a == 'y' for v0", "any(v0 == 'y' for v0")
    repo = _hostile_repo(tmp_path, when, message)
    start = time.perf_counter()
    for command in (("scan", ".", "--select", "EVIL"), ("scan", ".mcp.json", "--select", "EVIL")):
        result = run_cli(*command, cwd=repo)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
        if words is None:  # linear-time regex: no finding, no error
            assert result.returncode == 0, result.stderr
        else:
            assert result.returncode == 2 and words in result.stderr, result.stderr
            assert "EVIL100.yaml:" in result.stderr and "EVIL100 " in result.stderr
    assert time.perf_counter() - start < 30  # two processes, each well under a few seconds


def test_the_step_budget_covers_the_whole_evaluation_not_each_comprehension() -> None:
    one = "any(v0 == 'y' for v0 in s for v1 in s)"
    compile_expr(one)({"s": "x" * 100})  # 10,000 iterations: within the budget alone
    error = _quick(" or ".join([one] * 40), s="x" * 100)
    assert "steps" in error.message
    template = compile_template(" ".join("{" + one + "}" for _ in range(40)))
    start = time.perf_counter()
    with pytest.raises(ExprError, match="steps"):
        template.render({"s": "x" * 100})
    assert time.perf_counter() - start < 1.0
