"""``--format json``: the stable machine-readable contract (see README, "JSON output")."""

from __future__ import annotations

import functools
import json
from collections import Counter
from typing import Any, Callable, TextIO

from mcplint.report import ReportOptions
from mcplint.model import SEVERITIES, Report

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict:
    counts = Counter(f.severity for f in report.findings)
    return {
        "version": report.version,
        "schema_version": SCHEMA_VERSION,
        "files_scanned": report.files_scanned,
        "findings": [f.to_json() for f in report.findings],
        "rules": rules_json(report),
        "summary": {
            "total": len(report.findings),
            "by_severity": {s: counts.get(s, 0) for s in reversed(SEVERITIES)},
            "suppressed": len(report.suppressed),
        },
        "notes": list(report.notes),
    }


def rules_json(report: Report) -> dict[str, Any]:
    """The rules behind the findings, once each: name, default severity, standards, help."""
    from mcplint.taxonomies import as_json

    out: dict[str, Any] = {}
    for rule_id in sorted({f.rule for f in report.findings}):
        rule = report.rules.get(rule_id)
        if rule is not None:
            out[rule_id] = {"name": rule.name, "severity": rule.severity, "standards": as_json(rule),
                            "help_uri": getattr(rule, "help_uri", None)}
    return out


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    out.write("".join(indented(as_dict(report))))
    out.write("\n")


def indented(value: Any) -> list[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` in pieces (see ``_indented``)."""
    return _indented(value, "\n")


_STRING = json.encoder.encode_basestring  # the C encoder of json.dumps(..., ensure_ascii=False)
_CONSTANTS = {None: "null", True: "true", False: "false"}
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _indented(value: Any, newline: str) -> list[str]:
    """The text of ``json.dumps(value, indent=2, ensure_ascii=False)``, several times faster.

    json's C encoder does not indent, so with ``indent`` every value goes through its pure
    Python encoder; a report of thousands of findings spent more time there than in the scan.
    Here a container of scalars only (a finding, a location) is one call of the C encoder, its
    items separated by a comma and the indented new line; the containers above those are
    walked here. Strings and numbers go through json's own encoders; tests check the text is
    identical to json.dumps for any JSON value.
    """
    text = _text(value, newline)
    if text is not None:
        return [text]
    out: list[str] = []
    _write_nested(value, newline, out)
    return out


def _text(value: Any, newline: str) -> str | None:
    """A scalar, or a container of scalars only, as json writes it on a line indented as
    ``newline``; None for a container holding containers (or a value json cannot write)."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if kind is dict or kind is list or kind is tuple:
        if not value:
            return "{}" if kind is dict else "[]"
        if not _SCALAR_TYPES.issuperset(map(type, value.values() if kind is dict else value)):
            return None
        inner = newline + "  "
        flat = _flat_encoder(inner)(value)  # {"a": 1,<inner>"b": 2}
        return flat[0] + inner + flat[1:-1] + newline + flat[-1]
    return _scalar(value)


def _write_nested(value: Any, newline: str, out: list[str]) -> None:
    """Append the text of a container that ``_text`` does not write."""
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            head = separator + _STRING(key if type(key) is str else _key(key)) + ": "
            text = _STRING(item) if type(item) is str else _text(item, inner)
            if text is None:
                out.append(head)
                _write_nested(item, inner, out)
            else:
                out.append(head + text)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        separator = "[" + inner
        for item in value:
            text = _text(item, inner)
            if text is None:
                out.append(separator)
                _write_nested(item, inner, out)
            else:
                out.append(separator + text)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@functools.lru_cache(maxsize=64)
def _flat_encoder(inner: str) -> Callable[[Any], str]:
    """``json.dumps`` of a container of scalars with each item on a new line indented as ``inner``."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "), check_circular=False)
    make = json.encoder.c_make_encoder
    if make is None:  # no C accelerator: json's own pure Python path
        return encoder.encode
    # what encoder.encode runs, made once instead of at every call
    encode = make(None, encoder.default, _STRING, None, ": ", "," + inner, False, False, True)
    return lambda value: "".join(encode(value, 0))


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
