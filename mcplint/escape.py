"""Config-controlled text made safe for a terminal and for a CI log.

A server name, env key, policy reason, file name, message or source line comes from a file that
anyone may have written: printed raw, an ESC sequence can erase the line above ("No findings"),
a carriage return can overwrite it, a bidi override can make ``evil`` read as ``live``, and a
line starting with ``::`` is a GitHub Actions workflow command. Every such string passes through
``printable`` before it reaches a terminal or a log, so the reader sees the characters that are
really there (``\\x1b``, ``\\u202e``, ``\\n``) instead of their effect; every finished output line
of a human-readable reporter passes through ``safe_line``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mcplint._lazyre import lazy_compile

UNSAFE = lazy_compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
"""C0 (tab and line breaks included: a name never needs one), DEL, C1, the bidi marks,
embeddings, overrides and isolates, line/paragraph separators, BOM, interlinear annotations
and lone surrogates (which cannot be encoded and would crash a UTF-8 stream). The one definition:
the HTML report shows the same characters as escapes, in its own form."""
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_WORKFLOW_COMMAND = lazy_compile(r"^(\s*):")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def cells(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(char_cells(c) for c in text)


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def printable(text: str) -> str:
    """``text`` with every control, bidi and separator character shown as a visible escape."""
    if text.isascii() and text.isprintable():  # the common case: one C-speed check
        return text
    return UNSAFE.sub(_escape, text)


def safe_line(line: str) -> str:
    """One finished output line that cannot be read as a GitHub workflow command: the runner
    trims a line before looking for ``::``, so a leading colon (after any blanks) is escaped."""
    if line.lstrip().startswith("::"):
        return _WORKFLOW_COMMAND.sub(lambda m: m.group(1) + "\\x3a", line, count=1)
    return line
