"""Loader for dotenv files (``KEY=value`` lines), the files a config names with ``envFile``.

The Document's data is ``{KEY: value}``; each value's span and key's span are kept so a secret
is reported at its own line and column in the env file. Lines that are not assignments are
skipped, as dotenv readers (VS Code's included) skip them: a stray line does not stop the
client from reading the rest, so it must not stop the scan either.
"""

from __future__ import annotations

from mcplint._lazyre import lazy_compile
from mcplint.model import Document, Span

_LINE = lazy_compile(r"^(?P<lead>[ \t]*(?:export[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*(?P<value>.*?)[ \t\r]*$")
_COMMENT = lazy_compile(r"[ \t]+#.*$")


def _unquoted(raw: str) -> tuple[str, int, int]:
    """(value, start, end) inside ``raw``: quotes removed, a trailing `` # comment`` dropped."""
    if len(raw) >= 2 and raw[0] in "\"'`":
        end = raw.find(raw[0], 1)
        if end > 0:
            value = raw[1:end]
            if raw[0] == '"':
                value = value.replace("\\n", "\n")
            return value, 1, end
    value = _COMMENT.sub("", raw)
    return value, 0, len(value)


def load_dotenv(text: str) -> Document:
    data: dict[str, str] = {}
    spans: dict[tuple[str], Span] = {}
    key_spans: dict[tuple[str], Span] = {}
    duplicates: list[tuple[str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        key = match["key"]
        value, start, end = _unquoted(match["value"])
        base = match.start("value")
        pointer = (key,)
        if key in data:
            duplicates.append(pointer)
        data[key] = value
        key_column = match.start("key") + 1
        key_spans[pointer] = Span(number, key_column, number, key_column + len(key))
        spans[pointer] = Span(number, base + start + 1, number, base + max(end, start) + 1)
    return Document(data, spans, key_spans, [], duplicates, text)
