"""File fact ``strict_json``: JSONC in a file whose own client reads strict JSON.

mcplint reads every ``.json`` file tolerantly (comments, trailing commas), but Claude Desktop,
Claude Code, Cursor and the other clients the catalog lists with ``"format": "json"`` parse
their config with a strict JSON parser: one ``//`` comment or trailing comma and the client
fails to load the file — every server in it is gone, with an error the user may never see.
Rule MCP004 reports each such comment and comma. An inline ``// mcplint: ignore`` in such a
file is one of them: it is reported, and the filter stage does not honour it.
"""

from __future__ import annotations

import re
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.clients import strict_json_client
from mcplint.load.positions import Positions
from mcplint.model import Item

_TOKENS = lazy_compile(r'"(?:[^"\\]|\\.)*"|//[^\r\n]*|/\*[\s\S]*?\*/|(,)(?=(?:\s|//[^\r\n]*|/\*[\s\S]*?\*/)*[\]}])')
"""Strings and comments (passed over), and commas before a closing bracket: trailing commas."""
_MAYBE_TRAILING = lazy_compile(r",\s*[\]}]")
"""A cheap pre-check for trailing commas (a false alarm in a string only costs the exact scan)."""
_DIRECTIVE = lazy_compile(r"^\s*mcplint\s*:", re.I)


class StrictJsonProblem(Item):
    what: str
    """``a comment``, ``a trailing comma`` or ``an inline mcplint comment``."""
    client: str
    """The client's display name."""
    line: int
    column: int
    pointer: None = None


def analyze_file(file: Any) -> tuple[StrictJsonProblem, ...]:
    if file.format != "json" or file.errors or not file.text:
        return ()
    client = strict_json_client(file.client, file.path)
    if client is None:
        return ()
    text = file.text
    if not file.comments and not _MAYBE_TRAILING.search(text):
        return ()  # the common case: the loader found no comment, and no comma precedes a bracket
    positions = Positions(text, lazy=True)
    found: list[StrictJsonProblem] = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token.startswith('"'):
            continue
        if match.group(1) is not None:
            what = "a trailing comma"
        elif _DIRECTIVE.match(token[2:]):
            what = "an inline mcplint comment (not honoured: the client cannot load the file)"
        else:
            what = "a comment"
        found.append(StrictJsonProblem(what, client.name, *positions.at(match.start())))
    return tuple(found)
