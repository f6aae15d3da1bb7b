"""Machine discovery: every known user-level (and system-wide) MCP config of one machine.

``mcplint scan --machine`` and ``mcplint inventory --machine`` look where each catalogued client
keeps its user config for one OS convention (data/clients.json, expanded by clients.py). The
target is the live machine by default; ``--home DIR --os NAME`` audits another machine's files
(a copied home directory, a mounted disk image) with that OS's conventions, and ``--root DIR``
says where that machine's system-wide files (``/etc``, ``/Library``, ``%ProgramData%``) are.

Paths are shown ``~/...`` when under the home directory, so a report never repeats the user's
absolute home and stays the same from one machine (or user name) to the next.
"""

from __future__ import annotations

import os
from types import MappingProxyType
from collections.abc import Mapping
from pathlib import Path


from mcplint import clients
from mcplint.model import SourceFile
from mcplint.record import Frozen


class Target(Frozen):
    """The machine whose files are read."""

    os: str
    """``linux``, ``darwin`` or ``windows``: whose path conventions apply."""
    home: Path
    env: Mapping[str, str] = MappingProxyType({})
    """Environment variables that relocate configs (XDG_CONFIG_HOME, APPDATA...); empty under --home."""
    root: Path | None = None
    """Where system-wide files are (``/`` on the live machine); None: system files are skipped."""
    live: bool = True


def _live_root() -> Path:
    if clients.current_os() == "windows":
        return Path((os.environ.get("SystemDrive") or "C:") + "\\")
    return Path("/")


def target(os_name: str | None = None, home: str | os.PathLike[str] | None = None,
           root: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Target:
    """The machine to audit: the live one, or ``home`` read with ``os_name``'s conventions.

    The live environment (``XDG_CONFIG_HOME``, ``APPDATA``, ``CODEX_HOME``...) applies only to the
    live machine's own OS; with ``home`` each variable takes its conventional default below it.
    System-wide locations are read on the live machine, and under ``home`` only with ``root``.
    """
    live_os = clients.current_os()
    os_name = os_name or live_os
    if os_name not in clients.OS_NAMES:
        raise ValueError(f"unknown OS {os_name!r}; expected one of {', '.join(clients.OS_NAMES)}")
    live = home is None
    if env is None:
        env = dict(os.environ) if live and os_name == live_os else {}
    home_path = Path(home).expanduser().resolve() if home is not None else Path.home()
    if root is not None:
        root_path: Path | None = Path(root).expanduser().resolve()
    elif live and os_name == live_os:
        root_path = _live_root()
    else:
        root_path = None
    return Target(os_name, home_path, env, root_path, live)


def display_path(path: Path, target: Target) -> str:
    """``~/.cursor/mcp.json`` under the home directory, the absolute POSIX path otherwise."""
    try:
        relative = path.relative_to(target.home)
    except ValueError:
        return path.as_posix()
    text = relative.as_posix()
    return "~" if text in ("", ".") else "~/" + text


def sources(target: Target) -> list[SourceFile]:
    """Every catalogued user-level config that exists, then the system-wide ones (when in reach)."""
    found = [
        SourceFile(loc.path, display_path(loc.path, target), loc.client.id, "user", loc.format)
        for loc in clients.user_locations(target.os, target.home, target.env)
    ]
    if target.root is not None:
        seen = {s.path for s in found}
        for loc in clients.system_locations(target.os, target.root):
            if loc.path not in seen:
                found.append(SourceFile(loc.path, display_path(loc.path, target), loc.client.id, "system", loc.format))
                seen.add(loc.path)
        from mcplint.client_policy import system_files

        for policy, path in system_files(target.os, target.root):  # managed policies (client_policy.py)
            if path not in seen:
                found.append(SourceFile(path, display_path(path, target), policy.client, "system", policy.format))
                seen.add(path)
    return found


def searched(target: Target) -> list[tuple[str, str, str]]:
    """Every place looked at, as (client id, scope, path pattern): for ``--verbose``."""
    out = [
        (client.id, "user", _tilde(path, target))
        for client, path in clients.searched_locations(target.os, target.home, target.env)
    ]
    if target.root is not None:
        for client in clients.all_clients():
            for pattern in client.system_paths.get(target.os, ()):
                out.append((client.id, "system", clients.system_path(pattern, target.root)))
    return out


def _tilde(path: str, target: Target) -> str:
    return display_path(Path(path), target)


def counts() -> dict[str, tuple[int, int, int]]:
    """Per OS: (clients with a user or system location, user patterns, system patterns)."""
    out: dict[str, tuple[int, int, int]] = {}
    for os_name in clients.OS_NAMES:
        users = systems = 0
        with_any = 0
        for client in clients.all_clients():
            u = len(client.user_paths.get(os_name, ()))
            s = len(client.system_paths.get(os_name, ()))
            users += u
            systems += s
            with_any += bool(u or s)
        out[os_name] = (with_any, users, systems)
    return out


def discover_all(target_: Target | None, paths: list[str], cwd: Path) -> tuple[list[SourceFile], list[SourceFile]]:
    """The machine's configs (when ``target_`` is given) followed by those under ``paths``, each once."""
    from mcplint.discover import discover

    found = sources(target_) if target_ is not None else []
    missing: list[SourceFile] = []
    if paths:
        more, missing = discover(paths, cwd)
        seen = {s.path for s in found}
        found.extend(s for s in more if s.path not in seen)
    return found, missing


def scan_machine(target_: Target, paths: list[str], options: object, cwd: Path | None = None) -> tuple[object, list[SourceFile]]:
    """Run a scan over the machine's configs plus ``paths``; returns (report, sources)."""
    from mcplint.discover import not_excluded
    from mcplint.scan import scan
    from mcplint.usage import require_paths

    found, missing = discover_all(target_, paths, cwd or Path.cwd())
    require_paths(missing)
    found = not_excluded(found, getattr(options, "config", None))
    return scan(found, options)[0], found  # type: ignore[arg-type]


def nothing_found_message(target_: Target, verbose: bool) -> str:
    """The friendly note for a machine without any MCP config (the places looked at with verbose)."""
    places = searched(target_)
    where = "this machine" if target_.live else f"{target_.home.as_posix()} ({target_.os} conventions)"
    lines = [f"no MCP configuration found on {where}: looked in {len(places)} places"
             + ("" if verbose else " (--verbose lists them)")]
    if verbose:
        lines.extend(searched_lines(target_))
    return "\n".join(lines)


def searched_lines(target_: Target, found: "list[SourceFile] | tuple[SourceFile, ...]" = ()) -> list[str]:
    """One line per place looked at, marked ``found`` when a config there was read, else ``absent``."""
    from fnmatch import fnmatchcase

    hits = [(s.client, s.scope, s.display) for s in found]
    lines = []
    for client, scope, path in searched(target_):
        here = any(c == client and sc == scope and fnmatchcase(d, path) for c, sc, d in hits)
        lines.append(f"  {'found' if here else 'absent':<6} {client:<18} {scope:<6} {path}")
    return lines
