"""Source lines as the reports show them: the key a masked value stands after."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mcplint.report.source import key_before

KEY_BEFORE = re.compile(r'["\']?([\w.@/-]+)["\']?\s*[:=]\s*$')
"""What a key before a value is: a word, quoted or not, then ``:`` or ``=``, then only blanks."""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(['"', "'", "key", "a.b", "@x/y-z", " ", "\t", ":", "=", "é", ",", "{", "\n"]),
                max_size=12).map("".join), st.data())
def test_the_key_before_a_value_is_the_word_before_its_colon_or_equals_sign(line: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(0, len(line)))
    found = KEY_BEFORE.search(line[:end])
    assert key_before(line[::-1], end) == (found.group(1) if found else None)
