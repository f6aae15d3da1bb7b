"""The parent process's fast paths (discovery, .gitignore, filter, text masking) agree with the
plain definitions they replace."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mcplint import clients
from mcplint.discover import _client_and_format, _client_in, _folders, discover
from mcplint.gitignore import GitIgnore, parse_line
from mcplint.model import Comment, Document, Finding, Report
from mcplint.report.source import key_before as _key_before
from mcplint.suppress import directives

# --- discovery: client matching by folder classes ---------------------------------------------

_SEGMENTS = sorted({seg for segs, _ in clients.project_matchers() for seg in segs if "*" not in seg}
                   | {"x", "sub", "a.code-workspace", "extensions", "ext1", "mcp.yaml", "settings"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SEGMENTS), min_size=1, max_size=6))
def test_client_matching_by_folder_classes_agrees_with_the_catalog(parts: list[str]) -> None:
    relative = "/".join(parts)
    expected = clients.match_project_path(relative)
    assert _client_in(_folders(parts[:-1]), parts[-1]) is expected
    known = _client_and_format(_folders(parts[:-1]), parts[-1])
    assert known == ((expected.id, clients.format_for(expected, parts[-1])) if expected else None)


def test_walk_finds_what_the_catalog_names(tmp_path: Path) -> None:
    rng = random.Random(7)
    paths = {"/".join(rng.choice(_SEGMENTS) for _ in range(rng.randint(1, 5))) for _ in range(300)}
    for relative in sorted(paths):
        target = tmp_path / relative
        if any(parent.is_file() for parent in target.parents):
            continue
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{}")
    found, _ = discover([str(tmp_path)], tmp_path)
    by_display = {source.display: source for source in found}
    for path in tmp_path.rglob("*"):
        relative = path.relative_to(tmp_path).as_posix()
        client = clients.match_project_path(relative)
        if client is not None:
            assert by_display[relative].client == client.id, relative
        elif relative in by_display:
            assert by_display[relative].client is None, relative


def test_one_path_or_several_give_the_same_files(tmp_path: Path) -> None:
    for relative in (".mcp.json", "a/.vscode/mcp.json", "a/b/.cursor/mcp.json"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("{}")
    alone, _ = discover(["."], tmp_path)
    twice, _ = discover([".", "a"], tmp_path)
    assert [s.display for s in alone] == [s.display for s in twice] == [".mcp.json", "a/.vscode/mcp.json",
                                                                      "a/b/.cursor/mcp.json"]


# --- .gitignore: one alternation per file, names matched once ----------------------------------

_GLOB_PARTS = ["a", "b", "log", ".env", "*", "**", "?", "[ab]", "[!a]", "\\*", "/", "!", "#", " "]
_PATH_PARTS = ["a", "b", "log", ".env", "ab", "x.log", "*", "[", "\n", "a b"]


def _patterns(lines: list[str], bases: list[str]) -> GitIgnore:
    ignore = GitIgnore()
    for line, base in zip(lines, bases):
        try:
            pattern = parse_line(line, base)
        except re.error:
            continue
        if pattern is not None:
            ignore.patterns.append(pattern)
    return ignore


@settings(max_examples=400, deadline=None)
@example([("b[!a]a", "")], [("b/a", False)])  # a class can match the slash: not a name-only pattern
@example([("b**a", "a")], [("a/b/x/a", False)])
@example([("*.log", ""), ("!x.log", "a"), ("x.*", "a/b")], [("a/b/x.log", False), ("a/x.log", False)])
@example([("a", "")], [("x\n/a", False)])  # "." stops at a new line
@given(st.lists(st.tuples(st.lists(st.sampled_from(_GLOB_PARTS), min_size=1, max_size=5).map("".join),
                          st.sampled_from(["", "a", "a/b"])), max_size=8),
       st.lists(st.tuples(st.lists(st.sampled_from(_PATH_PARTS), min_size=1, max_size=4).map("/".join),
                          st.booleans()), min_size=1, max_size=8))
def test_gitignore_matching_agrees_with_pattern_by_pattern(patterns: list[tuple[str, str]],
                                                           paths: list[tuple[str, bool]]) -> None:
    ignore = _patterns([line for line, _ in patterns], [base for _, base in patterns])
    for relpath, is_dir in paths:
        expected = ignore._ignored_slowly(relpath, is_dir)
        assert ignore.ignored(relpath, is_dir) == expected, (patterns, relpath, is_dir)
        folder, _, name = relpath.rpartition("/")
        assert ignore.in_folder(folder)(name, is_dir) == expected


def test_gitignore_patterns_added_later_take_part() -> None:
    ignore = _patterns(["*.log"], [""])
    assert ignore.ignored("a/x.log", False)
    ignore.patterns.append(parse_line("!x.log", "a"))  # as a deeper .gitignore met while walking
    assert not ignore.ignored("a/x.log", False)
    assert ignore.ignored("b/x.log", False)


# --- filter and text: cheap tests before the costly ones ---------------------------------------

def test_a_comment_without_the_word_is_no_directive_and_any_case_still_is() -> None:
    text = '{\n  // just a note\n  // MCPlint: Ignore[MCP201] reason\n  "a": 1\n}\n'
    doc = Document(text=text, data={"a": 1}, comments=[Comment(2, 3, "// just a note", True),
                                                       Comment(3, 3, "// MCPlint: Ignore[MCP201] reason", True)])
    found = directives(doc)
    assert [(d.line, d.codes, d.target) for d in found] == [(3, ("MCP201",), 4)]


_KEY_BEFORE = re.compile(r'["\']?([\w.@/-]+)["\']?\s*[:=]\s*$')
"""The definition ``_key_before`` follows: searched in what precedes a value."""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(['"', "'", "key", "a.b", "@x/y-z", " ", "\t", ":", "=", "é", ",", "{", "\n"]),
                max_size=12).map("".join), st.data())
def test_key_before_a_value_agrees_with_the_search_it_replaces(line: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(line)))
    found = _KEY_BEFORE.search(line[:end])
    assert _key_before(line[::-1], end) == (found.group(1) if found else None)


def test_filter_sorts_whatever_order_the_findings_come_in() -> None:
    from types import SimpleNamespace

    from mcplint.filter import apply

    findings = [Finding(f"MCP{100 + i % 7}", "n", ("low", "high", "critical")[i % 3], f"f{i % 5}.json", i % 4 + 1,
                        i % 3 + 1, f"m{i % 2}") for i in range(60)]
    options = SimpleNamespace(config=None, rules={})
    shuffled = findings[:]
    random.Random(3).shuffle(shuffled)
    ordered = apply(Report("1", 5, shuffled, {}), [], options).findings
    assert ordered == apply(Report("1", 5, sorted(findings, key=lambda f: f.message), {}), [], options).findings
    assert [(f.file, f.line, f.column) for f in ordered] == sorted((f.file, f.line, f.column) for f in findings)


def test_a_folder_named_like_a_config_that_cannot_be_listed_is_one_candidate(tmp_path: Path, monkeypatch) -> None:
    import os

    (tmp_path / "a" / ".mcp.json").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    real = os.scandir
    unreadable = {str(tmp_path / "a" / ".mcp.json"), str(tmp_path / "b")}

    def scandir(path):  # as for a folder without read permission (the tests may run as root)
        if str(path) in unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, _ = discover(["."], tmp_path)
    assert [(s.display, s.client) for s in found] == [("a/.mcp.json", "claude-code"), ("b", None)]
