"""Config-controlled text made safe for a terminal and for a CI log.

File names, server names, env keys, messages and source lines come from files anyone may have
written. Raw, an ESC sequence can erase the line above (hiding a critical finding), a bidi
override can make a name read backwards, and a line starting with ``::`` is a GitHub Actions
workflow command. Every human-readable reporter passes such text through ``printable`` and
every finished line through ``safe_line``.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidi controls: the overrides and isolates (U+202A–202E, U+2066–2069) and the invisible marks."""
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]")
"""C0, DEL, C1, the Unicode line and paragraph separators (they end a line for some readers)."""
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_WORKFLOW_COMMAND = re.compile(r"^(\s*):")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character (C0, C1, DEL) and bidi control written as an escape
    (``\\x1b``, ``\\u202e``, ``\\n``), so it shows as what it is and does nothing to the terminal."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def safe_line(line: str) -> str:
    """One finished output line that cannot be read as a GitHub workflow command: the runner
    trims a line before looking for ``::``, so a leading colon (after any blanks) is escaped."""
    if line.lstrip().startswith("::"):
        return _WORKFLOW_COMMAND.sub(lambda m: m.group(1) + "\\x3a", line, count=1)
    return line
