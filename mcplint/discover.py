"""Discover stage: paths on the command line (or --machine) -> candidate config files.

A file named explicitly is always read. In a directory, a file is a candidate when its path
is a known client config (the client catalog) or, for other ``.json``/``.jsonc`` files, when a
cheap byte check finds a servers key — so ``package.json`` and friends cost almost nothing.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from operator import attrgetter
from pathlib import Path
from typing import Any

from mcplint._lazyre import lazy_compile
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
_STRONG_KEY = lazy_compile(rb'"(?:mcpServers|context_servers|mcp_servers|mcp\.servers|amp\.mcpServers)"\s*:')
"""A strong marker written as a key (not a word in a string, a pointer in a baseline)."""
WEAK_MARKERS = (b'"servers"',)
"""Keys other JSON files use too: such a file counts only when it really holds servers."""
SNIFF_MAX_BYTES = 4 * 1024 * 1024

MCP_KEYS = ("mcpServers", "mcp_servers", "context_servers", "mcp.servers", "amp.mcpServers")
"""Keys only MCP configs have: positive evidence on their own."""
LAUNCH_FIELDS = ("command", "cmd")


def has_mcp_evidence(data: object, servers: list) -> bool:
    """Whether a file outside the catalog's known paths is an MCP config: an MCP-only key, or a
    server entry with a launch command or a URL with an MCP transport type. An OpenAPI
    ``"servers": [{"url": ...}]``, an ``environments.json`` server map or a catalog of servers
    (``"commands": [...]``) has neither: it is skipped without a finding."""
    if isinstance(data, dict):
        if any(key in data for key in MCP_KEYS):
            return True
        projects = data.get("projects")
        if isinstance(projects, dict) and any(isinstance(p, dict) and "mcpServers" in p for p in projects.values()):
            return True
    return any(_launch_or_transport(server.raw) for server in servers)


def _launch_or_transport(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    if any(isinstance(entry.get(key), (str, list)) and entry.get(key) for key in LAUNCH_FIELDS):
        return True
    kind = entry.get("type", entry.get("transport"))
    # the transport names of MCP server entries: the catalog's (normalize.py reads the same)
    return isinstance(kind, str) and kind.lower() in clients.transports() and any(
        isinstance(entry.get(key), str) for key in ("url", "serverUrl", "httpUrl", "command"))


_DOTENV = lazy_compile(r"^(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env)$")
"""Env-file names (``.env``, ``.env.local``, ``prod.env``) read as dotenv when named on the command line."""


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when inside it (POSIX separators), else absolute."""
    try:
        return path.relative_to(cwd).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _absolute(path: Path, cwd: Path) -> Path:
    return Path(os.path.normpath(cwd / path))


def source_for_file(path: Path, cwd: Path, explicit: bool) -> SourceFile:
    if explicit and ".env" in path.name and _DOTENV.match(path.name):  # `mcplint scan .env`: the env file loader
        return SourceFile(path=path, display=display_path(path, cwd), client="dotenv", format="dotenv", explicit=True)
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
    if any(marker in head for marker in STRONG_MARKERS) and _STRONG_KEY.search(head):
        return "strong"
    if any(marker in head for marker in WEAK_MARKERS):
        return "weak"
    return None


_NAME = attrgetter("name")

@functools.lru_cache(maxsize=4096)
def _tail_depth(name: str) -> int | None:
    """How many last folders the catalog patterns a file named ``name`` may match read; None
    when no pattern ends in that name."""
    patterns = clients.candidates(name)
    return max(len(folders) for folders, _ in patterns) if patterns else None


@functools.lru_cache(maxsize=4096)
def _client_and_format(relpath: str) -> tuple[str, str] | None:
    """(client id, format) of a walked file or folder named like a client config, else None."""
    client = clients.match_project_path(relpath)
    return (client.id, clients.format_for(client, relpath.rpartition("/")[2])) if client is not None else None


def walk(root: Path, cwd: Path) -> list[SourceFile]:
    """Candidate files below ``root``, each once: pruned folders skipped, .gitignore honoured.

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
    slash = os.sep == "/"

    def source(path: str, client: str | None, fmt: str | None, sniffed: bool = False) -> SourceFile:
        display = path[len(cwd_prefix) :] if path.startswith(cwd_prefix) else path
        return SourceFile(Path(path), display if slash else display.replace(os.sep, "/"), client, "project", fmt,
                          False, sniffed)

    # (folder, its path relative to root + "/", whether it is a candidate already)
    stack: list[tuple[str, str, bool]] = [(str(root), "", True)]
    while stack:
        folder, rel, candidate = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError:
            if not candidate:  # a folder that cannot be listed: one MCP001, not a silent gap in the scan
                found.append(source(folder, None, None))
            continue
        if top is not None and rel and any(e.name == ".gitignore" and _is_file(e) for e in entries):
            ignore.add_file(Path(folder) / ".gitignore", (top_prefix + rel).rstrip("/"))
        ignored = ignore.in_folder((top_prefix + rel).rstrip("/")) if top is not None and ignore.patterns else None
        subdirs: list[tuple[str, str, bool]] = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if ignored is not None and ignored(name, is_dir):
                continue
            depth = _tail_depth(name)  # (most names end no catalog pattern: one cached lookup)
            if depth is None:
                known = None
            else:  # matched on the folders the patterns read: a tail alike in many places, cached
                known = _client_and_format("/".join([*rel.split("/")[-1 - depth:-1], name]) if depth else name)
            if known is not None:
                found.append(source(entry.path, *known))
            elif not is_dir and name.endswith(PUBLISHER_TAILS) and (published := _publisher(entry)) is not None:
                found.append(source(entry.path, None, *published))
            elif not is_dir and name.lower().endswith(SNIFF_SUFFIXES) and _is_file(entry):
                strength = _sniff(Path(entry.path))
                if strength:
                    found.append(source(entry.path, None, None, sniffed=strength == "weak"))
            if is_dir and name not in PRUNE:
                subdirs.append((entry.path, rel + name + "/", known is not None))
        stack.extend(reversed(subdirs))
    return found


PUBLISHER_TAILS = ("server.json", "manifest.json", ".mcpb", ".dxt")
"""Names a publisher's files may have (publisher.discovered decides): a cheap first test."""


def _publisher(entry: os.DirEntry[str]) -> tuple[str | None, bool] | None:
    """(format, sniffed) of a registry ``server.json``, MCPB ``manifest.json`` or ``*.mcpb``
    bundle, on positive evidence only (its name, and for JSON files a marker in its head: the
    registry ``$schema`` URL, ``"mcp_config"``)."""
    from mcplint.publisher import discovered

    found = discovered(entry.name)
    if found is None or not _is_file(entry):
        return None
    fmt, marker = found
    if marker is None:
        return fmt, False
    from mcplint.load import read_bytes

    try:
        head = read_bytes(Path(entry.path), SNIFF_MAX_BYTES)
    except LoadError:
        return None
    return (fmt, False) if marker in head else None  # a strong marker: a broken file is an MCP001


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


def excluded_by(path: Path, config: Any) -> str | None:
    """The configuration's ``exclude`` pattern that excludes this file or folder (None: not excluded)."""
    if config is None or not config.exclude:
        return None
    from mcplint.globs import pattern_matches

    return next((p for p in config.exclude if pattern_matches(p, path, config.root, parents=True)), None)


def not_excluded(sources: list[SourceFile], config: Any) -> list[SourceFile]:
    """The discovered files that the configuration's ``exclude`` globs leave in (a folder above a
    file excludes it too)."""
    if config is None or not config.exclude:
        return sources
    return [s for s in sources if excluded_by(s.path, config) is None]


def discover(paths: list[str], cwd: Path) -> tuple[list[SourceFile], list[SourceFile]]:
    """Candidate files for the given paths, in a stable order, each once.

    Returns (files, missing) — missing paths become MCP001 findings, not a crash.
    """
    files: list[SourceFile] = []
    missing: list[SourceFile] = []
    seen: set[Path] = set()
    unique = len(paths) == 1  # one path's candidates are each met once (walk): no need to hash them all
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
        if unique:
            files.extend(candidates)
            continue
        for source in candidates:
            if source.path not in seen:
                seen.add(source.path)
                files.append(source)
    return files, missing
