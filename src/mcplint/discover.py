"""Discover stage: paths on the command line (or --machine) -> candidate config files.

A file named explicitly is always read. In a directory, a file is a candidate when its path
is a known client config (the client catalog) or, for other ``.json``/``.jsonc`` files, when a
cheap byte check finds a servers key — so ``package.json`` and friends cost almost nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from mcplint import clients
from mcplint.gitignore import GitIgnore, for_walk
from mcplint.model import SourceFile

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
    try:
        if path.stat().st_size > SNIFF_MAX_BYTES:
            return None  # a huge JSON file that is not named like an MCP config: not ours
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_MAX_BYTES)
    except OSError:
        return None
    if any(marker in head for marker in STRONG_MARKERS):
        return "strong"
    if any(marker in head for marker in WEAK_MARKERS):
        return "weak"
    return None


def walk(root: Path, cwd: Path) -> list[SourceFile]:
    """Candidate files below ``root``: pruned folders skipped, .gitignore honoured."""
    found: list[SourceFile] = []
    ignore_state = for_walk(root)
    ignore, top = ignore_state if ignore_state else (GitIgnore(), None)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        if top is not None and folder != root:
            ignore.add_file(folder / ".gitignore", folder.relative_to(top).as_posix())
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                continue
            if top is not None and ignore.patterns and ignore.ignored(path.relative_to(top).as_posix(), is_dir):
                continue
            if is_dir:
                if entry.name not in PRUNE:
                    subdirs.append(path)
                continue
            relative = path.relative_to(root).as_posix()
            client = clients.match_project_path(relative)
            if client is not None:
                found.append(SourceFile(path, display_path(path, cwd), client.id, "project",
                                        clients.format_for(client, path)))
            elif is_file and entry.name.lower().endswith(SNIFF_SUFFIXES):
                strength = _sniff(path)
                if strength:
                    found.append(SourceFile(path, display_path(path, cwd), None, "project", None,
                                            sniffed=strength == "weak"))
        stack.extend(reversed(subdirs))
    return found


def discover(paths: list[str], cwd: Path) -> tuple[list[SourceFile], list[SourceFile]]:
    """Candidate files for the given paths, in a stable order, each once.

    Returns (files, missing) — missing paths become MCP001 findings, not a crash.
    """
    files: list[SourceFile] = []
    missing: list[SourceFile] = []
    seen: set[Path] = set()
    for raw in paths:
        path = _absolute(Path(raw), cwd)
        if path.is_dir():
            candidates = walk(path, cwd)
        elif path.exists() or path.is_symlink():
            candidates = [source_for_file(path, cwd, explicit=True)]
        else:
            missing.append(SourceFile(path, display_path(path, cwd), None, "project", None, explicit=True))
            continue
        for source in candidates:
            if source.path not in seen:
                seen.add(source.path)
                files.append(source)
    return files, missing
