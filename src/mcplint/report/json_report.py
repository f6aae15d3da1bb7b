"""``--format json``: the stable machine-readable contract (see README, "JSON output")."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterator, TextIO

from mcplint.model import SEVERITIES, Report

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict:
    counts = Counter(f.severity for f in report.findings)
    return {
        "version": report.version,
        "schema_version": SCHEMA_VERSION,
        "files_scanned": report.files_scanned,
        "findings": [f.to_json() for f in report.findings],
        "summary": {
            "total": len(report.findings),
            "by_severity": {s: counts.get(s, 0) for s in reversed(SEVERITIES)},
            "suppressed": len(report.suppressed),
        },
    }


def write(report: Report, out: TextIO) -> None:
    out.write("".join(indented(as_dict(report))))
    out.write("\n")


def indented(value: Any) -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` in pieces (see ``_indented``)."""
    return _indented(value, "\n")


_STRING = json.encoder.encode_basestring  # the C encoder of json.dumps(..., ensure_ascii=False)
_CONSTANTS = {None: "null", True: "true", False: "false"}


def _indented(value: Any, newline: str) -> Iterator[str]:
    """The text of ``json.dumps(value, indent=2, ensure_ascii=False)``, several times faster.

    json's C encoder does not indent, so with ``indent`` every value goes through its pure
    Python encoder; a report of thousands of findings spent more time there than in the scan.
    Strings and numbers here still go through json's own encoders; tests check the text is
    identical to json.dumps for any JSON value.
    """
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        inner = newline + "  "
        yield "{"
        separator = inner
        for key, item in value.items():
            head = separator + _STRING(_key(key)) + ": "
            separator = "," + inner
            text = _scalar(item)
            if text is not None:
                yield head + text
            else:
                yield head
                yield from _indented(item, inner)
        yield newline + "}"
    elif isinstance(value, (list, tuple)):
        if not value:
            yield "[]"
            return
        inner = newline + "  "
        yield "["
        separator = inner
        for item in value:
            text = _scalar(item)
            if text is not None:
                yield separator + text
            else:
                yield separator
                yield from _indented(item, inner)
            separator = "," + inner
        yield newline + "]"
    else:
        text = _scalar(value)
        if text is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        yield text


def _scalar(value: Any) -> str | None:
    """A string, number or constant as json writes it; None for a container (or anything else)."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    if kind is int:
        return int.__repr__(value)
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    return None


def _key(key: Any) -> str:
    """A dict key as json writes it: a string as it is; a number or constant as its JSON text."""
    if isinstance(key, str):
        return key
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return text
