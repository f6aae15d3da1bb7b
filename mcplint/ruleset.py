"""Rule files: one YAML file per rule, the single source for checks, docs and SARIF metadata.

A rule file holds its id, kebab-case name, severity, summary, rationale, fix, references,
a ``when`` condition over facts (see ``expr.py``), a message template and good/bad examples.
The built-in pack lives in the top-level ``rules/`` folder (installed as ``mcplint/rules``);
users add their own files in the same format.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.expr import Expr, ExprError, Template, compile_expr, compile_template
from mcplint.model import SEVERITIES
from mcplint.errors import McplintError
from mcplint.record import Frozen

_BUILTIN_ID = lazy_compile(r"^MCP\d{3}$")
_ID = lazy_compile(r"^[A-Z]{1,16}[0-9]{1,8}$")
"""A custom rule's id: an organisation's own namespace (``ACME101``, ``ORG900``), letters then
digits; refused only when it collides with a built-in id (or another custom rule)."""
_NAME = lazy_compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SCOPES = ("server", "file")
KEYS = {
    "id", "name", "severity", "summary", "rationale", "fix", "references", "tags", "cwe", "owasp",
    "precision", "scope", "for_each", "when", "severity_from", "message", "at", "examples",
    "fixable", "fix_examples",
}
FIXABLE = ("safe", "unsafe")
"""``fixable:``: ``safe`` fixes keep what the server does (``--fix``); ``unsafe`` ones change it
(``--fix --unsafe-fixes``). The fixer itself lives in ``mcplint/fix/fixers.py``."""
FIX_EXAMPLE_KEYS = {"before", "after", "file", "client", "description", "pin"}
REQUIRED = ("id", "name", "severity", "summary", "message")
EXAMPLE_KEYS = {"config", "client", "file", "count", "message", "description", "policy", "line", "pointer"}
MAX_RULE_BYTES = 1024 * 1024
"""A rule file is a few kilobytes; a larger one is refused before it is parsed."""
HELP_URI = "https://github.com/mcplint/mcplint/blob/main/rules/{id}.yaml"


class RuleError(McplintError):
    """A rule file that cannot be used; names the file, line and (when known) column."""

    def __init__(self, path: str, line: int, message: str, column: int | None = None) -> None:
        super().__init__(f"{path}:{line}{f':{column}' if column else ''}: {message}")
        self.path, self.line, self.message, self.column = path, line, message, column

    def __reduce__(self) -> tuple[Any, ...]:  # (raised in a worker process, re-raised in the parent)
        return (type(self), (self.path, self.line, self.message, self.column))


class Example(Frozen):
    config: str
    client: str | None = None
    file: str | None = None
    count: int | None = None
    """Bad examples: how many findings of this rule (None = at least one)."""
    message: str | None = None
    """Bad examples: a text the first finding's message must contain."""
    description: str = ""
    policy: dict[str, Any] | None = None
    """The ``[policy]`` table in force for this example (policy rules MCP7xx); None = no config."""
    line: int | None = None
    """Bad examples: the line the first finding is reported on (in ``config``)."""
    pointer: str | None = None
    """Bad examples: the JSON pointer of the first finding (``/mcpServers/db/env/TOKEN``)."""


class Rule(Frozen):
    id: str
    name: str
    severity: str
    summary: str
    message: Template
    rationale: str = ""
    fix: str = ""
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cwe: tuple[int, ...] = ()
    owasp: tuple[str, ...] = ()
    """OWASP ids with their edition (``MCP01:2025``, ``LLM02:2025``): see mcplint/taxonomies.py."""
    precision: str = "high"
    scope: str = "server"
    for_each: Expr | None = None
    when: Expr | None = None
    severity_from: Expr | None = None
    at: Expr | None = None
    examples: dict[str, Any] | None = None
    """The rule file's checked ``examples`` and ``fix_examples`` (``{"bad": [...], "good": [...],
    "fix": [...]}``); None: in the index's examples file, read only when asked (``bad``, ``good``,
    ``fix_examples``): a scan never needs them."""
    path: str = ""
    builtin: bool = True
    lines: dict[str, int] = {}  # noqa: RUF012 - never mutated; key -> line, for errors
    fixable: str = ""
    """``safe``, ``unsafe`` or empty (no automatic fix)."""

    @property
    def bad(self) -> tuple[Example, ...]:
        return tuple(_example(item) for item in self._examples().get("bad", ()))

    @property
    def good(self) -> tuple[Example, ...]:
        return tuple(_example(item) for item in self._examples().get("good", ()))

    @property
    def fix_examples(self) -> tuple[dict[str, Any], ...]:
        """Before/after configs of the fix (``before``, ``after``, ``file``, ``pin``), run as tests."""
        return tuple(self._examples().get("fix", ()))

    def _examples(self) -> dict[str, Any]:
        if self.examples is not None:
            return self.examples
        return _indexed_examples(str(Path(self.path).parent)).get(Path(self.path).name, {})

    @property
    def family(self) -> str:
        """The id's letters and first digit: ``MCP1``, ``ACME1``."""
        letters = self.id.rstrip("0123456789")
        return self.id[: len(letters) + 1]

    @property
    def help_uri(self) -> str:
        return HELP_URI.format(id=self.id)


def builtin_dir() -> Path:
    """The installed rule pack, or the source tree's ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("MCP*.yaml")):
            return candidate
    raise RuleError(str(here / "rules"), 1, "built-in rule pack not found (broken installation)")


def _yaml_load(text: str) -> Any:
    from mcplint.load.yaml_loader import load_yaml_data  # bounded: aliases, depth (issue 14)

    return load_yaml_data(text)


def _key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key, for error messages (cheap: a regex over the text)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"^([A-Za-z_]+)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def line_of(text: str, pointer: tuple[str | int, ...], offset: int | None = None) -> int | None:
    """Line of the value at ``pointer`` (nested keys and list items too); with ``offset``, the
    line holding that character of a scalar folded over several lines. Only on error paths."""
    position = position_of(text, pointer, offset)
    return position[0] if position else None


def position_of(text: str, pointer: tuple[str | int, ...], offset: int | None = None) -> tuple[int, int] | None:
    """(line, column), 1-based, of the value at ``pointer``; with ``offset``, of that character
    of the scalar's value (best effort where escapes or folding move characters)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # noqa: BLE001 - best effort: the caller falls back to the key's line
        return None
    for part in pointer:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    start, end = node.start_mark, node.end_mark
    if offset is None or not isinstance(node, yaml.ScalarNode):
        return start.line + 1, start.column + 1
    lines = text.splitlines()
    if node.style in ("|", ">"):
        first = start.line + 2
        raw = lines[start.line + 1:end.line + 1]
        columns = [len(ln) - len(ln.lstrip()) for ln in raw]
    else:
        skip = start.column + (1 if node.style else 0)
        head = lines[start.line][skip:] if start.line < len(lines) else ""
        raw = [head] + lines[start.line + 1:end.line + 1]
        columns = [skip + len(head) - len(head.lstrip())] + [len(ln) - len(ln.lstrip()) for ln in raw[1:]]
    parts = [ln.strip() for ln in raw]
    position = 0
    for i, part in enumerate(parts):
        if part and offset < position + len(part) + 1:
            return first + i if node.style in ("|", ">") else start.line + 1 + i, columns[i] + offset - position + 1
        position += len(part) + 1 if part else 0
    return start.line + 1, start.column + 1


def name_line(rule: "Rule", key: str, name: str) -> int:
    """The line where ``name`` is used in the rule's ``key`` (a folded condition spans lines)."""
    fallback = rule.lines.get(key, 1)
    source = rule.message.source if key == "message" else getattr(getattr(rule, key, None), "source", None)
    match = re.search(rf"(?<![\w.]){re.escape(name)}\b", source or "")
    if match is None or not rule.path:
        return fallback
    try:
        text = Path(rule.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return fallback
    return line_of(text, (key,), match.start()) or fallback


def parse_rule_yaml(text: str, path: str) -> Any:
    from mcplint.model import LoadError

    try:
        return _yaml_load(text)
    except LoadError as exc:
        raise RuleError(path, exc.line, exc.message) from None
    except Exception as exc:  # yaml.YAMLError and friends
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(path, (mark.line + 1) if mark else 1, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None


def expression_error(rule_path: str, text: str | None, key: str, exc: ExprError, fallback: int,
                     prefix: str = "") -> RuleError:
    """A RuleError at the line and column of ``exc`` inside the rule's ``key`` (read from the
    rule file's ``text``, or from disk when None)."""
    if text is None:
        try:
            text = Path(rule_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
    position = position_of(text, (key,), exc.offset) if text else None
    line, column = position or (fallback, None)
    where = f" (column {exc.offset + 1} of the expression)"
    return RuleError(rule_path, line, f"{prefix}{key}: {exc.message}{where}", column)


def load_rule_text(text: str | None, path: str, builtin: bool = False, data: Any = None, names: Any = None,
                   lines: dict[str, int] | None = None, indexed_examples: bool = False) -> Rule:
    """Parse and validate one rule file. From the index: ``data``, its already-parsed YAML;
    ``names``, the free names of its expressions, which the index build checked (those
    expressions are compiled on first use); ``lines``, the line of each top-level key;
    ``indexed_examples``: its examples, checked at build time, are in the examples file. The
    ``text`` (None from the index: read from ``path`` if an error needs a position)."""
    if text is None and (data is None or lines is None):
        text = Path(path).read_text(encoding="utf-8")
    if data is None:
        data = parse_rule_yaml(text, path)
    if lines is None:
        lines = _key_lines(text)
    if not isinstance(data, dict):
        raise RuleError(path, 1, "a rule file must be a mapping")

    def fail(key: str, message: str) -> RuleError:
        return RuleError(path, lines.get(key, 1), message)

    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    for key in REQUIRED:
        if not data.get(key):
            raise RuleError(path, 1, f"missing required key {key!r}")
    if not (_BUILTIN_ID if builtin else _ID).match(str(data["id"])):
        shape = "MCP123" if builtin else "MCP123 or your own prefix, e.g. ACME101 (capital letters, then digits)"
        raise fail("id", f"id {str(data['id'])[:40]!r} must look like {shape}")
    if not _NAME.match(str(data["name"])):
        raise fail("name", f"name {data['name']!r} must be kebab-case")
    if data["severity"] not in SEVERITIES:
        raise fail("severity", f"severity must be one of {', '.join(SEVERITIES)}")
    scope = data.get("scope", "server")
    if scope not in SCOPES:
        raise fail("scope", f"scope must be one of {', '.join(SCOPES)}")

    def expr(key: str) -> Expr | None:
        source = data.get(key)
        if source is None:
            return None
        if names and key in names:
            return Expr.deferred(str(source), names[key])
        try:
            return compile_expr(str(source))
        except ExprError as exc:
            raise expression_error(path, text, key, exc, lines.get(key, 1)) from None

    try:
        message = compile_template(str(data["message"]), names.get("message") if names else None)
    except ExprError as exc:
        raise expression_error(path, text, "message", exc, lines.get("message", 1)) from None
    def example_list(kind: str) -> list[Any]:
        items = examples.get(kind) or []
        for index, item in enumerate(items):
            if not (isinstance(item, str) or isinstance(item, dict) and "config" in item and not set(item) - EXAMPLE_KEYS):
                line = line_of(text, ("examples", kind, index)) or lines.get("examples", 1)
                raise RuleError(path, line, f"each {kind} example needs 'config' and only {sorted(EXAMPLE_KEYS)}")
        return list(items)

    fixable = _fixable(data, path, lines)
    examples: dict[str, Any] | None = None
    if not indexed_examples:
        examples = data.get("examples") or {}
        if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
            raise fail("examples", "examples must be a mapping with 'bad' and/or 'good' lists")
        examples = {"bad": example_list("bad"), "good": example_list("good"), "fix": _fix_examples(data, path, lines)}

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or ()
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

    return Rule(
        id=data["id"], name=data["name"], severity=data["severity"], summary=str(data["summary"]).strip(),
        message=message, rationale=str(data.get("rationale") or "").strip(), fix=str(data.get("fix") or "").strip(),
        references=strings("references"), tags=strings("tags"), cwe=tuple(int(c) for c in data.get("cwe") or ()),
        owasp=strings("owasp"),
        precision=str(data.get("precision", "high")), scope=scope, for_each=expr("for_each"), when=expr("when"),
        severity_from=expr("severity_from"), at=expr("at"), examples=examples,
        path=path, builtin=builtin, lines=lines, fixable=fixable,
    )


def _example(item: str | dict[str, Any]) -> Example:
    return Example(config=item) if isinstance(item, str) else Example(**item)


def _fixable(data: dict[str, Any], path: str, lines: dict[str, int]) -> str:
    fixable = data.get("fixable") or ""
    if fixable and fixable not in FIXABLE:
        raise RuleError(path, lines.get("fixable", 1), f"fixable must be one of {', '.join(FIXABLE)}")
    return str(fixable)


def _fix_examples(data: dict[str, Any], path: str, lines: dict[str, int]) -> list[dict[str, Any]]:
    """``fix_examples``, checked."""
    examples = data.get("fix_examples") or []
    if not isinstance(examples, list) or not all(
            isinstance(e, dict) and {"before", "after"} <= set(e) and not set(e) - FIX_EXAMPLE_KEYS for e in examples):
        raise RuleError(path, lines.get("fix_examples", 1),
                        f"fix_examples must be a list of mappings with 'before', 'after' and only {sorted(FIX_EXAMPLE_KEYS)}")
    return list(examples)


def load_rule_file(path: Path, builtin: bool = False) -> Rule:
    from mcplint.load import read_text
    from mcplint.model import LoadError

    try:
        text = read_text(path, MAX_RULE_BYTES)  # never a FIFO or device, never unbounded (issue 14)
    except LoadError as exc:
        raise RuleError(str(path), exc.line, f"cannot read rule file: {exc.message}") from None
    return load_rule_text(text, str(path), builtin)


INDEX_NAME = "_index.json"
"""Parsed rule files, written at build time (setup.py) so an installed mcplint reads one JSON
file instead of parsing YAML at every start. An entry with ``names`` loaded at build time (its
examples are in ``EXAMPLES_NAME``); one without is read from its YAML file again, to be refused."""
EXAMPLES_NAME = "_examples.json"
"""The examples of the indexed rule files, apart: half the index's size, and only ``mcplint
rule`` and the tests read them."""


def write_index(source: Path, target: Path) -> None:
    """Write the index and examples files of the rule files in ``source`` into ``target``."""
    index, examples = build_index(source)
    (target / INDEX_NAME).write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
    (target / EXAMPLES_NAME).write_text(json.dumps(examples, sort_keys=True), encoding="utf-8")


def build_index(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(index, examples) of the rule files in ``folder``. A file that does not load keeps its
    examples in its entry: it is then checked, examples and all, at every start."""
    index: dict[str, Any] = {}
    examples: dict[str, Any] = {}
    for p in sorted(folder.glob("MCP*.yaml")):
        text = p.read_text(encoding="utf-8")
        entry: dict[str, Any] = {"data": parse_rule_yaml(text, str(p)), "lines": _key_lines(text)}
        rule = _loaded(text, str(p), entry["data"])
        if rule is not None:
            entry["names"] = _expression_names(rule)
            entry["data"] = {k: v for k, v in entry["data"].items() if k not in ("examples", "fix_examples")}
            examples[p.name] = rule.examples
        index[p.name] = entry
    return index, examples


@cache
def _indexed_examples(folder: str) -> dict[str, Any]:
    try:
        return json.loads((Path(folder) / EXAMPLES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _loaded(text: str, path: str, data: Any) -> Rule | None:
    try:
        return load_rule_text(text, path, builtin=True, data=data)
    except RuleError:
        return None


def _expression_names(rule: Rule) -> dict[str, Any]:
    """The free names of each expression of a rule (``message``: one list per field), for the index."""
    names: dict[str, Any] = {"message": [sorted(f.names) for f in rule.message.fields]}
    for key in ("for_each", "when", "severity_from", "at"):
        expr = getattr(rule, key)
        if expr is not None:
            names[key] = sorted(expr.names)
    return names


def _read_index(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_rules(extra_paths: tuple[Path, ...] = ()) -> dict[str, Rule]:
    """The built-in pack plus rule files from ``extra_paths`` (files or folders), by id."""
    rules = dict(_builtin())
    names = {r.name: r for r in rules.values()}
    for base in extra_paths:
        files = sorted(base.glob("*.y*ml")) if base.is_dir() else [base]
        if not base.exists():
            raise RuleError(str(base), 1, "rule path does not exist")
        for path in files:
            rule = load_rule_file(path)
            for key, clash in (("id", rules.get(rule.id)), ("name", names.get(rule.name))):
                if clash is not None:
                    what = "a built-in rule" if clash.builtin else clash.path
                    raise RuleError(str(path), rule.lines.get(key, 1),
                                    f"{rule.id} {rule.name}: its {key} clashes with {what} ({clash.id} {clash.name})")
            rules[rule.id] = rule
            names[rule.name] = rule
    return rules


@cache
def _builtin() -> tuple[tuple[str, Rule], ...]:
    """The built-in pack: in an installed mcplint, from its index (made from these files when
    the wheel was built, and checked then); in a checkout, from the YAML files themselves."""
    folder = builtin_dir()
    index = _read_index(folder)
    if index:
        rules = [_indexed(folder / name, entry) for name, entry in sorted(index.items())]
    else:
        rules = [load_rule_file(p, builtin=True) for p in sorted(folder.glob("MCP*.yaml"))]
    return tuple((r.id, r) for r in rules)


def _indexed(path: Path, entry: dict[str, Any]) -> Rule:
    """A rule from its index entry; a file the index build could not load is read (and refused) again."""
    if "names" not in entry:
        return load_rule_file(path, builtin=True)
    return load_rule_text(None, str(path), True, entry["data"], entry["names"], entry["lines"], True)
