""".gitignore matching: a path is ignored as the last pattern that matches it says, whichever
folder its .gitignore sits in, and patterns met later while walking take part."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mcplint.gitignore import GitIgnore, parse_line

GLOB_PARTS = ["a", "b", "log", ".env", "*", "**", "?", "[ab]", "[!a]", "\\*", "/", "!", "#", " "]
PATH_PARTS = ["a", "b", "log", ".env", "ab", "x.log", "*", "[", "\n", "a b"]


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


def _last_match_decides(ignore: GitIgnore, relpath: str, is_dir: bool) -> bool:
    """git's rule, pattern by pattern: the last pattern that matches the path (below its
    .gitignore's folder, a folder-only pattern only a folder) decides; none: not ignored."""
    result = False
    for pattern in ignore.patterns:
        if pattern.dir_only and not is_dir:
            continue
        if pattern.base and not relpath.startswith(pattern.base + "/"):
            continue
        if pattern.regex.match(relpath[len(pattern.base) + 1:] if pattern.base else relpath):
            result = not pattern.negate
    return result


@settings(max_examples=400, deadline=None)
@example([("b[!a]a", "")], [("b/a", False)])  # a class can match the slash: not a name-only pattern
@example([("b**a", "a")], [("a/b/x/a", False)])
@example([("*.log", ""), ("!x.log", "a"), ("x.*", "a/b")], [("a/b/x.log", False), ("a/x.log", False)])
@example([("a", "")], [("x\n/a", False)])  # "." stops at a new line
@given(st.lists(st.tuples(st.lists(st.sampled_from(GLOB_PARTS), min_size=1, max_size=5).map("".join),
                          st.sampled_from(["", "a", "a/b"])), max_size=8),
       st.lists(st.tuples(st.lists(st.sampled_from(PATH_PARTS), min_size=1, max_size=4).map("/".join),
                          st.booleans()), min_size=1, max_size=8))
def test_a_path_is_ignored_as_the_last_pattern_that_matches_it_says(patterns: list[tuple[str, str]],
                                                                   paths: list[tuple[str, bool]]) -> None:
    ignore = _patterns([line for line, _ in patterns], [base for _, base in patterns])
    for relpath, is_dir in paths:
        expected = _last_match_decides(ignore, relpath, is_dir)
        assert ignore.ignored(relpath, is_dir) == expected, (patterns, relpath, is_dir)
        folder, _, name = relpath.rpartition("/")
        assert ignore.in_folder(folder)(name, is_dir) == expected


def test_gitignore_patterns_added_later_take_part() -> None:
    ignore = _patterns(["*.log"], [""])
    assert ignore.ignored("a/x.log", False)
    ignore.patterns.append(parse_line("!x.log", "a"))  # as a deeper .gitignore met while walking
    assert not ignore.ignored("a/x.log", False)
    assert ignore.ignored("b/x.log", False)
