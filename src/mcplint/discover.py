"""Discover stage: paths on the command line (or --machine) -> candidate config files.

A file named explicitly is always read. In a directory, a file is a candidate when its path
is a known client config (the client catalog) or, for other ``.json``/``.jsonc`` files, when a
cheap byte check finds a servers key — so ``package.json`` and friends cost almost nothing.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import os
import re
import stat
from operator import attrgetter
from pathlib import Path
from typing import Callable

from mcplint import clients
from mcplint.model import LoadError, SourceFile

PRUNE = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".cache", "dist", "build", "target", ".next",
    ".nuxt", ".gradle", ".terraform", "site-packages", "bower_components", ".eggs", ".direnv",
})
"""Folders never descended into: dependencies, environments, build output, caches."""

SNIFF_SUFFIXES = (".json", ".jsonc")
STRONG_MARKERS = (b"mcpServers", b"context_servers", b"mcp_servers", b"mcp.servers")
"""Keys that only MCP configs use: such a file is reported even when it does not parse."""
WEAK_MARKERS = (b'"servers"',)
"""Keys other JSON files use too: such a file counts only when it really holds servers."""
SNIFF_MAX_BYTES = 4 * 1024 * 1024


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when inside it (POSIX separators), else absolute."""
    try:
        return path.relative_to(cwd).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _absolute(path: Path, cwd: Path) -> Path:
    return Path(os.path.normpath(cwd / path))


def source_for_file(path: Path, cwd: Path, explicit: bool) -> SourceFile:
    client = clients.match_project_path(path.as_posix())
    return SourceFile(
        path=path, display=display_path(path, cwd), client=client.id if client else None,
        scope="project", format=clients.format_for(client, path) if client else None, explicit=explicit,
    )


def _sniff(path: Path) -> str | None:
    """``strong``, ``weak`` or None: how surely a byte check says this is an MCP config."""
    from mcplint.load import read_bytes

    try:
        head = read_bytes(path, SNIFF_MAX_BYTES)  # never blocks: a FIFO is refused unopened
    except LoadError:
        return None  # unreadable, or a huge JSON file not named like an MCP config: not ours
    if any(marker in head for marker in STRONG_MARKERS):
        return "strong"
    if any(marker in head for marker in WEAK_MARKERS):
        return "weak"
    return None


_NAME = attrgetter("name")


@functools.cache
def _by_last_segment() -> tuple[dict[str, list[int]], list[tuple[int, str]]]:
    """Indexes into the catalog's ordered project patterns: by literal last segment, and the globs."""
    literal: dict[str, list[int]] = {}
    globs: list[tuple[int, str]] = []
    for index, (segs, _) in enumerate(clients._project_matchers()):
        last = segs[-1]
        if any(ch in last for ch in "*?["):
            globs.append((index, last))
        else:
            literal.setdefault(last, []).append(index)
    return literal, globs


@functools.lru_cache(maxsize=4096)
def _candidates(name: str) -> tuple[tuple[int, tuple[Callable[[str], object], ...], clients.Client], ...]:
    """The catalog's project patterns whose last segment matches ``name``, in catalog order:
    (segment count, a test for each folder segment, client)."""
    literal, globs = _by_last_segment()
    indexes = sorted([*literal.get(name, ()), *(i for i, glob in globs if fnmatch.fnmatchcase(name, glob))])
    matchers = clients._project_matchers()
    return tuple((len(segs), tuple(map(_segment_test, segs[:-1])), client)
                 for segs, client in (matchers[i] for i in indexes))


@functools.cache
def _segment_test(pattern: str) -> Callable[[str], object]:
    """``fnmatch.fnmatchcase(segment, pattern)`` as one call: equality for a literal pattern."""
    if any(ch in pattern for ch in "*?["):
        return re.compile(fnmatch.translate(pattern)).match
    return pattern.__eq__


def _client_for(relative: str) -> clients.Client | None:
    """``clients.match_project_path`` for a walk's relative path (no '.' or empty segments),
    with the last segment's test done once per file name: the same answer, a tenth the time."""
    parts = relative.split("/")
    depth = len(parts)
    for n, tests, client in _candidates(parts[-1]):
        if n <= depth and all(test(part) for test, part in zip(tests, parts[depth - n : -1])):
            return client
    return None


def walk(root: Path, cwd: Path) -> list[SourceFile]:
    """Candidate files below ``root``: pruned folders skipped, .gitignore honoured.

    A path named like a client config is a candidate whatever it is — a symbolic link loop, a
    FIFO, a directory — so that the load stage gives it a verdict (MCP001) instead of silence;
    so is a folder that cannot be listed. Symbolic links to folders are not followed.
    """
    from mcplint.gitignore import GitIgnore, for_walk  # a directory scan only: not for named files

    found: list[SourceFile] = []
    ignore_state = for_walk(root)
    ignore, top = ignore_state if ignore_state else (GitIgnore(), None)
    top_prefix = ""
    if top is not None and root != top:
        top_prefix = root.relative_to(top).as_posix() + "/"
    cwd_prefix = str(cwd).rstrip(os.sep) + os.sep

    def source(path: str, **fields: object) -> SourceFile:
        display = path[len(cwd_prefix) :] if path.startswith(cwd_prefix) else path
        return SourceFile(Path(path), display.replace(os.sep, "/"), **fields)  # type: ignore[arg-type]

    stack: list[tuple[str, str]] = [(str(root), "")]  # (folder, its path relative to root + "/")
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError:
            if rel:  # a folder that cannot be listed: one MCP001, not a silent gap in the scan
                found.append(source(folder, client=None, scope="project", format=None))
            continue
        if top is not None and rel and any(e.name == ".gitignore" and _is_file(e) for e in entries):
            ignore.add_file(Path(folder) / ".gitignore", (top_prefix + rel).rstrip("/"))
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            name = entry.name
            relative = rel + name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if top is not None and ignore.patterns and ignore.ignored(top_prefix + relative, is_dir):
                continue
            client = _client_for(relative)
            if client is not None:
                found.append(source(entry.path, client=client.id, scope="project",
                                    format=clients.format_for(client, name)))
            elif not is_dir and name.lower().endswith(SNIFF_SUFFIXES) and _is_file(entry):
                strength = _sniff(Path(entry.path))
                if strength:
                    found.append(source(entry.path, client=None, scope="project", format=None,
                                        sniffed=strength == "weak"))
            if is_dir and name not in PRUNE:
                subdirs.append((entry.path, relative + "/"))
        stack.extend(reversed(subdirs))
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a symbolic link loop, a vanished file
        return False


def _kind(path: Path) -> str:
    """``dir``, ``other`` (exists, or is a link: the load stage names what is wrong) or ``missing``."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            return "missing"
        return "other"  # a loop, a broken link, no permission: a verdict from the load stage
    return "dir" if stat.S_ISDIR(info.st_mode) else "other"


def discover(paths: list[str], cwd: Path) -> tuple[list[SourceFile], list[SourceFile]]:
    """Candidate files for the given paths, in a stable order, each once.

    Returns (files, missing) — missing paths become MCP001 findings, not a crash.
    """
    files: list[SourceFile] = []
    missing: list[SourceFile] = []
    seen: set[Path] = set()
    for raw in paths:
        path = _absolute(Path(raw), cwd)
        kind = _kind(path)
        if kind == "dir":
            candidates = walk(path, cwd)
            if clients.match_project_path(path.as_posix()) is not None:  # a folder named .mcp.json
                candidates.insert(0, source_for_file(path, cwd, explicit=True))
        elif kind == "other":
            candidates = [source_for_file(path, cwd, explicit=True)]
        else:
            missing.append(SourceFile(path, display_path(path, cwd), None, "project", None, explicit=True))
            continue
        for source in candidates:
            if source.path not in seen:
                seen.add(source.path)
                files.append(source)
    return files, missing
