"""The condition language of rule files: a safe subset of Python expressions.

``when: "database.is_database and not database.read_only"`` reads like Python and is parsed
by Python's own ``ast`` module, then checked against a whitelist: names, attribute access
(no underscores), literals, comparisons, boolean logic, subscripts, generator expressions and
a few named functions. No other call, no dunder, no builtins — a rule file cannot run code.
"""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple
from mcplint.errors import McplintError

if TYPE_CHECKING:
    import ast


class ExprError(McplintError):
    """A condition that is not allowed or does not parse; ``offset`` is its column (0-based)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches(text: Any, pattern: str) -> bool:
    return isinstance(text, str) and _regex(pattern).search(text) is not None


def _glob(text: Any, pattern: str) -> bool:
    return isinstance(text, str) and fnmatch.fnmatchcase(text, pattern)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len,
    "any": any,
    "all": all,
    "lower": lambda s: s.lower() if isinstance(s, str) else s,
    "matches": _matches,
    "glob": _glob,
    "startswith": lambda s, p: isinstance(s, str) and s.startswith(p),
    "endswith": lambda s, p: isinstance(s, str) and s.endswith(p),
    "join": lambda items, sep=", ": sep.join(str(i) for i in items),
}
"""The only callables a condition may use."""

_SCOPE: dict[str, Any] = {"__builtins__": {}, **FUNCTIONS}
"""What every evaluation sees besides the names it reads: the functions, and no builtins."""


class Scope(dict[str, Any]):
    """A namespace conditions are evaluated in as it is, with no copy per evaluation.

    ``eval`` looks every name up through the dict — inside generator expressions too — so a
    subclass can compute a missing name when a condition first reads it (``__missing__``):
    that is how facts stay lazy (``facts.Facts``), and a condition that stops early
    (``a and b``) never computes ``b``.
    """

    def __init__(self, names: Mapping[str, Any] = {}) -> None:
        super().__init__(_SCOPE)
        self.update(names)


@cache
def _allowed() -> tuple[type[ast.AST], ...]:
    """The node types a condition may contain (``ast`` is imported only to check a rule file:
    the built-in rules come pre-checked from the build index)."""
    import ast

    return (
        ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Compare,
        ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot,
        ast.Name, ast.Load, ast.Store, ast.Attribute, ast.Constant, ast.List, ast.Tuple, ast.Set,
        ast.Subscript, ast.Call, ast.GeneratorExp, ast.comprehension, ast.IfExp, ast.BinOp, ast.Add,
        ast.USub, ast.JoinedStr, ast.FormattedValue,
    )


class Expr:
    """A checked condition: its source, its compiled code and the free names it reads."""

    __slots__ = ("source", "code", "names")

    def __init__(self, source: str, code: Any, names: frozenset[str]) -> None:
        self.source = source
        self.code = code
        """The compiled expression; None until the first call for an expression checked at
        build time (``deferred``)."""
        self.names = names
        """Free names the expression reads (besides functions and its own loop variables)."""

    def __eq__(self, other: object) -> bool:  # the code follows from the source
        return isinstance(other, Expr) and (self.source, self.names) == (other.source, other.names)

    def __hash__(self) -> int:
        return hash((self.source, self.names))

    def __repr__(self) -> str:
        return f"Expr({self.source!r})"

    @classmethod
    def deferred(cls, source: str, names: Iterable[str]) -> Expr:
        """An expression already checked (the built-in rule index, written at build time from the
        tested rule files, records its names): compiled on its first evaluation."""
        return cls(source, None, frozenset(names))

    def __call__(self, namespace: Mapping[str, Any]) -> Any:
        """Evaluate in ``namespace``: a ``Scope`` is used directly; from any other mapping the
        names the expression reads are taken first."""
        if self.code is None:
            self.code = compile(self.source.strip(), "<rule>", "eval")
        scope = namespace if isinstance(namespace, Scope) else self._scope_of(namespace)
        try:
            return eval(self.code, scope)  # noqa: S307 - the AST was checked against a whitelist
        except NameError as exc:  # a name neither given nor computable (see Scope)
            raise ExprError(f"unknown name {exc.name!r}") from None

    def _scope_of(self, namespace: Mapping[str, Any]) -> dict[str, Any]:
        scope = _SCOPE.copy()
        for name in self.names:
            try:
                scope[name] = namespace[name]
            except KeyError:
                raise ExprError(f"unknown name {name!r}") from None
        return scope


def compile_expr(source: str) -> Expr:
    """Parse and check an expression; raise ExprError naming what is not allowed."""
    import ast

    allowed = _allowed()
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"invalid expression: {exc.msg}", (exc.offset or 1) - 1) from None
    bound: set[str] = set()
    free: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise ExprError(f"{type(node).__name__} is not allowed in a condition", getattr(node, "col_offset", 0))
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExprError(f"attribute {node.attr!r} is not allowed", node.col_offset)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ExprError("only these functions may be called: " + ", ".join(sorted(FUNCTIONS)), node.col_offset)
            if node.keywords:
                raise ExprError("keyword arguments are not allowed", node.col_offset)
        if isinstance(node, ast.comprehension):
            bound.update(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in FUNCTIONS:
            if node.id.startswith("_"):
                raise ExprError(f"name {node.id!r} is not allowed", node.col_offset)
            free.add(node.id)
    return Expr(source, compile(tree, "<rule>", "eval"), frozenset(free - bound))


_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


class Template(NamedTuple):
    """A message with ``{expression}`` fields, e.g. ``"{item.provider} in {item.where}"``."""

    source: str
    fields: tuple[Expr, ...]

    def render(self, namespace: Mapping[str, Any]) -> str:
        if not self.fields:
            return self.source
        plan = _plan(self.source, tuple(f.source for f in self.fields)) if isinstance(namespace, Scope) else None
        if plan is None:
            values = iter([_show(f(namespace)) for f in self.fields])
            return _TEMPLATE_FIELD.sub(lambda _m: next(values), self.source)
        code, literals = plan
        try:
            values = eval(code, namespace)  # noqa: S307 - the fields' checked expressions, in a tuple
        except NameError as exc:  # as Expr.__call__ reports it
            raise ExprError(f"unknown name {exc.name!r}") from None
        return "".join([part for literal, value in zip(literals, values) for part in (literal, _show(value))]) + literals[-1]


@cache
def _plan(source: str, fields: tuple[str, ...]) -> tuple[Any, list[str]] | None:
    """A template's fields as one code object (one ``eval`` per message, not one per field),
    and the literal text around them; None if the fields do not compile together.

    Each field sits on lines of its own inside the tuple, so a comment ends with its line."""
    literals = _TEMPLATE_FIELD.split(source)[::2]
    if len(literals) != len(fields) + 1:
        return None
    try:
        code = compile("(\n" + "".join(f"(\n{field.strip()}\n),\n" for field in fields) + ")", "<message>", "eval")
    except SyntaxError:
        return None
    return code, literals


def _show(value: Any) -> str:
    if type(value) in (list, tuple, set, frozenset):  # a plain container, not a NamedTuple record
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def template_fields(source: str) -> list[str]:
    """The expression source of each ``{field}`` of a message template, in order."""
    return [m.group(1) for m in _TEMPLATE_FIELD.finditer(source)]


def compile_template(source: str) -> Template:
    return Template(source, tuple(compile_expr(f) for f in template_fields(source)))
