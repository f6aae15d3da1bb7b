""".gitignore matching, so a directory scan skips what git skips — without running git.

mcplint promises to start no process, so instead of ``git ls-files`` this reads the
``.gitignore`` files (and ``.git/info/exclude``) itself. Covered: comments, ``!`` negation,
trailing-``/`` directory patterns, anchoring by a slash, ``*``, ``?``, ``[...]`` and ``**``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from mcplint.record import Frozen


class _Pattern(Frozen):
    base: str
    """Directory of the .gitignore, relative to the work tree root ('' at the root)."""
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    name_body: str | None = None
    """For a pattern that can only match a path's last segment, its regex for that segment alone."""


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
    # No slash, no ``**``, no class (``[!a]`` matches a slash): the glob only ever matches a last segment.
    name_only = not anchored and "**" not in line and "[" not in line
    return _Pattern(base, regex, negate, dir_only, body + "$" if name_only else None)


_MAX_SEEN = 4096


class _Alternation(Frozen):
    """Patterns of one .gitignore as one regex ``(p_n)|...|(p_1)``: the first alternative that
    matches is the last matching pattern, the one git obeys — one regex call, not one a pattern."""

    regex: re.Pattern[str]
    by_name: bool
    """Matched against the last segment only (the patterns that cannot match anything else)."""
    negate: tuple[bool, ...]
    """By alternative."""
    position: tuple[int, ...]
    """By alternative: the pattern's place in its file (the later of two hits wins)."""
    seen: dict[str, int | None]
    """For ``by_name``: the answer per name so far (names recur folder after folder), bounded."""

    def hit(self, text: str) -> int | None:
        """The index of the first alternative that matches ``text``, if any."""
        if not self.by_name:
            return _hit(self.regex, text)
        try:
            return self.seen[text]
        except KeyError:
            found = self.seen[text] = _hit(self.regex, text)
            if len(self.seen) > _MAX_SEEN:
                self.seen.clear()
            return found


class _Block(Frozen):
    prefix: str
    """``base + "/"``, or '' at the work tree's top."""
    for_files: tuple[_Alternation, ...]
    for_dirs: tuple[_Alternation, ...]


def _alternations(patterns: list[_Pattern], for_dirs: bool) -> tuple[_Alternation, ...]:
    out = []
    for by_name in (True, False):
        chosen = [(i, p) for i, p in enumerate(patterns)
                  if (p.name_body is not None) == by_name and (for_dirs or not p.dir_only)][::-1]
        if chosen:
            texts = (p.name_body if by_name else p.regex.pattern for _, p in chosen)
            out.append(_Alternation(re.compile("|".join(f"({text})" for text in texts)), by_name,
                                    tuple(p.negate for _, p in chosen), tuple(i for i, _ in chosen), {}))
    return tuple(out)


def _hit(regex: re.Pattern[str], text: str) -> int | None:
    """The index of the first alternative of ``regex`` that matches ``text``, if any."""
    hit = regex.match(text)
    return hit.lastindex - 1 if hit is not None else None  # type: ignore[operator]


def _block(base: str, patterns: list[_Pattern]) -> _Block:
    return _Block(base + "/" if base else "", _alternations(patterns, False), _alternations(patterns, True))


class GitIgnore:
    """The ignore rules met so far (patterns only ever added, in the order git weighs them)."""

    def __init__(self, patterns: list[_Pattern] | None = None) -> None:
        self.patterns: list[_Pattern] = list(patterns or ())
        self._blocks: list[_Block] = []
        self._compiled = 0
        """How many of ``patterns`` are in ``_blocks``."""

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
        folder, _, name = relpath.rpartition("/")
        return self.in_folder(folder)(name, is_dir)

    def in_folder(self, folder: str) -> Callable[[str, bool], bool]:
        """``ignored`` for the entries (name, is a folder) of ``folder`` ('' for the top), with
        the work that depends only on the folder done once, not for each entry."""
        prefix = folder + "/" if folder else ""
        # the blocks whose folder holds this one, last first; with the path from there to here
        blocks = [(block, prefix[len(block.prefix) :]) for block in reversed(self._compile())
                  if prefix.startswith(block.prefix)]

        def ignored(name: str, is_dir: bool) -> bool:
            if "\n" in prefix or "\n" in name:  # ``.`` stops at a newline: name-only matching could differ
                return self._ignored_slowly(prefix + name, is_dir)
            for block, below in blocks:
                best: tuple[int, bool] | None = None  # (position, negate) of the last pattern that matches
                for alt in block.for_dirs if is_dir else block.for_files:
                    group = alt.hit(name if alt.by_name else below + name)
                    if group is not None and (best is None or alt.position[group] > best[0]):
                        best = (alt.position[group], alt.negate[group])
                if best is not None:
                    return not best[1]
            return False

        return ignored

    def _ignored_slowly(self, relpath: str, is_dir: bool) -> bool:
        """``ignored`` pattern by pattern: the last pattern that matches decides."""
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

    def _compile(self) -> list[_Block]:
        """``_blocks`` brought up to date: one block per run of new patterns with the same base."""
        patterns = self.patterns
        start = self._compiled
        while start < len(patterns):
            base = patterns[start].base
            end = start
            while end < len(patterns) and patterns[end].base == base:
                end += 1
            self._blocks.append(_block(base, patterns[start:end]))
            start = end
        self._compiled = start
        return self._blocks


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
