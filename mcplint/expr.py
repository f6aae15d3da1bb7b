"""The condition language of rule files, and its interpreter.

``when: "database.is_database and not database.read_only"`` reads like Python, but no rule text
ever reaches Python's parser, ``eval``, ``exec`` or ``compile``: rule files come from the
repositories being scanned (``[rules] paths`` in a project's ``.mcplint.toml``), and a whitelist
over ``eval`` of Python cannot be made safe. Instead a small tokenizer and recursive-descent parser
read a closed grammar into a tree of nodes, compiled to a tree of Python closures (a
tree-walking interpreter). The grammar (docs/custom-rules.md is the reference):

    expr        := or_expr ['if' or_expr 'else' expr]
    or_expr     := and_expr ('or' and_expr)*
    and_expr    := not_expr ('and' not_expr)*
    not_expr    := 'not' not_expr | comparison
    comparison  := sum (('=='|'!='|'<'|'<='|'>'|'>='|'in'|'not' 'in') sum)*
                 | sum 'is' ['not'] 'None'
    sum         := unary ('+' unary)*
    unary       := '-' unary | postfix
    postfix     := atom ('.' NAME | '[' expr ']')*
    atom        := NAME | FUNCTION '(' args ')' | NUMBER | STRING+ | True | False | None
                 | '(' [expr (',' expr)* [','] | expr comp_for] ')'
                 | '[' [expr (',' expr)* [','] | expr comp_for] ']'
    comp_for    := ('for' NAME (',' NAME)* 'in' or_expr ('if' or_expr)*)+

What a condition can reach: the names the engine gives it (facts, ``server``, ``file``,
``item``), fields a fact or record type declares (Frozen/Record/dataclass fields and
public properties; a dict's keys), and the nine functions of ``FUNCTIONS``, called by name only.
Comprehension variables cannot shadow a function, a base name or another variable. Every
evaluation has a step budget and every string or list it builds a size bound; regular
expressions env on RE2 (linear time), imported only when a rule uses ``matches``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Callable, Iterable, Iterator, Mapping

from mcplint._lazyre import lazy_compile
from mcplint.errors import McplintError
from mcplint.record import Frozen


class ExprError(McplintError):
    """A condition that is not allowed, does not parse or fails to evaluate; ``offset`` is its
    column inside the expression (0-based)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


MAX_SOURCE = 5000
"""Characters in one expression: a readable condition is a few hundred."""
MAX_DEPTH = 30
"""Nesting of brackets, calls, ``not``, ``-``, trailers and conditional branches: the parser,
the compiler and the closures recurse once a level, far below Python's recursion limit."""
MAX_STEPS = 100_000
"""Work per evaluation: each loop iteration of a comprehension costs the size of its body."""
MAX_SIZE = 1_000_000
"""Characters of a string, items of a list, that an evaluation may build (``+``, ``join``,
comprehensions, message fields)."""
MAX_NUMBER = 40
"""Characters of a number literal."""

BASE_NAMES = frozenset({"server", "file", "item"})

Fn = Callable[[Any], Any]
"""A compiled node: called with the names in scope (a mapping), returns the node's value."""


class Frame(dict[str, Any]):
    """The names inside a comprehension: its loop variables, over the evaluation's scope (read
    through on a miss, so lazy facts stay lazy), and the steps left for the whole evaluation
    (nested comprehensions share the outermost frame)."""

    __slots__ = ("scope", "steps")

    def __init__(self, scope: Any) -> None:
        super().__init__()
        self.scope = scope
        self.steps = MAX_STEPS

    def __missing__(self, name: str) -> Any:
        return self.scope[name]


# ---------------------------------------------------------------------------------------------
# Values: what attribute access and the functions accept

@cache
def readable_fields(cls: type) -> frozenset[str]:
    """The attribute names a condition may read on instances of ``cls``: the fields the type
    declares (Frozen, Record, dataclass), its public properties, and ``RULE_FIELDS`` (names
    a class serves through ``__getattr__``, e.g. file facts). Nothing of a built-in type."""
    names: set[str] = set()
    if cls.__module__ == "builtins":
        return frozenset()
    for klass in cls.__mro__:
        if klass.__module__ == "builtins":
            continue
        own = klass.__dict__
        for key in ("_fields", "__dataclass_fields__", "RULE_FIELDS"):
            value = own.get(key)
            if isinstance(value, (tuple, frozenset, set, list, dict)):
                names.update(n for n in value if isinstance(n, str))
        names.update(n for n, v in own.items() if isinstance(v, property))
    return frozenset(n for n in names if n.isidentifier() and not n.startswith("_"))


def _kind(value: Any) -> str:
    """A value's type for messages (no value: it may be a secret)."""
    return type(value).__name__


def _get_attr(obj: Any, name: str, offset: int) -> Any:
    if type(obj) is dict:
        try:
            return obj[name]
        except KeyError:
            raise ExprError(f"no key {name!r} in this mapping", offset) from None
    if name in readable_fields(type(obj)):
        return getattr(obj, name)
    if obj is None:
        raise ExprError(f"cannot read {name!r} of None", offset)
    raise ExprError(f"{_kind(obj)} has no field {name!r}", offset)


def _get_item(obj: Any, key: Any, offset: int) -> Any:
    try:
        if isinstance(obj, (list, tuple, str)) and type(key) is int:
            return obj[key]
        if type(obj) is dict and isinstance(key, (str, int, float)):
            return obj[key]
    except (IndexError, KeyError):
        raise ExprError(f"index {key!r} not found" if not isinstance(key, str) else "key not found", offset) from None
    raise ExprError(f"cannot index {_kind(obj)} with {_kind(key)}", offset)


_CONTAINERS = (str, list, tuple, dict, set, frozenset)


def _contains(needle: Any, haystack: Any, offset: int) -> bool:
    if isinstance(haystack, str):
        if not isinstance(needle, str):
            return False
        return needle in haystack
    if isinstance(haystack, _CONTAINERS):
        try:
            return needle in haystack
        except TypeError:  # an unhashable value looked up in a dict or set
            return False
    raise ExprError(f"'in' needs a string, list or mapping on its right, not {_kind(haystack)}", offset)


def _order(op: str, a: Any, b: Any, offset: int) -> bool:
    numbers = (int, float)
    if not ((isinstance(a, numbers) and isinstance(b, numbers)) or (isinstance(a, str) and isinstance(b, str))):
        raise ExprError(f"cannot compare {_kind(a)} {op} {_kind(b)}", offset)
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _iterable(value: Any, offset: int) -> Iterable[Any]:
    if isinstance(value, (*_CONTAINERS, _Lazy)):
        return value
    if value is None:
        return ()
    raise ExprError(f"cannot iterate over {_kind(value)}", offset)


def show(value: Any) -> str:
    """A value as message text: a plain list as ``a, b``, None as nothing."""
    if type(value) in (list, tuple, set, frozenset):  # a plain container, not a Frozen record
        return _join(value, ", ", 0)
    return "" if value is None else str(value)


def _join(items: Iterable[Any], sep: str, offset: int) -> str:
    parts: list[str] = []
    total = 0
    for item in items:
        text = "" if item is None else str(item)
        total += len(text) + len(sep)
        if total > MAX_SIZE:
            raise ExprError(f"join would build a string longer than {MAX_SIZE:,}", offset)
        parts.append(text)
    return sep.join(parts)


# ---------------------------------------------------------------------------------------------
# Functions

class Function(Frozen):
    arity: tuple[int, int]
    """Least and most arguments."""
    literal: int = -1
    """The argument that must be a string literal (a pattern, checked when the rule loads)."""


FUNCTIONS: dict[str, Function] = {
    "len": Function((1, 1)),
    "any": Function((1, 1)),
    "all": Function((1, 1)),
    "lower": Function((1, 1)),
    "matches": Function((2, 2), literal=1),
    "glob": Function((2, 2), literal=1),
    "startswith": Function((2, 2)),
    "endswith": Function((2, 2)),
    "join": Function((1, 2)),
}
"""The only callables a condition may use, by name."""


def compile_pattern(pattern: str, offset: int = 0) -> Any:
    """A regular expression on RE2 (linear time in the text, no backtracking); ExprError for
    a pattern RE2 refuses (back-references, look-around) or that is too large."""
    return _re2_compile(pattern, offset)


@cache
def _re2_compile(pattern: str, offset: int) -> Any:
    import re2  # (google-re2: imported only by a rule that uses matches())

    options = re2.Options()
    options.log_errors = False  # (else RE2 writes its own message to stderr)
    options.max_mem = 8 << 20
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ExprError(f"pattern is not a valid RE2 regular expression ({detail}): mcplint runs patterns in "
                        f"linear time, without back-references or look-around", offset) from None


def _glob_pattern(pattern: str) -> Callable[[str], bool]:
    import fnmatch

    return lambda text: fnmatch.fnmatchcase(text, pattern)


def _call(name: str, args: list[Fn], literal: Any, offset: int) -> Fn:
    """The closure of a call to a table function (arity and literals already checked)."""
    if name == "len":
        (a,) = args

        def call_len(env: Any) -> Any:
            value = a(env)
            if isinstance(value, _CONTAINERS):
                return len(value)
            raise ExprError(f"len() of {_kind(value)}", offset)
        return call_len
    if name in ("any", "all"):
        (a,) = args
        builtin = any if name == "any" else all

        def call_any(env: Any) -> Any:
            return builtin(_iterable(a(env), offset))
        return call_any
    if name == "lower":
        (a,) = args

        def call_lower(env: Any) -> Any:
            value = a(env)
            return value.lower() if isinstance(value, str) else value
        return call_lower
    if name in ("matches", "glob"):
        (a, _) = args
        if name == "matches":
            search = compile_pattern(literal, offset).search

            def call_matches(env: Any) -> Any:
                value = a(env)
                return isinstance(value, str) and search(value) is not None
            return call_matches
        test = _glob_pattern(literal)

        def call_glob(env: Any) -> Any:
            value = a(env)
            return isinstance(value, str) and test(value)
        return call_glob
    if name in ("startswith", "endswith"):
        (a, b) = args
        method = str.startswith if name == "startswith" else str.endswith

        def call_affix(env: Any) -> Any:
            value, affix = a(env), b(env)
            return isinstance(value, str) and isinstance(affix, str) and method(value, affix)
        return call_affix
    # join
    items_fn = args[0]
    sep_fn = args[1] if len(args) > 1 else None

    def call_join(env: Any) -> Any:
        items = items_fn(env)
        sep = sep_fn(env) if sep_fn is not None else ", "
        if not isinstance(sep, str):
            raise ExprError(f"join() separator must be a string, not {_kind(sep)}", offset)
        return _join(_iterable(items, offset), sep, offset)
    return call_join


# ---------------------------------------------------------------------------------------------
# Tokenizer

class Token(Frozen):
    kind: str
    """name, number, string, op or end."""
    text: str
    offset: int
    value: Any = None


_TOKEN = lazy_compile(r"""
    (?P<space>[ \t\r\n]+|\#[^\n]*)
  | (?P<number>[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<op>==|!=|<=|>=|[<>()\[\],.+\-])
""", re.VERBOSE)

KEYWORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "for", "True", "False", "None"})
PYTHON_KEYWORDS = frozenset({
    "lambda", "yield", "await", "async", "import", "from", "as", "def", "class", "return", "del",
    "global", "nonlocal", "assert", "pass", "break", "continue", "while", "try", "except",
    "finally", "raise", "with", "elif",
})
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _printable(char: str) -> str:
    return repr(char) if char.isprintable() and char.isascii() else f"U+{ord(char):04X}"


def _unquote(text: str, offset: int) -> str:
    body = text[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        code = body[i + 1]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
        elif code in "xu":
            width = 2 if code == "x" else 4
            digits = body[i + 2:i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ExprError(f"bad \\{code} escape in a string", offset + i + 1)
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise ExprError(f"unsupported escape \\{_printable(code)} in a string", offset + i + 1)
    return "".join(out)


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_SOURCE:
        raise ExprError(f"expression longer than {MAX_SOURCE} characters", MAX_SOURCE)
    tokens: list[Token] = []
    position, end = 0, len(source)
    while position < end:
        match = _TOKEN.match(source, position)
        if match is None:
            char = source[position]
            hint = {"*": " (no arithmetic besides + of strings and lists)", "{": " (no dict or set literals)",
                    "=": " (compare with ==; no assignment)", ":": " (no slices, lambdas or assignment)",
                    "!": " (use != or not)", "@": "", "`": ""}.get(char, "")
            if not char.isascii():
                hint = " (names and operators are ASCII)"
            raise ExprError(f"unexpected character {_printable(char)}{hint}", position)
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "number":
            if len(text) > MAX_NUMBER:
                raise ExprError("number literal too long", position)
            value: Any = float(text) if any(c in text for c in ".eE") else int(text.replace("_", ""))
            tokens.append(Token("number", text, position, value))
        elif kind == "name":
            after = source[match.end():match.end() + 1]
            if after in ("'", '"'):
                raise ExprError(f"string prefix {text!r} is not allowed (no f-strings, bytes or raw strings)", position)
            if text in PYTHON_KEYWORDS:
                raise ExprError(f"{text!r} is not allowed in a condition", position)
            tokens.append(Token("name", text, position))
        elif kind == "string":
            tokens.append(Token("string", text, position, _unquote(text, position)))
        elif kind == "op":
            tokens.append(Token("op", text, position))
        position = match.end()
    tokens.append(Token("end", "", end))
    return tokens


# ---------------------------------------------------------------------------------------------
# Parser: tokens -> nodes (tuples: kind, offset, ...)

Node = tuple[Any, ...]
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.at = 0
        self.depth = 0

    # -- helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def is_op(self, text: str) -> bool:
        token = self.tokens[self.at]
        return token.kind == "op" and token.text == text

    def is_word(self, text: str) -> bool:
        token = self.tokens[self.at]
        return token.kind == "name" and token.text == text

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect_op(self, text: str) -> Token:
        if not self.is_op(text):
            raise self.error(f"expected {text!r}")
        return self.take()

    def error(self, message: str, token: Token | None = None) -> ExprError:
        token = token or self.token
        found = "end of expression" if token.kind == "end" else repr(token.text[:20])
        return ExprError(f"{message}, found {found}", token.offset)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", self.token.offset)

    # -- grammar
    def parse(self) -> Node:
        node = self.expr()
        if self.token.kind != "end":
            raise self.error("unexpected text after the expression")
        return node

    def expr(self) -> Node:
        self.enter()
        node = self.or_expr()
        if self.is_word("if"):
            offset = self.take().offset
            cond = self.or_expr()
            if not self.is_word("else"):
                raise self.error("expected 'else' in 'a if c else b'")
            self.take()
            node = ("if", offset, cond, node, self.expr())
        self.depth -= 1
        return node

    def or_expr(self) -> Node:
        return self._bool("or", self.and_expr)

    def and_expr(self) -> Node:
        return self._bool("and", self.not_expr)

    def _bool(self, word: str, operand: Callable[[], Node]) -> Node:
        first = operand()
        if not self.is_word(word):
            return first
        parts = [first]
        offset = self.token.offset
        while self.is_word(word):
            self.take()
            parts.append(operand())
        return (word, offset, parts)

    def not_expr(self) -> Node:
        if self.is_word("not"):
            offset = self.take().offset
            self.enter()
            node = ("not", offset, self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        first = self.sum()
        rest: list[tuple[str, Node]] = []
        offset = self.token.offset
        while True:
            token = self.token
            if token.kind == "op" and token.text in _COMPARE:
                self.take()
                rest.append((token.text, self.sum()))
            elif self.is_word("in"):
                self.take()
                rest.append(("in", self.sum()))
            elif self.is_word("not") and self.tokens[self.at + 1].kind == "name" and self.tokens[self.at + 1].text == "in":
                self.at += 2
                rest.append(("not in", self.sum()))
            elif self.is_word("is"):
                self.take()
                negate = self.is_word("not")
                if negate:
                    self.take()
                if not self.is_word("None"):
                    raise self.error("'is' compares with None only (use == for values)")
                self.take()
                rest.append(("is not" if negate else "is", ("const", token.offset, None)))
            else:
                break
        return first if not rest else ("compare", offset, first, rest)

    def sum(self) -> Node:
        first = self.unary()
        if not self.is_op("+"):
            return first
        parts, offset = [first], self.token.offset
        while self.is_op("+"):
            self.take()
            parts.append(self.unary())
        return ("add", offset, parts)

    def unary(self) -> Node:
        if self.is_op("-"):
            offset = self.take().offset
            self.enter()
            node = ("neg", offset, self.unary())
            self.depth -= 1
            return node
        return self.postfix()

    def postfix(self) -> Node:
        node = self.atom()
        depth = self.depth
        while True:
            if self.is_op("."):
                self.take()
                self.enter()
                token = self.take()
                if token.kind != "name" or token.text in KEYWORDS:
                    raise self.error("expected a field name after '.'", token)
                if token.text.startswith("_"):
                    raise ExprError(f"field {token.text!r} is not allowed (no names starting with '_')", token.offset)
                if self.is_op("("):
                    raise ExprError(f"methods cannot be called ({token.text}(...)): use the functions "
                                    + ", ".join(FUNCTIONS), self.token.offset)
                node = ("attr", token.offset, node, token.text)
            elif self.is_op("["):
                offset = self.take().offset
                self.enter()
                key = self.expr()
                self.expect_op("]")
                node = ("index", offset, node, key)
            elif self.is_op("("):
                raise ExprError("only the functions " + ", ".join(FUNCTIONS) + " may be called, by name", self.token.offset)
            else:
                break
        self.depth = depth
        return node

    def atom(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            return ("const", token.offset, token.value)
        if token.kind == "string":
            self.take()
            value = token.value
            while self.token.kind == "string":  # adjacent literals concatenate, as in Python
                value += self.take().value
            return ("const", token.offset, value)
        if token.kind == "name":
            self.take()
            if token.text in ("True", "False", "None"):
                return ("const", token.offset, {"True": True, "False": False, "None": None}[token.text])
            if token.text in KEYWORDS:
                raise self.error("expected a value", token)
            if token.text.startswith("_"):
                raise ExprError(f"name {token.text!r} is not allowed (no names starting with '_')", token.offset)
            if self.is_op("("):
                return self.call(token)
            if token.text in FUNCTIONS:
                raise ExprError(f"{token.text} is a function: call it", token.offset)
            return ("name", token.offset, token.text)
        if token.kind == "op" and token.text in ("(", "["):
            self.take()
            return self.sequence(token)  # (each expression inside counts a level)
        raise self.error("expected a value")

    def sequence(self, opening: Token) -> Node:
        """After ``(`` or ``[``: a parenthesised expression, a tuple, a list, a comprehension."""
        closing = ")" if opening.text == "(" else "]"
        kind = "tuple" if closing == ")" else "list"
        if self.is_op(closing):
            self.take()
            return (kind, opening.offset, [])
        first = self.expr()
        if self.is_word("for"):
            clauses = self.comp_for()
            self.expect_op(closing)
            return ("comp", opening.offset, "gen" if closing == ")" else "list", first, clauses)
        items = [first]
        trailing = False
        while self.is_op(","):
            self.take()
            trailing = True
            if self.is_op(closing):
                break
            items.append(self.expr())
            trailing = False
        self.expect_op(closing)
        if closing == ")" and len(items) == 1 and not trailing:
            return first
        return (kind, opening.offset, items)

    def comp_for(self) -> list[Node]:
        clauses: list[Node] = []
        while self.is_word("for"):
            offset = self.take().offset
            targets: list[tuple[str, int]] = []
            while True:
                token = self.take()
                if token.kind != "name" or token.text in KEYWORDS:
                    raise self.error("expected a variable name after 'for'", token)
                targets.append((token.text, token.offset))
                if not self.is_op(","):
                    break
                self.take()
            if not self.is_word("in"):
                raise self.error("expected 'in' after the loop variable")
            self.take()
            clauses.append(("for", offset, targets, self.or_expr()))
            while self.is_word("if"):
                clause_offset = self.take().offset
                clauses.append(("if", clause_offset, self.or_expr()))
        return clauses

    def call(self, name: Token) -> Node:
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise ExprError(f"unknown function {name.text!r} (functions: {', '.join(FUNCTIONS)})", name.offset)
        opening = self.take()
        self.enter()
        args: list[Node] = []
        if not self.is_op(")"):
            first = self.expr()
            if self.is_word("for"):  # any(x for x in xs): a generator as the only argument
                first = ("comp", first[1], "gen", first, self.comp_for())
            args.append(first)
            while self.is_op(","):
                self.take()
                if self.is_op(")"):
                    break
                args.append(self.expr())
        self.expect_op(")")
        self.depth -= 1
        least, most = function.arity
        if not least <= len(args) <= most:
            wanted = str(least) if least == most else f"{least} or {most}"
            raise ExprError(f"{name.text}() takes {wanted} argument{'s' if most > 1 else ''}, got {len(args)}", opening.offset)
        if function.literal >= 0:
            pattern = args[function.literal]
            if pattern[0] != "const" or not isinstance(pattern[2], str):
                raise ExprError(f"the pattern of {name.text}() must be a string literal", pattern[1])
        return ("call", name.offset, name.text, args)


def parse(source: str) -> Node:
    """The node tree of an expression; ExprError (with its column) for anything outside the
    grammar."""
    try:
        return _Parser(source).parse()
    except RecursionError:  # (the depth bound keeps far from it; a last line of defence)
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels") from None


# ---------------------------------------------------------------------------------------------
# Compiler: nodes -> closures

class _Compiler:
    def __init__(self) -> None:
        self.free: set[str] = set()
        self.loops = False
        """Whether the expression has a comprehension (then it runs in a Frame, for the budget)."""

    def size(self, node: Node) -> int:
        """Nodes in a tree: what one evaluation of it costs, in steps."""
        kind = node[0]
        if kind in ("const", "name"):
            return 1
        if kind == "attr":
            return 1 + self.size(node[2])
        if kind == "index":
            return 1 + self.size(node[2]) + self.size(node[3])
        if kind in ("not", "neg"):
            return 1 + self.size(node[2])
        if kind in ("and", "or", "add", "list", "tuple"):
            return 1 + sum(self.size(n) for n in node[2])
        if kind == "call":
            return 1 + sum(self.size(n) for n in node[3])
        if kind == "compare":
            return 1 + self.size(node[2]) + sum(self.size(n) for _, n in node[3])
        if kind == "if":
            return 1 + self.size(node[2]) + self.size(node[3]) + self.size(node[4])
        if kind == "comp":
            return 1 + self.size(node[3]) + sum(self.size(c[3] if c[0] == "for" else c[2]) for c in node[4])
        raise AssertionError(kind)

    def compile(self, node: Node, bound: frozenset[str], lazy: bool = False) -> Fn:
        """The closure of ``node``; ``bound``: comprehension variables in scope; ``lazy``: a
        comprehension here is read by any()/all()."""
        if node[0] == "comp":
            return self.compile_comp(node, bound, lazy)
        return self.compile_plain(node, bound)

    def compile_plain(self, node: Node, bound: frozenset[str]) -> Fn:  # noqa: C901 - one case per node kind
        kind, offset = node[0], node[1]
        if kind == "const":
            value = node[2]
            return lambda env: value
        if kind == "name":
            name = node[2]
            if name in bound:  # a loop variable: env is the comprehension's Frame
                return lambda env: env[name]
            self.free.add(name)

            def read_name(env: Any) -> Any:
                try:
                    return env[name]
                except KeyError:
                    raise ExprError(f"unknown name {name!r}", offset) from None
            return read_name
        if kind == "attr":
            return self.compile_attr(node, bound)
        if kind == "index":
            obj, key = self.compile(node[2], bound), self.compile(node[3], bound)
            return lambda env: _get_item(obj(env), key(env), offset)
        if kind == "not":
            operand = self.compile(node[2], bound)
            return lambda env: not operand(env)
        if kind == "neg":
            operand = self.compile(node[2], bound)

            def negate(env: Any) -> Any:
                value = operand(env)
                if type(value) not in (int, float):
                    raise ExprError(f"cannot negate {_kind(value)}", offset)
                return -value
            return negate
        if kind in ("and", "or"):
            return self.compile_bool(kind, [self.compile(n, bound) for n in node[2]])
        if kind == "add":
            return self.compile_add([self.compile(n, bound) for n in node[2]], offset)
        if kind in ("list", "tuple"):
            items = [self.compile(n, bound) for n in node[2]]
            make = list if kind == "list" else tuple
            return lambda env: make([item(env) for item in items])
        if kind == "compare":
            return self.compile_compare(node, bound)
        if kind == "if":
            cond, body, orelse = (self.compile(n, bound) for n in node[2:5])
            return lambda env: body(env) if cond(env) else orelse(env)
        if kind == "call":
            name, args = node[2], node[3]
            index = FUNCTIONS[name].literal
            literal, at = (args[index][2], args[index][1]) if index >= 0 else (None, offset)
            lazy = name in ("any", "all")
            return _call(name, [self.compile(a, bound, lazy) for a in args], literal, at if literal else offset)
        raise AssertionError(kind)

    def compile_attr(self, node: Node, bound: frozenset[str]) -> Fn:
        """``a.b.c``: one closure for the whole chain of fields."""
        chain: list[tuple[str, int]] = []
        while node[0] == "attr":
            chain.append((node[3], node[1]))
            node = node[2]
        chain.reverse()
        if len(chain) == 1 and node[0] == "name" and node[2] not in bound:  # ``item.host``: one closure
            ((name, offset),), base_name, base_offset = chain, node[2], node[1]
            self.free.add(base_name)

            def read_name_field(env: Any) -> Any:
                try:
                    value = env[base_name]
                except KeyError:
                    raise ExprError(f"unknown name {base_name!r}", base_offset) from None
                if name in readable_fields(type(value)):
                    return getattr(value, name)
                return _get_attr(value, name, offset)
            return read_name_field
        base = self.compile(node, bound)
        if len(chain) == 1:
            ((name, offset),) = chain

            def read_field(env: Any) -> Any:
                value = base(env)
                if name in readable_fields(type(value)):  # (the common case, inline)
                    return getattr(value, name)
                return _get_attr(value, name, offset)
            return read_field

        def read_chain(env: Any) -> Any:
            value = base(env)
            for name, offset in chain:
                value = _get_attr(value, name, offset)
            return value
        return read_chain

    @staticmethod
    def compile_bool(kind: str, parts: list[Fn]) -> Fn:
        if kind == "and":
            if len(parts) == 2:
                a, b = parts
                return lambda env: a(env) and b(env)

            def all_of(env: Any) -> Any:
                value: Any = True
                for part in parts:
                    value = part(env)
                    if not value:
                        return value
                return value
            return all_of
        if len(parts) == 2:
            a, b = parts
            return lambda env: a(env) or b(env)

        def any_of(env: Any) -> Any:
            value: Any = False
            for part in parts:
                value = part(env)
                if value:
                    return value
            return value
        return any_of

    @staticmethod
    def compile_add(parts: list[Fn], offset: int) -> Fn:
        def add(env: Any) -> Any:
            values = [part(env) for part in parts]
            first = values[0]
            if isinstance(first, str) and all(isinstance(v, str) for v in values):
                if sum(len(v) for v in values) > MAX_SIZE:
                    raise ExprError(f"+ would build a string longer than {MAX_SIZE:,}", offset)
                return "".join(values)
            if type(first) in (list, tuple) and all(type(v) is type(first) for v in values):
                if sum(len(v) for v in values) > MAX_SIZE:
                    raise ExprError(f"+ would build a list longer than {MAX_SIZE:,}", offset)
                return type(first)(item for v in values for item in v)
            if all(type(v) in (int, float) for v in values):
                return sum(values)
            raise ExprError("+ joins strings, lists or numbers, not " + " + ".join(_kind(v) for v in values), offset)
        return add

    def compile_compare(self, node: Node, bound: frozenset[str]) -> Fn:
        offset = node[1]
        first = self.compile(node[2], bound)
        steps = [(op, self.compile(n, bound)) for op, n in node[3]]

        def test(op: str, a: Any, b: Any) -> bool:
            if op == "==":
                return bool(a == b)
            if op == "!=":
                return bool(a != b)
            if op == "in":
                return _contains(a, b, offset)
            if op == "not in":
                return not _contains(a, b, offset)
            if op == "is":
                return a is None
            if op == "is not":
                return a is not None
            return _order(op, a, b, offset)

        if len(steps) == 1:
            ((op, right),) = steps
            if op == "==":
                return lambda env: bool(first(env) == right(env))
            if op == "!=":
                return lambda env: bool(first(env) != right(env))
            if op == "is":
                return lambda env: first(env) is None
            if op == "is not":
                return lambda env: first(env) is not None
            return lambda env: test(op, first(env), right(env))

        def chain(env: Any) -> bool:
            left = first(env)
            for op, operand in steps:
                right = operand(env)
                if not test(op, left, right):
                    return False
                left = right
            return True
        return chain

    def compile_comp(self, node: Node, bound: frozenset[str], lazy: bool) -> Fn:
        """A comprehension: lazy (a generator) inside any()/all(), else a bounded list. Each
        iteration of a ``for`` costs the size of what it runs (the clauses after it and the
        element) in steps."""
        offset, elt_node, clauses = node[1], node[3], node[4]
        self.loops = True
        plan: list[tuple[str, Any, Any, int]] = []
        inner = bound
        for clause in clauses:
            if clause[0] == "for":
                names = []
                for name, at in clause[2]:
                    if name in FUNCTIONS or name in BASE_NAMES or name in inner or name in names or _is_fact(name):
                        raise ExprError(f"loop variable {name!r} would shadow a function, fact or variable", at)
                    names.append(name)
                iterable = self.compile(clause[3], inner)  # read where the clause stands
                inner = inner | frozenset(names)
                plan.append(("for", tuple(names), iterable, clause[1]))
            else:
                plan.append(("if", self.compile(clause[2], inner), None, clause[1]))
        elt = self.compile(elt_node, inner)
        costs: list[int] = []
        for index in range(len(clauses)):
            after = clauses[index + 1:]
            costs.append(1 + self.size(elt_node) + sum(self.size(c[3] if c[0] == "for" else c[2]) for c in after))

        def generate(frame: Frame, index: int = 0) -> Iterator[Any]:
            if index == len(plan):
                yield elt(frame)
                return
            kind, first, second, at = plan[index]
            if kind == "if":
                if first(frame):
                    yield from generate(frame, index + 1)
                return
            names, iterable, cost = first, second, costs[index]
            for value in _iterable(iterable(frame), at):
                frame.steps -= cost
                if frame.steps < 0:
                    raise ExprError(f"evaluation exceeded {MAX_STEPS:,} steps", at)
                if len(names) == 1:
                    frame[names[0]] = value
                else:
                    if not isinstance(value, (tuple, list)) or len(value) != len(names):
                        raise ExprError(f"cannot unpack {_kind(value)} into {len(names)} variables", at)
                    frame.update(zip(names, value))
                yield from generate(frame, index + 1)

        def start(env: Any) -> Iterator[Any]:
            return generate(env if type(env) is Frame else Frame(env))

        if lazy:
            return lambda env: _Lazy(start(env))

        def collect(env: Any) -> list[Any]:
            out: list[Any] = []
            for value in start(env):
                out.append(value)
                if len(out) > MAX_SIZE:
                    raise ExprError(f"a list longer than {MAX_SIZE:,} would be built", offset)
            return out
        return collect


class _Lazy:
    """A comprehension read by any()/all(): iterated once, stopping early like Python's."""

    __slots__ = ("items",)

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        return self.items


@cache
def _fact_names() -> frozenset[str]:
    from mcplint.facts import ANALYZERS, FILE_ANALYZERS

    return frozenset(ANALYZERS) | frozenset(FILE_ANALYZERS)


def _is_fact(name: str) -> bool:
    return name in _fact_names()


# ---------------------------------------------------------------------------------------------
# Public API

EVAL_ERRORS = (ExprError, TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError,
               OverflowError, MemoryError)
"""What evaluating a compiled expression may raise: ExprError, or Python's own errors on data
of an unexpected shape (``as_expr_error`` turns those into an ExprError)."""


def as_expr_error(exc: BaseException) -> ExprError:
    if isinstance(exc, ExprError):
        return exc
    return ExprError(f"evaluation failed: {type(exc).__name__}")


class Expr:
    """A condition: its source, the free names it reads, and its closure (compiled on the first
    call for an expression the build-time rule index already checked)."""

    __slots__ = ("source", "names", "fn")

    def __init__(self, source: str, fn: Fn | None, names: frozenset[str]) -> None:
        self.source = source
        self.fn = fn
        self.names = names
        """Free names the expression reads (besides functions and its own loop variables)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expr) and (self.source, self.names) == (other.source, other.names)

    def __hash__(self) -> int:
        return hash((self.source, self.names))

    def __repr__(self) -> str:
        return f"Expr({self.source!r})"

    @classmethod
    def deferred(cls, source: str, names: Iterable[str]) -> Expr:
        """An expression the build-time index checked (it records the names): parsed on first use."""
        return cls(source, None, frozenset(names))

    def function(self) -> Fn:
        """The compiled closure: call it with the scope; it raises one of ``EVAL_ERRORS``."""
        fn = self.fn
        if fn is None:
            fn = self.fn = compile_expr(self.source).fn
        return fn  # type: ignore[return-value]

    def __call__(self, scope: Mapping[str, Any]) -> Any:
        """The expression's value with ``scope`` giving its free names; ExprError when it fails."""
        try:
            return self.function()(scope)
        except EVAL_ERRORS as exc:  # data of an unexpected shape, deep data in a message...
            raise as_expr_error(exc) from None


def compile_expr(source: str) -> Expr:
    """Parse and compile an expression; ExprError (with the column) for what is not allowed."""
    node = parse(source)
    compiler = _Compiler()
    try:
        fn = compiler.compile(node, frozenset())
    except RecursionError:
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels") from None
    if compiler.loops:  # one step budget for the whole evaluation, shared by every comprehension
        inner = fn

        def fn(env: Any) -> Any:
            return inner(env if type(env) is Frame else Frame(env))
    return Expr(source, fn, frozenset(compiler.free))


class Scope(dict[str, Any]):
    """The names conditions read, given as they are (no copy per evaluation). A subclass can
    compute a missing name when a condition first reads it (``__missing__``): that is how facts
    stay lazy (``facts.Facts``), and a condition that stops early (``a and b``) never computes b."""

    def __init__(self, names: Mapping[str, Any] = {}) -> None:
        super().__init__(names)


_TEMPLATE_FIELD = lazy_compile(r"\{([^{}]+)\}")


class Template(Frozen):
    """A message with ``{expression}`` fields, e.g. ``"{item.provider} in {item.where}"``."""

    source: str
    fields: tuple[Expr, ...]
    offsets: tuple[int, ...] = ()
    """Where each field's expression starts in ``source``, for errors."""
    texts: tuple[str, ...] = ()
    """The text around the fields: one more than there are fields (each finding's message
    joins them with the values, no pattern matched again)."""

    def render(self, scope: Mapping[str, Any]) -> str:
        if not self.fields:
            return self.source
        values: list[str] = []
        frame = Frame(scope)  # one step budget for all the fields
        for index, field in enumerate(self.fields):
            try:
                values.append(show(field(frame)))
            except ExprError as exc:
                offset = self.offsets[index] if index < len(self.offsets) else 0
                raise ExprError(exc.message, offset + exc.offset) from None
        if sum(map(len, values)) > MAX_SIZE:
            raise ExprError(f"message longer than {MAX_SIZE:,} characters")
        texts = self.texts
        return "".join([texts[0], *(part for pair in zip(values, texts[1:]) for part in pair)])


def template_fields(source: str) -> list[tuple[str, int]]:
    """Each ``{field}`` of a message template: its expression source and its offset. A field
    is the text between ``{`` and the next ``}`` (so no braces inside a field)."""
    return [(m.group(1), m.start(1)) for m in _TEMPLATE_FIELD.finditer(source)]


def compile_template(source: str, names: list[Iterable[str]] | None = None) -> Template:
    """A message template; with ``names`` (one list per field, from the build-time index) its
    fields are parsed on first use."""
    found = template_fields(source)
    offsets = tuple(offset for _, offset in found)
    texts = tuple(_TEMPLATE_FIELD.split(source)[::2])  # (split keeps the one group: every other part)
    if names is not None and len(names) == len(found):
        return Template(source, tuple(Expr.deferred(text, n) for (text, _), n in zip(found, names)), offsets, texts)
    fields = []
    for text, offset in found:
        try:
            fields.append(compile_expr(text))
        except ExprError as exc:
            raise ExprError(exc.message, offset + exc.offset) from None
    return Template(source, tuple(fields), offsets, texts)
