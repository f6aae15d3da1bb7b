"""Env files a config names (VS Code ``envFile``): found before the scan, scanned as documents.

A stdio server's ``envFile`` (``"${workspaceFolder}/.env"``) hands every ``KEY=value`` of that
file to the server as its environment: the credentials of the config live there instead. When
the file sits in the scanned tree (inside the config's workspace, not ignored by git) it is
loaded with the dotenv loader and scanned as one server-shaped record whose ``env`` is the file
— so MCP101 reports a secret at the env file's own line and column, and MCP103 reports a
committed env file holding credential-named keys with literal values.

Only paths inside the workspace are followed (``${userHome}``, ``~``, ``../..`` and absolute
paths elsewhere are not in the tree), and symbolic links are resolved before that check.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any, Iterator

from mcplint.model import Document, LoadError, Server, SourceFile

ENV_FILE_KEYS = ("envFile", "env_file")
"""Server keys that name an env file (VS Code and the clients sharing its mcp.json shape)."""
ENV_FILE_CLIENTS = frozenset({"vscode", "visual-studio", "cursor", "copilot-cli", "generic", "kiro", "windsurf", "trae"})
"""Clients whose configs are searched for those keys (VS Code documents ``envFile``; the others
use its format or copy it; an unused key costs nothing)."""
CLIENT = "dotenv"
"""The client id of a scanned env file (no catalog entry: nothing is expanded or approved there)."""
_MAX_CONFIG_BYTES = 4 * 1024 * 1024
_WORKSPACE_VARIABLES = ("${workspaceFolder}", "${workspaceRoot}")


def _workspace(config: Path) -> Path:
    """The folder a config's ``${workspaceFolder}`` names: above ``.vscode/``, ``.cursor/``..."""
    folder = config.parent
    return folder.parent if folder.name.startswith(".") else folder


def resolve(value: str, config: Path) -> Path | None:
    """The env file a value names, when it lies inside the config's workspace; else None."""
    workspace = _workspace(config)
    text = value.strip()
    for variable in _WORKSPACE_VARIABLES:
        if text.startswith(variable):
            text = "." + text[len(variable):]
    if not text or "${" in text or text.startswith(("~", "$", "%")):
        return None  # another variable, the home folder: not in the scanned tree
    path = Path(text)
    if not path.is_absolute():
        path = workspace / path
    try:
        real, root = path.resolve(), workspace.resolve()
    except (OSError, RuntimeError):
        return None
    if real != root and root not in real.parents:
        return None
    return real


def ignored(path: Path) -> bool:
    """Whether git ignores the file (False outside a work tree)."""
    from mcplint.gitignore import for_walk

    path = Path(path).resolve()
    found = for_walk(path.parent)
    if found is None:
        return False
    rules, top = found
    return rules.ignored(path.relative_to(top).as_posix(), False)


def _named(data: Any) -> Iterator[str]:
    """Every env-file value below any server container of a parsed config."""
    from mcplint.normalize import find_containers

    for container in find_containers(data):
        node: Any = data
        for key in container.pointer:
            node = node.get(key) if isinstance(node, dict) else None
        entries = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for entry in entries:
            if isinstance(entry, dict):
                for key in ENV_FILE_KEYS:
                    if isinstance(entry.get(key), str):
                        yield entry[key]


def sources(configs: list[SourceFile]) -> list[SourceFile]:
    """The env files the configs name that sit in their workspace and git does not ignore."""
    from mcplint.load import format_for, load_file, read_bytes

    found: dict[Path, SourceFile] = {}
    known = {Path(s.path).resolve() for s in configs if s.format == "dotenv"}
    for config in configs:
        if config.client not in ENV_FILE_CLIENTS:
            continue  # (a file found by content is read once: no second read for a key it rarely has)
        path = Path(config.path)
        try:
            if not any(k.encode() in read_bytes(path, _MAX_CONFIG_BYTES) for k in ENV_FILE_KEYS):
                continue
            doc = load_file(path, config.format or format_for(path), _MAX_CONFIG_BYTES)
        except (LoadError, OSError):
            continue  # the scan itself reports the config's load error
        for value in _named(doc.data):
            env = resolve(value, path)
            if env is None or env in found or env in known or not env.is_file() or ignored(env):
                continue
            display = posixpath.normpath(posixpath.join(posixpath.dirname(config.display),
                                                        os.path.relpath(env, path.parent).replace(os.sep, "/")))
            found[env] = SourceFile(env, display, CLIENT, config.scope, "dotenv")
    return list(found.values())


def server_of(doc: Document, source: SourceFile) -> Server:
    """The env file as one server-shaped record: its variables are the server's ``env``."""
    env = {k: v for k, v in doc.data.items() if isinstance(v, str)}
    return Server(source.display, CLIENT, source.display, (), env=env, paths={"env": ()}, scope=source.scope)
