"""Config-controlled text made safe for a terminal.

A server name, env key, policy reason or file name comes from a file that anyone may have
written: printed raw, an ESC sequence can erase the line above ("No findings"), a carriage
return can overwrite it, a bidi override can make ``evil`` read as ``live``. Every such string
passes through ``printable`` before it reaches a terminal or a log, so the reader sees the
bytes that are really there (``\\x1b``, ``\\u202e``) instead of their effect.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
"""C0 (tab and line breaks included: a name never needs one), DEL, C1, the bidi marks,
embeddings, overrides and isolates, line/paragraph separators, BOM, interlinear annotations
and lone surrogates (which cannot be encoded and would crash a UTF-8 stream)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, bidi and separator character shown as a visible escape."""
    if text.isascii() and text.isprintable():  # the common case: one C-speed check
        return text
    return _UNSAFE.sub(_escape, text)
