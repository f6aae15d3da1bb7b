"""YAML loader: values, exact positions, comments, and refusal of hostile input."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import at, corpus_files, key_at, span_offsets, span_text, walk
from mcplint.load.yaml_loader import MAX_ALIAS_NODES, MAX_DEPTH, load_yaml, load_yaml_with
from mcplint.model import Document, LoadError, Span

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FAST_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


CONTINUE_CONFIG = """\
name: My Assistant   # the name
version: 1.0.0
schema: v1
models:
  - name: Claude
    provider: anthropic
    apiKey: "${{ secrets.ANTHROPIC_API_KEY }}"
mcpServers:
  - name: SQLite   # a "quoted" word
    command: npx
    args:
      - "-y"
      - "mcp-sqlite"
      - "/path/to/db # not a comment"
    env:
      DEBUG: 'yes # also not'
  - name: Remote
    type: streamable-http
    url: https://mcp.example.com/mcp?x=1#frag
    requestOptions:
      headers:
        Authorization: Bearer abc
rules: |
  Always use # signs carefully
  # this line is content, not a comment
# trailing own-line comment
"""


def test_continue_config_values_and_positions() -> None:
    doc = load_yaml(CONTINUE_CONFIG)
    servers = doc.data["mcpServers"]
    assert servers[0]["args"] == ["-y", "mcp-sqlite", "/path/to/db # not a comment"]
    assert servers[1]["url"] == "https://mcp.example.com/mcp?x=1#frag"
    assert doc.data["version"] == "1.0.0"
    assert at(doc, ("mcpServers",)) == (9, 3, 22, 34)
    assert at(doc, ("mcpServers", 0)) == (9, 5, 16, 30)
    assert at(doc, ("mcpServers", 0, "command")) == (10, 14, 10, 17)
    assert at(doc, ("mcpServers", 0, "args", 2)) == (14, 9, 14, 38)  # quotes included
    assert at(doc, ("mcpServers", 0, "env", "DEBUG")) == (16, 14, 16, 30)
    assert at(doc, ("mcpServers", 1, "requestOptions", "headers", "Authorization")) == (
        22, 24, 22, 34,
    )
    assert key_at(doc, ("mcpServers", 1, "requestOptions", "headers", "Authorization")) == (
        22, 9, 22, 22,
    )
    assert key_at(doc, ("models", 0, "apiKey")) == (7, 5, 7, 11)
    assert at(doc, ("rules",)) == (23, 8, 25, 40)  # block scalar: trailing newline excluded
    assert at(doc, ()) == (1, 1, 25, 40)


def test_continue_config_comments() -> None:
    doc = load_yaml(CONTINUE_CONFIG)
    found = [(c.line, c.column, c.text, c.own_line) for c in doc.comments]
    assert found == [
        (1, 22, "the name", False),
        (9, 20, 'a "quoted" word', False),
        (26, 1, "trailing own-line comment", True),
    ]


CONTINUE_BLOCK = """\
name: context7
version: 0.0.1
schema: v1
mcpServers:
  - name: context7
    command: npx
    args:
      - -y
      - "@upstash/context7-mcp@latest"
    env: {}
"""


def test_continue_block_file() -> None:
    doc = load_yaml(CONTINUE_BLOCK)
    assert doc.data["mcpServers"][0]["env"] == {}
    assert at(doc, ("mcpServers", 0, "env")) == (10, 10, 10, 12)
    assert at(doc, ("mcpServers", 0, "args", 0)) == (8, 9, 8, 11)
    assert key_at(doc, ("mcpServers", 0, "args")) == (7, 5, 7, 9)
    assert doc.comments == [] and doc.duplicate_keys == []


GOOSE_CONFIG = """\
GOOSE_PROVIDER: openai
GOOSE_MODEL: gpt-4o
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  github:
    args:
    - -y
    - '@modelcontextprotocol/server-github'
    cmd: npx
    enabled: true
    envs:
      GITHUB_PERSONAL_ACCESS_TOKEN: ghp_example  # mcplint: ignore[MCP101] test token
    name: github
    timeout: 300
    type: stdio
"""


def test_goose_extensions_map() -> None:
    doc = load_yaml(GOOSE_CONFIG)
    github = doc.data["extensions"]["github"]
    assert github["enabled"] is True and github["timeout"] == 300
    assert github["args"] == ["-y", "@modelcontextprotocol/server-github"]
    pointer = ("extensions", "github", "envs", "GITHUB_PERSONAL_ACCESS_TOKEN")
    assert at(doc, pointer) == (17, 37, 17, 48)
    assert key_at(doc, pointer) == (17, 7, 17, 35)
    assert at(doc, ("extensions", "github", "args")) == (12, 5, 13, 44)  # indentless list
    assert at(doc, ("extensions", "github")) == (11, 5, 20, 16)
    (comment,) = doc.comments
    assert (comment.line, comment.column, comment.own_line) == (17, 50, False)
    assert comment.text == "mcplint: ignore[MCP101] test token"


DOCKER_CATALOG = """\
version: 2
name: docker-mcp
registry:
  fetch:
    description: Fetches a URL from the internet
    title: Fetch
    type: server
    dateAdded: 2025-04-15T10:00:00Z
    image: mcp/fetch@sha256:0123abcd
    secrets:
      - name: fetch.api_key
        env: API_KEY
        example: <YOUR_KEY>
    env:
      - name: FETCH_USER_AGENT
        value: '{{fetch.user_agent}}'
    tools:
      - name: fetch
    config:
      - name: fetch
        type: object
        properties:
          user_agent: {type: string}
"""


def test_docker_catalog_dates_become_iso_strings() -> None:
    doc = load_yaml(DOCKER_CATALOG)
    fetch = doc.data["registry"]["fetch"]
    assert fetch["dateAdded"] == "2025-04-15T10:00:00+00:00"
    assert fetch["env"][0]["value"] == "{{fetch.user_agent}}"
    assert at(doc, ("registry", "fetch", "secrets", 0, "env")) == (12, 14, 12, 21)
    assert at(doc, ("registry", "fetch", "config", 0, "properties", "user_agent")) == (
        23, 23, 23, 37,
    )
    assert at(doc, ("registry", "fetch", "config", 0, "properties", "user_agent", "type")) == (
        23, 30, 23, 36,
    )


@pytest.mark.parametrize("text", [CONTINUE_CONFIG, CONTINUE_BLOCK, GOOSE_CONFIG, DOCKER_CATALOG])
def test_c_and_python_loaders_agree(text: str) -> None:
    documents = [load_yaml_with(text, loader) for loader in LOADERS]
    assert all(doc == documents[0] for doc in documents)
    assert documents[0].data == plain(yaml.load(text, Loader=yaml.SafeLoader))


def test_every_value_and_key_has_a_span_that_slices_to_it() -> None:
    for text in (CONTINUE_CONFIG, CONTINUE_BLOCK, GOOSE_CONFIG, DOCKER_CATALOG):
        doc = load_yaml(text)
        check_spans(text, doc)


ANCHORS = """\
defaults: &defaults
  command: npx
  env: &env {LOG: debug}
servers:
  a:
    <<: *defaults
    args: [a]
  b:
    <<: *defaults
    command: node
  c:
    env: *env
  d:
    <<: [{url: first, x: 1}, {url: second, y: 2}]
"""


def test_aliases_and_merge_keys() -> None:
    doc = load_yaml(ANCHORS)
    servers = doc.data["servers"]
    assert servers["a"] == {"command": "npx", "env": {"LOG": "debug"}, "args": ["a"]}
    assert servers["b"]["command"] == "node"  # an explicit key wins over a merged one
    assert servers["d"] == {"url": "first", "x": 1, "y": 2}  # the first merged mapping wins
    assert at(doc, ("servers", "c", "env")) == (12, 10, 12, 14)  # the alias's own place
    assert at(doc, ("servers", "c", "env", "LOG")) == (3, 19, 3, 24)  # inside: the anchor's
    assert at(doc, ("servers", "a", "command")) == (2, 12, 2, 15)
    assert key_at(doc, ("servers", "a", "command")) == (2, 3, 2, 10)
    assert "<<" not in servers["a"] and ("servers", "a", "<<") not in doc.spans


def test_alias_values_are_copies() -> None:
    doc = load_yaml("a: &x [1, 2]\nb: *x\n")
    doc.data["a"].append(3)
    assert doc.data["b"] == [1, 2]


def test_duplicate_keys_keep_the_last_value() -> None:
    doc = load_yaml("a:\n  x: 1\n  y: 2\n  x: {deep: true}\nb: 1\n")
    assert doc.data == {"a": {"x": {"deep": True}, "y": 2}, "b": 1}
    assert doc.duplicate_keys == [("a", "x")]
    assert at(doc, ("a", "x")) == (4, 6, 4, 18)
    assert key_at(doc, ("a", "x")) == (4, 3, 4, 4)


def test_non_string_keys_become_their_text() -> None:
    doc = load_yaml("1: one\ntrue: yes\n~: nothing\n2.50: x\n[a, b]: list\n")
    assert doc.data == {"1": "one", "true": True, "~": "nothing", "2.50": "x", "[a, b]": "list"}
    assert key_at(doc, ("[a, b]",)) == (5, 1, 5, 7)


def test_keys_equal_as_text_are_duplicates() -> None:
    doc = load_yaml('1: a\n"1": b\n')
    assert doc.data == {"1": "b"} and doc.duplicate_keys == [("1",)]


def test_merge_of_a_scalar_is_an_error() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("base: 1\nserver:\n  <<: *base\n".replace("1", "&base 1", 1))
    assert (caught.value.line, caught.value.column) == (3, 7)


def test_unknown_and_python_tags_are_plain_data_never_executed() -> None:
    text = "a: !!python/object/apply:os.system ['echo pwned']\nb: !Ref MyBucket\nc: !!binary aGk=\n"
    doc = load_yaml(text)
    assert doc.data == {"a": ["echo pwned"], "b": "MyBucket", "c": "aGk="}


def test_implicitly_typed_but_invalid_scalars_stay_strings() -> None:
    assert load_yaml("d: 2001-13-45\nb: 0b_\n").data == {"d": "2001-13-45", "b": "0b_"}


def test_explicit_tag_with_a_bad_value_is_an_error() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("a: 1\nb: !!int twelve\n")
    assert (caught.value.line, caught.value.column) == (2, 4)


def test_empty_documents() -> None:
    for text in ("", "\n\n", "# only a comment\n", "---\n", "---\n...\n"):
        doc = load_yaml(text)
        assert doc.data is None and () in doc.spans
    assert load_yaml("# c\n").comments[0].text == "c"


def test_multiple_documents_are_refused_at_the_second() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("a: 1\n---\nb: 2\n")
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert "multiple YAML documents" in caught.value.message


def test_empty_documents_around_the_real_one_are_fine() -> None:
    assert load_yaml("---\n# nothing\n---\na: 1\n---\n").data == {"a": 1}


def test_bom_is_ignored() -> None:
    assert load_yaml("\ufeffa: 1\n").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, 2),  # unclosed flow sequence
        ("a: 1\n  b: 2\n", 2, 4),  # bad indentation
        ("servers:\n\tone: 1\n", 2, 1),  # a tab indents
        ("a: 'unterminated\n", 2, 1),
        ("a: *nothing\n", 1, 4),
        ("a: &x [*x]\n", 1, 8),
        ("key: value\n- item\n", 2, 1),
    ],
)
@pytest.mark.parametrize("loader", LOADERS)
def test_broken_yaml_gives_line_and_column(text: str, line: int, column: int, loader: type) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml_with(text, loader)
    assert (caught.value.line, caught.value.column) == (line, column), caught.value.message


def test_control_characters_are_refused_where_they_stand() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("a: 1\nb: x\x07y\n")
    assert (caught.value.line, caught.value.column) == (2, 5)


def test_binary_garbage_is_a_load_error() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 4
    with pytest.raises(LoadError):
        load_yaml(garbage)


def test_deep_flow_nesting_is_refused_at_the_limit() -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("[" * 100_000)
    assert "deeper than" in caught.value.message
    assert (caught.value.line, caught.value.column) == (1, MAX_DEPTH + 1)
    # Parsing all of it takes PyYAML 35 s (C) to 4 min (Python): the error position shows it
    # stopped at the limit instead.


@pytest.mark.parametrize("loader", LOADERS)
def test_deep_block_nesting_is_refused(loader: type) -> None:
    text = "".join(" " * i + "k:\n" for i in range(MAX_DEPTH + 5))
    with pytest.raises(LoadError):
        load_yaml_with(text, loader)
    with pytest.raises(LoadError) as caught:
        load_yaml_with("- " * 100_000 + "x", loader)
    assert (caught.value.line, caught.value.column) == (1, 2 * MAX_DEPTH + 1)


@pytest.mark.parametrize("loader", LOADERS)
def test_nesting_just_under_the_limit_loads(loader: type) -> None:
    depth = MAX_DEPTH - 1
    doc = load_yaml_with("[" * depth + "]" * depth, loader)
    value, levels = doc.data, 0
    while value:
        value, levels = value[0], levels + 1
    assert levels == depth - 1


def test_alias_cannot_nest_past_the_limit() -> None:
    lines = ["a0: &a0 " + "[" * 30 + "x" + "]" * 30]  # each level adds 30: 18 pass 512
    for i in range(1, 25):
        lines.append(f"a{i}: &a{i} " + "[" * 30 + f"*a{i - 1}" + "]" * 30)
    with pytest.raises(LoadError) as caught:
        load_yaml("\n".join(lines) + "\n")
    assert "deeper than" in caught.value.message


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize("loader", LOADERS)
def test_billion_laughs_is_refused_at_an_alias(loader: type) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml_with(BILLION_LAUGHS, loader)
    assert "billion laughs" in caught.value.message
    # b, c, d expand 90 + 819 + 7380 nodes; e's first *d (7381 more) passes 10,000
    assert (caught.value.line, caught.value.column) == (5, 8)


def test_moderate_alias_use_is_allowed() -> None:
    uses = MAX_ALIAS_NODES // 7  # 7 nodes: the mapping, its 2 keys and 2 values, 2 items
    text = "base: &b {command: npx, args: [-y, x]}\n" + "".join(f"s{i}: *b\n" for i in range(uses))
    assert len(load_yaml(text).data) == uses + 1
    with pytest.raises(LoadError):
        load_yaml(text + "one_more: *b\n")


def test_hash_inside_scalars_is_not_a_comment() -> None:
    text = (
        "a: 'x # y'   # one\n"
        'b: "p # q"#two\n'
        "c: plain#text\n"
        "d: >-  # three\n"
        "  folded # content\n"
        "  # still content\n"
        "e: [1, 2] # four\n"
        "  # five\n"
    )
    doc = load_yaml(text)
    assert doc.data["c"] == "plain#text"
    assert doc.data["d"] == "folded # content # still content"
    assert [(c.line, c.text, c.own_line) for c in doc.comments] == [
        (1, "one", False),
        (2, "two", False),
        (4, "three", False),
        (7, "four", False),
        (8, "five", True),
    ]


def test_crlf_text() -> None:
    doc = load_yaml("a: 1\r\nb:\r\n  - x # c\r\n")
    assert doc.data == {"a": 1, "b": ["x"]}
    assert at(doc, ("b", 0)) == (3, 5, 3, 6)
    assert doc.comments[0].text == "c"


def test_columns_count_code_points() -> None:
    doc = load_yaml("name: é😀\nnext: x\nk: 'ü'\n")
    assert at(doc, ("name",)) == (1, 7, 1, 9)
    assert at(doc, ("k",)) == (3, 4, 3, 7)


def test_realistic_5kb_file_loads() -> None:
    text = "mcpServers:\n" + "".join(
        f"  - name: server-{i}  # server {i}\n"
        f"    command: npx\n"
        f"    args: [\"-y\", \"@scope/server-{i}@1.2.3\", \"--port\", \"{8000 + i}\"]\n"
        f"    env:\n"
        f"      API_KEY: \"${{{{ secrets.KEY_{i} }}}}\"\n"
        f"      LOG_LEVEL: debug\n"
        for i in range(30)
    )
    assert 4000 < len(text) < 7000
    load_yaml(text)  # (its speed is measured by bench/run.py, not asserted here)


@pytest.mark.skipif(not corpus_files(".yaml", ".yml"), reason="shared corpus not present")
def test_real_world_yaml_corpus() -> None:
    for path in corpus_files(".yaml", ".yml"):
        text = path.read_text(encoding="utf-8-sig")
        doc = load_yaml(text)
        assert doc.data == plain(yaml.safe_load(text)), path
        check_spans(text, doc)


# --- property tests -----------------------------------------------------------------------

AWKWARD = st.sampled_from(
    ["", " ", "#", " # x", "a#b", "'", '"', "\\", ":", "- x", "{a: 1}", "[1]", "null", "yes",
     "0x1F", "1e3", "~", "&a", "*a", "!tag", "|", ">", "---", "...", "%YAML", "é😀", "\t",
     "line\nline", "trail\n\n", " lead", "\u2028", "\x85"]
)
TEXT = st.one_of(AWKWARD, st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    TEXT,
)
JSONLIKE = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=8,
)
DUMP_OPTIONS = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, True, None]),
        "default_style": st.sampled_from([None, '"', "'", "|", ">"]),
        "allow_unicode": st.booleans(),
        "width": st.sampled_from([12, 80, 10_000]),
        "indent": st.integers(2, 5),
        "explicit_start": st.booleans(),
        "sort_keys": st.booleans(),
    }
)


KEEP_CHOMPING = re.compile(r"[|>][0-9]?\+")
INDENT_INDICATOR = re.compile(r"[|>][+-]?[1-9]")


def without_spaces(value: Any) -> Any:
    return strip_newlines(value, lambda text: text.replace(" ", ""))


def strip_newlines(value: Any, change: Any = lambda text: text.rstrip("\n")) -> Any:
    """Apply ``change`` to every string inside ``value`` (by default: drop final newlines)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: strip_newlines(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_newlines(item, change) for item in value]
    return value


def plain(value: Any) -> Any:
    """What the loader promises for what ``yaml.safe_load`` returns: ISO dates, text keys."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def load_alone(text: str, span: Span) -> tuple[Any, bool]:
    """Load a span's text by itself; and whether it holds a block scalar that keeps newlines.

    The text is indented as it stands, so a block node's first line keeps its indentation,
    and gets a final line break back (a block scalar's span stops before it).
    """
    start, end = span_offsets(text, span)
    piece = text[start:end]
    # YAML's column: "\x85" and "\u2028" break lines too
    column = start - max(text.rfind(char, 0, start) for char in "\n\r\x85\u2028\u2029") - 1
    loaded = yaml.load(" " * column + piece + "\n", Loader=FAST_SAFE_LOADER)
    return plain(loaded), bool(KEEP_CHOMPING.search(piece))


def check_spans(text: str, doc: Document) -> None:
    """Every value and key has a span, and that span's text, loaded alone, gives it back."""
    pointers = [pointer for pointer, _ in walk(doc.data)]
    assert set(doc.spans) == set(pointers)
    assert set(doc.key_spans) == {p for p in pointers if p and isinstance(p[-1], str)}
    for pointer, value in walk(doc.data):
        span = doc.spans[pointer]
        piece = span_text(text, span)
        if piece.startswith("*"):
            continue  # an alias: its own text only names the value
        if piece == "":
            assert value is None, pointer  # an empty node is null
            continue
        loaded, keeps = load_alone(text, span)
        if keeps:  # "|+" keeps line breaks that lie past the span
            loaded, value = strip_newlines(loaded), strip_newlines(value)
        if INDENT_INDICATOR.search(piece):  # "|2": relative to a parent the slice lacks
            loaded, value = without_spaces(loaded), without_spaces(value)
        if not (isinstance(value, float) and math.isnan(value)):
            assert loaded == value, (pointer, piece)
        if pointer and isinstance(pointer[-1], str):
            key_span = doc.key_spans[pointer]
            key, keeps = load_alone(text, key_span) if span_text(text, key_span) else ("", False)
            name = pointer[-1]
            if keeps:
                key, name = strip_newlines(key), strip_newlines(name)
            assert key == name or span_text(text, key_span) == name, (pointer, key_span)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSONLIKE, options=DUMP_OPTIONS)
def test_dumped_documents_load_back_with_exact_spans(value: Any, options: dict) -> None:
    text = yaml.safe_dump(value, **options)
    doc = load_yaml(text)
    assert doc.data == value or doc.data == yaml.safe_load(text)  # PyYAML folds "\x85"
    check_spans(text, doc)
    assert all(load_yaml_with(text, loader) == doc for loader in LOADERS)


def comments_by_tokens(text: str, loader: type = FAST_SAFE_LOADER) -> list[tuple[int, int]]:
    """Oracle: where comments start as PyYAML's scanner sees them, a ``#`` no token covers."""
    starts, ends, found = [], [], []
    if text.startswith("\ufeff"):  # a second BOM: libyaml's marks leave it out (the loader uses PyYAML's)
        loader = yaml.SafeLoader
    for token in yaml.scan(text, Loader=loader):
        start, end = token.start_mark.index, token.end_mark.index
        if end > start:
            starts.append(start)
            ends.append(end)
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                header = re.match(r"[|>][0-9+-]*[ \t]+#", text[start:].split("\n")[0])
                if header:
                    found.append(start + header.end() - 1)
    pos = text.find("#")
    while pos >= 0:
        inside = [end for start, end in zip(starts, ends) if start <= pos < end]
        if inside:
            pos = text.find("#", inside[0])
            continue
        found.append(pos)
        line_end = re.compile("[\n\r\x85\u2028\u2029]").search(text, pos)  # YAML breaks
        pos = -1 if line_end is None else text.find("#", line_end.start())
    positions = []
    for offset in sorted(found):
        line = text.count("\n", 0, offset) + 1
        positions.append((line, offset - (text.rfind("\n", 0, offset) + 1) + 1))
    return positions


COMMENT_TEXT = st.sampled_from(["# c", " # c", "  #  c # d", " #", "#!x", ' # "q', " # 'q"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSONLIKE, options=DUMP_OPTIONS, data=st.data())
def test_comments_match_the_scanner(value: Any, options: dict, data: st.DataObject) -> None:
    """Comments added anywhere in a dump (even inside block scalars) are found as PyYAML does."""
    lines = yaml.dump(value, Dumper=FAST_SAFE_DUMPER, **options).split("\n")
    for _ in range(data.draw(st.integers(0, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        comment = data.draw(COMMENT_TEXT)
        if data.draw(st.booleans()):
            lines[index] += comment
        else:
            lines.insert(index, " " * data.draw(st.integers(0, 6)) + comment.lstrip())
    text = "\n".join(lines)
    try:
        doc = load_yaml(text)
    except LoadError:
        return
    assert [(c.line, c.column) for c in doc.comments] == comments_by_tokens(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]{}:,-?#&*!|>'\"\n \tab01.%@`~\\\x85\ufeff", max_size=40))
@example("\ufeff\ufeffa#")  # a doubled BOM: libyaml's marks skip the second one, PyYAML's count it
@example("\ufeff\ufeff\n-#")
def test_yaml_like_text_only_ever_raises_load_error(text: str) -> None:
    for loader in LOADERS:
        try:
            doc = load_yaml_with(text, loader)
        except LoadError as error:
            assert error.line >= 1 and error.column >= 1
        else:
            expected = comments_by_tokens(doc.text, loader)  # doc.text: without a BOM
            assert [(c.line, c.column) for c in doc.comments] == expected


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_raise_load_error(data: bytes) -> None:
    for text in (data.decode("latin-1"), data.decode("utf-8", "replace")):
        try:
            load_yaml(text)
        except LoadError:
            pass


# ------------------------------------------------------------------------------ control characters, remembered scalars

@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=0x9F, exclude_characters="\n\r\x85"), max_size=40))
def test_a_control_character_is_refused_at_its_place_and_nothing_else_is(text: str) -> None:
    """Below U+00A0 YAML allows tab, the line breaks and U+0020 to U+007E (here in a comment)."""
    bad = [i for i, char in enumerate(text) if not (char == "\t" or " " <= char <= "~")]
    if bad:
        with pytest.raises(LoadError, match=f"U\\+{ord(text[bad[0]]):04X} is not allowed in YAML") as info:
            load_yaml(f"a: 1\n# {text}\n")
        assert (info.value.line, info.value.column) == (2, bad[0] + 3)
    else:
        assert load_yaml(f"a: 1\n# {text}\n").data == {"a": 1}


def test_a_control_character_in_ascii_text_is_refused_at_its_place() -> None:
    for bad in ("\x7f", "\x00", "\x0b", "\x1b"):
        with pytest.raises(LoadError, match="not allowed in YAML") as info:
            load_yaml(f"a: 1\nb: x{bad}y\n")
        assert (info.value.line, info.value.column) == (2, 5)


def test_remembered_plain_scalars_give_the_same_values() -> None:
    text = "a: yes\nb: 0x1F\nc: ~\nd: 2001-12-14\ne: .nan\nf: <<\ng: plain\nh: 1.5\n"
    first, second = load_yaml(text), load_yaml(text)  # the second reads remembered scalars
    assert repr(first.data) == repr(second.data)
    assert [type(v) for v in first.data.values()] == [type(v) for v in second.data.values()]
