"""The diff ``scan --diff`` prints and the masking of secrets in it, checked against what they
must mean (a patch that turns one text into the other; no secret left), not against how they
are computed."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mcplint.fix import mask
from mcplint.fix.diff import anchors, unified_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def patch(before: list[str], diff: list[str]) -> list[str]:
    """``before`` with the unified diff applied, every context and removed line checked."""
    assert diff[0].startswith("--- ") and diff[1].startswith("+++ ")
    out: list[str] = []
    at = 0  # lines of ``before`` consumed
    index = 2
    while index < len(diff):
        match = HUNK.match(diff[index].rstrip("\n"))
        assert match, diff[index]
        start, length = int(match.group(1)), int(match.group(2) or 1)
        begin = start - 1 if length else start  # "-3,0": nothing removed, after line 3
        assert begin >= at, "hunks in order, not overlapping"
        out += before[at:begin]
        at = begin
        index += 1
        while index < len(diff) and not diff[index].startswith("@@"):
            kind, line = diff[index][0], diff[index][1:]
            if kind in " -":
                assert before[at] == line, (at, line)
                at += 1
            if kind in " +":
                out.append(line)
            index += 1
    return out + before[at:]


lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "{\n", "}\n", "x\n", "  \"k\": 1,\n"]), max_size=40)
unique = st.lists(st.text("abcdef", min_size=1, max_size=3).map(lambda s: s + "\n"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(lines, unique), st.one_of(lines, unique))
def test_the_diff_is_a_patch_from_before_to_after(before: list[str], after: list[str]) -> None:
    diff = list(unified_diff(before, after, "a/f", "b/f"))
    if before == after:
        assert diff == []
    else:
        assert patch(before, diff) == after


@settings(max_examples=200, deadline=None)
@given(unique, unique)
def test_anchors_are_unique_equal_lines_in_order(a: list[str], b: list[str]) -> None:
    pairs = anchors(a, b)
    assert all(a[i] == b[j] and a.count(a[i]) == 1 and b.count(b[j]) == 1 for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    common = [line for line in a if a.count(line) == 1 and b.count(line) == 1]
    if common:
        assert pairs, "lines unique on both sides give at least one anchor"


def test_a_small_fix_reads_as_difflib_writes_it() -> None:
    before = ['{\n', '  "mcpServers": {\n', '    "gh": {\n', '      "env": {"TOKEN": "********"}\n', '    }\n',
              '  }\n', '}\n']
    after = before[:3] + ['      "env": {"TOKEN": "${env:TOKEN}"}\n'] + before[4:]
    assert list(unified_diff(before, after, "a/x", "b/x")) == list(difflib.unified_diff(before, after, "a/x", "b/x"))


def test_many_evenly_spread_changes_give_one_hunk_run_per_change() -> None:
    """The case difflib's matcher takes quadratic time on: a change in each of many servers."""
    before, after = [], []
    for i in range(3000):
        block = [f'  "s{i}": {{\n', '    "command": "npx",\n', f'    "env": {{"KEY": "secret-{i}"}}\n', "  },\n"]
        before += block
        after += block[:2] + [f'    "env": {{"KEY": "${{env:KEY_{i}}}"}}\n'] + block[3:]
    diff = list(unified_diff(before, after, "a/f", "b/f"))
    assert patch(before, diff) == after
    assert sum(line.startswith("-") and not line.startswith("---") for line in diff) == 3000


secrets = st.sets(st.text("ab01-_", min_size=4, max_size=20), max_size=6)


@settings(max_examples=300, deadline=None)
@given(secrets, st.lists(st.text("ab01-_ x\n", max_size=12), max_size=8), st.data())
def test_mask_leaves_no_secret_and_nothing_else_changed(found: set[str], fillers: list[str], data: st.DataObject) -> None:
    parts = list(fillers)
    for secret in found:
        parts.insert(data.draw(st.integers(0, len(parts))), secret)
    text = "".join(parts)
    masked = mask(text, found)
    for secret in found:
        assert secret not in masked
    if not any(secret in text for secret in found):
        assert masked == text
    # what is left around the asterisks is the text's own, in order
    kept = [piece for piece in masked.split("********") if piece]
    position = 0
    for piece in kept:
        position = text.index(piece, position) + len(piece)


def test_mask_joins_overlapping_secrets_into_one_run() -> None:
    assert mask("id XXabcdYYYY end", {"XXabcd", "abcdYYYY"}) == "id ******** end"
    assert mask("ghp_aaaaaaaaaaaaaaaaaaaa and ghp_aaaaaaaaaaaaaaaaaaab", {"ghp_aaaaaaaaaaaaaaaaaaaa", "ghp_aaaaaaaaaaaaaaaaaaab"}) \
        == "******** and ********"
