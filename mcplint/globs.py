"""The configuration's glob patterns, matched against paths and server names.

One matcher for every place a ``.mcplint.toml`` pattern applies: ``exclude`` (discovery,
discover.py), ``per-file-ignores`` and ``per-server-ignores`` (the filter stage, filter.py).

Globs follow ruff: a pattern is matched against the path relative to the configuration file's
folder and against the file name; ``*`` and ``**`` match across ``/``, ``?`` one character,
``[abc]`` a class and ``{a,b}`` alternatives; a leading ``!`` negates (the pattern applies to
every path that does *not* match).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        char = pattern[i]
        if char == "*":
            while i + 1 < n and pattern[i + 1] == "*":
                i += 1
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            close = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "^") else i + 1)
            if close < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:close]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close
        elif char == "{":
            close = pattern.find("}", i)
            if close < 0:
                out.append(re.escape(char))
            else:
                options = pattern[i + 1:close].split(",")
                out.append("(?:" + "|".join(_translate(o) for o in options) + ")")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str, root: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(matcher of the absolute path, matcher of the file name) for a glob."""
    body = pattern.replace("\\", "/")
    while body.startswith("./"):
        body = body[2:]
    if len(body) > 1:
        body = body.rstrip("/")
    if body.startswith("/") or re.match(r"^[A-Za-z]:/", body):
        full = _translate(body)
    else:
        full = re.escape(root.rstrip("/") + "/") + _translate(body)
    return re.compile(full + "\\Z"), re.compile(_translate(body) + "\\Z")


def glob_matches(pattern: str, path: Path, root: Path, parents: bool = False) -> bool:
    """Whether ``pattern`` (relative to ``root``, no ``!``) matches ``path`` or its file name.

    ``parents``: also match the folders above ``path`` (up to ``root``): ``exclude = ["vendor"]``.
    """
    full, name = _compiled(pattern, _posix(root))
    target = _posix(path)
    candidates = [target]
    if parents:
        current = Path(target).parent
        root_text = _posix(root)
        while len(current.as_posix()) > len(root_text) and current.as_posix().startswith(root_text):
            candidates.append(current.as_posix())
            current = current.parent
    return any(full.match(c) or name.match(c.rsplit("/", 1)[-1]) for c in candidates)


def _posix(path: Path | str) -> str:
    return Path(os.path.abspath(path)).as_posix()


def pattern_matches(pattern: str, path: Path, root: Path, parents: bool = False) -> bool:
    """A ``per-file-ignores`` / ``exclude`` key: a glob, or ``!glob`` for every path it does not match."""
    if pattern.startswith("!"):
        return not glob_matches(pattern[1:], path, root, parents)
    return glob_matches(pattern, path, root, parents)


def name_matches(pattern: str, name: str) -> bool:
    """A ``per-server-ignores`` key against a server name (``!`` negates)."""
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    hit = re.compile(_translate(body) + "\\Z").match(name) is not None
    return hit != negated
