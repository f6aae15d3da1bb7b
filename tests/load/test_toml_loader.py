"""TOML loader: tomllib's values plus exact positions from the loader's own scanner."""

from __future__ import annotations

import math
import random
import re
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import at, corpus_files, key_at, span_text, walk
from mcplint.load.toml_loader import MAX_DEPTH, load_toml
from mcplint.model import Document, LoadError, Pointer, Span



def contains(outer: Span, inner: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)


def parse_value(piece: str) -> Any:
    return tomllib.loads("x = " + piece)["x"]


def check_spans(text: str, doc: Document, inline: set[Pointer] | None = None) -> None:
    """Every value and key has a span: inline values slice to text that parses back to them,
    tables start at their header or dotted key and hold every span inside them."""
    pointers = [pointer for pointer, _ in walk(doc.data)]
    assert set(doc.spans) == set(pointers)
    assert set(doc.key_spans) == {p for p in pointers if p and isinstance(p[-1], str)}
    for pointer, value in walk(doc.data):
        span = doc.spans[pointer]
        piece = span_text(text, span)
        if pointer and (pointer in inline if inline is not None else not is_table(piece)):
            parsed = parse_value(piece)
            if not (isinstance(value, float) and math.isnan(value)):
                assert plain(parsed) == value, (pointer, piece)
        if len(pointer) > 0:
            assert contains(doc.spans[pointer[:-1]], span), pointer
        if pointer and isinstance(pointer[-1], str):
            key_text = span_text(text, doc.key_spans[pointer])
            assert tomllib.loads(key_text + " = 0") == {pointer[-1]: 0}, (pointer, key_text)


def is_table(piece: str) -> bool:
    """A header-made table starts with its ``[header]``; a dotted-key one with a key and '='."""
    if piece.startswith("[["):
        return True
    if piece.startswith("["):
        try:
            parse_value(piece)
        except tomllib.TOMLDecodeError:
            return True
        return False
    return not piece.startswith(("{", '"', "'")) and "=" in piece.split("\n")[0]


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


CODEX = """\
model = "o3"
[mcp_servers.docs]
command = "npx"
args = ["-y", "example-docs-mcp"]   # trailing comment
env = { "API_KEY" = "abc", OTHER = "x" }
[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
http_headers = { Authorization = "Bearer x" }
[projects."/home/me/repo"]
trust_level = "trusted"
"""


def test_codex_config_values() -> None:
    doc = load_toml(CODEX)
    assert doc.data == tomllib.loads(CODEX)
    assert doc.duplicate_keys == []
    check_spans(CODEX, doc)


def test_codex_config_positions() -> None:
    doc = load_toml(CODEX)
    assert at(doc, ("model",)) == (1, 9, 1, 13)
    assert at(doc, ("mcp_servers", "docs", "args")) == (4, 8, 4, 34)
    assert at(doc, ("mcp_servers", "docs", "args", 1)) == (4, 15, 4, 33)
    assert at(doc, ("mcp_servers", "docs", "env", "API_KEY")) == (5, 21, 5, 26)
    assert key_at(doc, ("mcp_servers", "docs", "env", "API_KEY")) == (5, 9, 5, 18)
    assert key_at(doc, ("mcp_servers", "docs", "env", "OTHER")) == (5, 28, 5, 33)
    assert at(doc, ("mcp_servers", "remote", "http_headers", "Authorization")) == (8, 34, 8, 44)
    # a table: from its header to the end of its last value
    assert at(doc, ("mcp_servers", "docs")) == (2, 1, 5, 41)
    assert key_at(doc, ("mcp_servers", "docs")) == (2, 14, 2, 18)
    # an implicit table spans every header under it
    assert at(doc, ("mcp_servers",)) == (2, 1, 8, 46)
    assert key_at(doc, ("mcp_servers",)) == (2, 2, 2, 13)
    assert key_at(doc, ("projects", "/home/me/repo")) == (9, 11, 9, 26)
    assert at(doc, ()) == (1, 1, 10, 24)


def test_codex_config_comment() -> None:
    (comment,) = load_toml(CODEX).comments
    assert (comment.line, comment.column, comment.text, comment.own_line) == (
        4, 37, "trailing comment", False,
    )


TRICKY = """\
# Codex config   (own-line comment)
[mcp_servers.a."quoted.key"]  # header comment
command = 'C:\\tools\\run.exe'
args = [
  "--flag",  # first
  QQQmulti
line with # hash, = equals and [brackets]
QQQ,
  '''literal # not a comment
''',
  [1, 2, [3]],
  { x = 1, y.z = "w" },   # inline table in an array
]
env.PATH = "/usr/bin"
env."HOME DIR" = "/home"
startup_timeout_sec = 1_000
when = 1979-05-27 07:32:00Z
day = 1979-05-27
ratio = +1.5e3
hexa = 0xDEAD_BEEF
quotes = QQQone ""quoted"" twoQQQ""

[[mcp_servers.a."quoted.key".tools]]
name = "first"
[[mcp_servers.a."quoted.key".tools]]
name = "second"
[mcp_servers.a."quoted.key".tools.limits]
max = 3
""".replace("QQQ", '"""')  # QQQ: TOML's triple double quote


def test_tricky_file_values_and_spans() -> None:
    doc = load_toml(TRICKY)
    server = doc.data["mcp_servers"]["a"]["quoted.key"]
    assert server["args"][1] == "multi\nline with # hash, = equals and [brackets]\n"
    assert server["when"] == "1979-05-27T07:32:00+00:00" and server["day"] == "1979-05-27"
    assert server["quotes"] == 'one ""quoted"" two""'
    assert server["tools"][1] == {"name": "second", "limits": {"max": 3}}
    check_spans(TRICKY, doc)


def test_tricky_file_positions() -> None:
    doc = load_toml(TRICKY)
    base = ("mcp_servers", "a", "quoted.key")
    assert key_at(doc, base) == (2, 16, 2, 28)
    assert at(doc, base + ("args", 1)) == (6, 3, 8, 4)
    assert at(doc, base + ("args", 4, "y", "z")) == (12, 18, 12, 21)
    assert at(doc, base + ("args", 4, "y")) == (12, 12, 12, 21)  # dotted: from its key
    assert at(doc, base + ("env",)) == (14, 1, 15, 25)  # dotted keys on two lines
    assert key_at(doc, base + ("env", "HOME DIR")) == (15, 5, 15, 15)
    assert at(doc, base + ("when",)) == (17, 8, 17, 28)
    assert at(doc, base + ("tools",)) == (23, 1, 28, 8)
    assert at(doc, base + ("tools", 0)) == (23, 1, 24, 15)
    assert at(doc, base + ("tools", 1)) == (25, 1, 28, 8)
    assert at(doc, base + ("tools", 1, "limits", "max")) == (28, 7, 28, 8)
    assert key_at(doc, base + ("tools",)) == (23, 30, 23, 35)


def test_tricky_file_comments() -> None:
    comments = [(c.line, c.column, c.text, c.own_line) for c in load_toml(TRICKY).comments]
    assert comments == [
        (1, 1, "Codex config   (own-line comment)", True),
        (2, 31, "header comment", False),
        (5, 14, "first", False),
        (12, 27, "inline table in an array", False),
    ]


def test_crlf_line_endings() -> None:
    text = CODEX.replace("\n", "\r\n")
    doc = load_toml(text)
    assert doc.data == tomllib.loads(CODEX)
    assert at(doc, ("mcp_servers", "docs", "args", 1)) == (4, 15, 4, 33)
    assert doc.comments[0].text == "trailing comment"


def test_columns_count_code_points() -> None:
    doc = load_toml('name = "é😀"\nnext = "x"\n"ключ" = 1\n')
    assert at(doc, ("name",)) == (1, 8, 1, 12)
    assert key_at(doc, ("ключ",)) == (3, 1, 3, 7)


def test_empty_and_comment_only_files() -> None:
    for text in ("", "\n", "# only\n"):
        doc = load_toml(text)
        assert doc.data == {} and () in doc.spans
    assert load_toml("# only\n").comments[0].own_line


def test_escaped_quoted_keys() -> None:
    doc = load_toml('"a\\u0041\\"b" = 1\n[t."x\\ty"]\nk = 2\n')
    assert doc.data == {'aA"b': 1, "t": {"x\ty": {"k": 2}}}
    check_spans(doc.text, doc)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('a = 1\nb = \n', 2, 5),
        ('a = "unterminated\n', 1, 18),
        ("[a]\nb = 1\n[a]\n", 3, 3),  # a table declared twice
        ("a = 1\na = 2\n", 2, 6),  # a duplicate key (tomllib points past the value)
        ("a = [1, 2\nb = 3\n", 2, 1),
        ("[server\ncommand = 'x'\n", 1, 8),
        ("a = { b = 1,, }\n", 1, 13),
    ],
)
def test_broken_toml_gives_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as caught:
        load_toml(text)
    assert (caught.value.line, caught.value.column) == (line, column), caught.value.message
    message = caught.value.message
    assert message.startswith("invalid TOML") and "(at line" not in message


def test_error_at_end_of_document() -> None:
    with pytest.raises(LoadError) as caught:
        load_toml("a = 1\nb =")
    assert (caught.value.line, caught.value.column) >= (2, 3)


def test_an_error_of_python_3_14s_tomllib_keeps_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """From 3.14 tomllib gives the place as attributes, no longer in the message."""
    def loads(text: str) -> dict:
        error = tomllib.TOMLDecodeError("Invalid value")
        error.msg, error.lineno, error.colno = "Invalid value", 7, 3
        raise error

    monkeypatch.setattr(tomllib, "loads", loads)
    with pytest.raises(LoadError) as caught:
        load_toml("a = 1\n")
    assert (caught.value.line, caught.value.column, caught.value.message) == (7, 3, "invalid TOML: Invalid value")


def test_deep_nesting_is_a_load_error_not_recursion() -> None:
    with pytest.raises(LoadError) as caught:
        load_toml("x = " + "[" * 100_000)
    assert caught.value.line == 1
    with pytest.raises(LoadError):
        load_toml("x = " + "{a = " * 100_000)


def test_deep_header_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        load_toml("[" + ".".join(["a"] * (MAX_DEPTH + 5)) + "]\nk = 1\n")
    assert "deeper than" in caught.value.message


def test_nesting_tomllib_accepts_is_indexed() -> None:
    depth = 300
    doc = load_toml("x = " + "[" * depth + "]" * depth + "\n")
    assert ("x",) + (0,) * (depth - 1) in doc.spans


def test_huge_integer_is_a_load_error() -> None:
    with pytest.raises(LoadError):
        load_toml("n = " + "9" * 5000 + "\n")


def test_binary_garbage_is_a_load_error() -> None:
    with pytest.raises(LoadError):
        load_toml(bytes(range(256)).decode("latin-1") * 4)


@pytest.mark.skipif(not corpus_files(".toml"), reason="shared corpus not present")
def test_real_world_toml_corpus() -> None:
    for path in corpus_files(".toml"):
        text = path.read_text(encoding="utf-8-sig")
        doc = load_toml(text)
        assert doc.data == plain(tomllib.loads(text)), path
        check_spans(text, doc)
        own_line = [c for c in doc.comments if c.own_line]
        assert len(own_line) == sum(1 for line in text.splitlines() if line.lstrip()[:1] == "#")


# --- property tests: a tiny TOML emitter with many styles ----------------------------------

BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
COMMENTS = ("c", 'has "quotes" = [x]', "# again", "", "'''", "mcplint: ignore")


def control(char: str) -> bool:
    return ord(char) < 0x20 or ord(char) == 0x7F


class Emitter:
    """Writes a dict as TOML, choosing styles at random; notes the inline values.

    The choices come from a ``random.Random`` hypothesis seeds: drawing each one through
    hypothesis would cost far more than the test itself.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.inline: set[Pointer] = set()
        self.comments: list[str] = []

    def choose(self, *options: Any) -> Any:
        return self.rng.choice(options)

    def coin(self) -> bool:
        return self.rng.random() < 0.5

    def comment(self) -> str:
        if self.rng.random() < 0.75:
            return ""
        text = self.choose(*COMMENTS)
        self.comments.append(text.strip())
        return self.choose(" ", "  ", "\t") + "# " + text

    def own_line_comment(self) -> None:
        if self.rng.random() < 0.2:
            text = self.choose(*COMMENTS)
            self.comments.append(text.strip())
            self.lines.append(self.choose("", "  ") + "#" + text)

    def key(self, name: str) -> str:
        styles = ["basic"]
        if BARE.match(name):
            styles.append("bare")
        if "'" not in name and not any(control(c) and c != "\t" for c in name):
            styles.append("literal")
        style = self.choose(*styles)
        if style == "bare":
            return name
        if style == "literal":
            return f"'{name}'"
        return '"' + self.escape(name, multiline=False) + '"'

    def escape(self, text: str, multiline: bool) -> str:
        out: list[str] = []
        raw_quotes = 0
        for char in text:
            if char == "\\":
                piece = "\\\\"
            elif char == '"':
                piece = '"' if multiline and raw_quotes < 2 and self.coin() else '\\"'
            elif multiline and char == "\n":
                piece = "\n"
            elif char in SHORT_ESCAPES:
                piece = SHORT_ESCAPES[char]
            elif control(char):
                piece = f"\\u{ord(char):04x}"
            else:
                piece = char
            raw_quotes = raw_quotes + 1 if piece == '"' else 0
            out.append(piece)
        return "".join(out)

    def string(self, text: str) -> str:
        styles = ["basic", "multi-basic"]
        plain_chars = not any(control(c) and c not in "\t" for c in text)
        if plain_chars and "'" not in text:
            styles.append("literal")
        if not any(control(c) and c not in "\t\n" for c in text) and "'''" not in text:
            styles.append("multi-literal")
        style = self.choose(*styles)
        lead = "\n" if text.startswith("\n") or self.coin() else ""
        if style == "literal":
            return f"'{text}'"
        if style == "multi-literal":
            return f"'''{lead}{text}'''"
        if style == "multi-basic":
            return f'"""{lead}{self.escape(text, multiline=True)}"""'
        return '"' + self.escape(text, multiline=False) + '"'

    def integer(self, number: int) -> str:
        styles = ["decimal"]
        if number >= 0:
            styles += ["hex", "octal", "binary", "plus"]
        if abs(number) >= 1000:
            styles.append("underscores")
        style = self.choose(*styles)
        if style == "hex":
            return hex(number)
        if style == "octal":
            return oct(number)
        if style == "binary":
            return bin(number)
        if style == "plus":
            return f"+{number}"
        if style == "underscores":
            return f"{number:_}"
        return str(number)

    def value(self, value: Any, pointer: Pointer, multiline_ok: bool = True) -> str:
        """An inline value; may span lines (multi-line strings and arrays)."""
        self.inline.add(pointer)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return self.integer(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, list):
            if multiline_ok and value and self.coin():
                body = ""
                for index, item in enumerate(value):  # comments noted in text order
                    body += f"\n  {self.value(item, pointer + (index,))}," + self.comment()
                return "[" + body + "\n]"
            items = [self.value(item, pointer + (i,), False) for i, item in enumerate(value)]
            return "[" + ", ".join(items) + (", " if items and self.coin() else "") + "]"
        members = []
        for name, item in value.items():
            key = self.key(name)
            if isinstance(item, dict) and item and self.coin():
                for sub, sub_item in item.items():
                    text = self.value(sub_item, pointer + (name, sub), False)
                    members.append(f"{key}.{self.key(sub)} = {text}")
                continue
            members.append(f"{key} = {self.value(item, pointer + (name,), False)}")
        return "{ " + ", ".join(members) + " }" if members else "{}"

    def table(
        self, table: dict, pointer: Pointer, path: list[str], only_tables: bool = False
    ) -> None:
        """Key/value lines first, then sub-tables and arrays of tables under headers.

        ``only_tables``: the table has no header of its own, so it may hold only sub-tables.
        """
        later: list[tuple[str, str, Any]] = []
        for name, item in table.items():
            self.own_line_comment()
            key = self.key(name)
            if only_tables:
                later.append(("table", name, item))
            elif isinstance(item, dict) and self.rng.random() < 2 / 3:
                if item and all(not isinstance(v, dict) for v in item.values()) and self.coin():
                    for sub, sub_item in item.items():  # dotted keys
                        text = self.value(sub_item, pointer + (name, sub))
                        self.lines.append(f"{key} . {self.key(sub)} = {text}" + self.comment())
                    continue
                later.append(("table", name, item))
            elif (
                isinstance(item, list)
                and item
                and all(isinstance(i, dict) for i in item)
                and self.coin()
            ):
                later.append(("array", name, item))
            else:
                self.lines.append(f"{key} = {self.value(item, pointer + (name,))}" + self.comment())
        for kind, name, item in later:
            sub_path = path + [self.key(name)]
            header = ".".join(sub_path)
            if kind == "array":
                for index, element in enumerate(item):
                    self.lines.append(f"[[{header}]]" + self.comment())
                    self.table(element, pointer + (name, index), sub_path)
                continue
            implicit = all(isinstance(v, dict) and v for v in item.values())
            implicit = bool(item) and implicit and self.coin()
            if not implicit:
                self.lines.append(f"[{header}]" + self.comment())
            self.table(item, pointer + (name,), sub_path, only_tables=implicit)


KEYS = st.one_of(
    st.sampled_from(["a", "b-c", "1", "x.y", "with space", "", "é", "'q'", '"dq"', "#", "="]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
)
TEXTS = st.one_of(
    st.sampled_from(
        ["", "#", " # not a comment", "=", "[a]", '"', '""', "'", "''", "\\", "\n", "a\nb\n",
         "\r\n", "\x7f", "\x00", "tab\there", "é😀", "\u2028", "end\"", "end''"]
    ),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=10),
)
TOML_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    TEXTS,
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.dictionaries(KEYS, TOML_VALUES, max_size=5), rng=st.randoms(use_true_random=True))
def test_emitted_documents_load_back_with_exact_spans(value: dict, rng: random.Random) -> None:
    emitter = Emitter(rng)
    emitter.table(value, (), [])
    text = "\n".join(emitter.lines) + rng.choice(["", "\n", "\n\n# end"])
    if text.endswith("# end"):
        emitter.comments.append("end")
    assert tomllib.loads(text) == value  # the emitter itself is right
    doc = load_toml(text)
    assert doc.data == value
    check_spans(text, doc, emitter.inline)
    assert [c.text for c in doc.comments] == emitter.comments
    for comment in doc.comments:
        line = text.split("\n")[comment.line - 1]
        assert line[comment.column - 1] == "#"
        assert comment.own_line == (line[: comment.column - 1].strip() == "")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]{}=,.\"'#\n \tab01-+:_eT\\", max_size=40))
def test_toml_like_text_only_ever_raises_load_error(text: str) -> None:
    try:
        doc = load_toml(text)
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1
    else:
        check_spans(text, doc)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_raise_load_error(data: bytes) -> None:
    for text in (data.decode("latin-1"), data.decode("utf-8", "replace")):
        try:
            load_toml(text)
        except LoadError:
            pass


def test_a_document_pickled_before_any_position_was_asked_for_has_them_all() -> None:
    """Positions are worked out on the first question (a clean file never pays for them): a copy
    made before that answers as the original."""
    import pickle

    doc = load_toml(CODEX)
    assert doc.comments[0].text == "trailing comment"
    copy = pickle.loads(pickle.dumps(doc))
    assert at(copy, ("mcp_servers", "docs", "args", 1)) == at(doc, ("mcp_servers", "docs", "args", 1))
    assert dict(copy.key_spans) == dict(doc.key_spans) and dict(copy.spans) == dict(doc.spans)


def test_comments_skip_every_kind_of_string() -> None:
    text = ('a = "x # no"  # one\nb = \'y # no\'\nc = """\n# no\n"""  # two\n'
            "d = '''\n# no\n'''\n# three\ne = [1, # four\n  2]\n")
    assert [(c.line, c.column, c.text) for c in load_toml(text).comments] == [
        (1, 15, "one"), (5, 6, "two"), (9, 1, "three"), (10, 9, "four"),
    ]


def test_unterminated_quotes_beside_many_dots_stay_linear() -> None:
    """The dotted-key pre-check steps over strings: an unclosed quote on a long line once made
    its string pattern backtrack exponentially (minutes for a 27 KB `mcplint init` file)."""
    import signal

    from mcplint.load.toml_loader import load_toml
    from mcplint.model import LoadError

    text = ('a = "' + "x " * 4000 + "\n") * 4 + "# " + ". " * 600 + "\n"
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("quadratic or worse")))
    signal.alarm(10)
    try:
        with pytest.raises(LoadError):
            load_toml(text)
    finally:
        signal.alarm(0)
