""".gitignore matching, so a directory scan skips what git skips — without running git.

mcplint promises to start no process, so instead of ``git ls-files`` this reads the
``.gitignore`` files (and ``.git/info/exclude``) itself. Covered: comments, ``!`` negation,
trailing-``/`` directory patterns, anchoring by a slash, ``*``, ``?``, ``[...]`` and ``**``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from mcplint.record import Record, field


class _Pattern(NamedTuple):
    base: str
    """Directory of the .gitignore, relative to the work tree root ('' at the root)."""
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def _translate(glob: str) -> str:
    out, i = [], 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = glob.find("]", i + 1)
            if end < 0:
                out.append(re.escape(char))
                i += 1
            else:
                body = glob[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end + 1
        elif char == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def parse_line(line: str, base: str) -> _Pattern | None:
    line = line.rstrip("\n\r")
    if not line.strip() or line.startswith("#"):
        return None
    line = re.sub(r"(?<!\\)\s+$", "", line)
    negate = line.startswith("!")
    if negate or line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate(line)
    regex = re.compile(("" if anchored else "(?:.*/)?") + body + "$")
    return _Pattern(base, regex, negate, dir_only)


class GitIgnore(Record):
    patterns: list[_Pattern] = field(default_factory=list)

    def add_file(self, path: Path, base: str) -> None:
        from mcplint.load import read_bytes
        from mcplint.model import LoadError

        try:  # never blocks: a FIFO named .gitignore is not opened
            text = read_bytes(path, 1 << 20).decode("utf-8", errors="replace")
        except LoadError:
            return
        for line in text.splitlines():
            pattern = parse_line(line, base)
            if pattern is not None:
                self.patterns.append(pattern)

    def ignored(self, relpath: str, is_dir: bool) -> bool:
        """Whether git would ignore ``relpath`` (POSIX, relative to the work tree root)."""
        result = False
        for pattern in self.patterns:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.base:
                if not relpath.startswith(pattern.base + "/"):
                    continue
                sub = relpath[len(pattern.base) + 1 :]
            else:
                sub = relpath
            if pattern.regex.match(sub):
                result = not pattern.negate
        return result


def work_tree_root(path: Path) -> Path | None:
    """The enclosing git work tree (a folder holding ``.git``), if any."""
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def for_walk(root: Path) -> tuple[GitIgnore, Path] | None:
    """The ignore rules in force at ``root``: the info/exclude file and the .gitignore files
    from the work tree's top down to ``root`` (deeper ones are added while walking)."""
    top = work_tree_root(root)
    if top is None:
        return None
    rules = GitIgnore()
    rules.add_file(top / ".git" / "info" / "exclude", "")
    current = top
    rules.add_file(current / ".gitignore", "")
    for part in root.relative_to(top).parts:
        current = current / part
        rules.add_file(current / ".gitignore", current.relative_to(top).as_posix())
    return rules, top
