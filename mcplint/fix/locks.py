"""Versions a repository already locks (package-lock.json, pnpm-lock.yaml, uv.lock, poetry.lock).

``--unsafe-fixes`` pins an unpinned package only to a version the user names (``--pin``) or to
the one version a lock file of the repository holds for it: never a guess. Lock files are read
(size-bounded, parsed with safe loaders), never executed or written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

LOCK_FILES = ("package-lock.json", "pnpm-lock.yaml", "uv.lock", "poetry.lock")
MAX_LOCK_BYTES = 8 << 20
"""Lock files of large monorepos run to megabytes; beyond this one is skipped, not read."""


def _npm(text: str) -> list[tuple[str, str]]:
    data = json.loads(text)
    found = []
    for key, entry in (data.get("packages") or {}).items():
        if key.startswith("node_modules/") and isinstance(entry, dict) and isinstance(entry.get("version"), str):
            found.append(("npm:" + key.rsplit("node_modules/", 1)[1], entry["version"]))
    for name, entry in (data.get("dependencies") or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            found.append(("npm:" + name, entry["version"]))
    return found


def _pnpm(text: str) -> list[tuple[str, str]]:
    import yaml

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found = []
    for importer in ((data or {}).get("importers") or {}).values():
        for group in ("dependencies", "devDependencies"):
            for name, entry in ((importer or {}).get(group) or {}).items():
                version = entry.get("version") if isinstance(entry, dict) else entry
                if isinstance(version, str):
                    found.append(("npm:" + name, version.split("(", 1)[0]))
    return found


def _toml_packages(text: str) -> list[tuple[str, str]]:
    import tomllib

    data = tomllib.loads(text)
    return [("pypi:" + re.sub(r"[-_.]+", "-", p["name"]).lower(), p["version"]) for p in data.get("package") or []
            if isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("version"), str)]


_PARSERS = {"package-lock.json": _npm, "pnpm-lock.yaml": _pnpm, "uv.lock": _toml_packages, "poetry.lock": _toml_packages}


def locked_versions(folder: Path, root: Path) -> dict[str, str]:
    """``ecosystem:name`` -> version, from the lock files in ``folder`` and its parents up to
    ``root``; a name locked at two different versions is left out (which one runs is unknown)."""
    seen: dict[str, set[str]] = {}
    folder, root = folder.resolve(), root.resolve()
    chain = [folder] + [p for p in folder.parents if p == root or root in p.parents]
    for directory in chain if (folder == root or root in folder.parents) else [folder]:
        for name in LOCK_FILES:
            path = directory / name
            try:
                if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_LOCK_BYTES:
                    continue
                entries = _PARSERS[name](path.read_text(encoding="utf-8"))
            except Exception:  # noqa: BLE001 - an unreadable lock file pins nothing (never a guess)
                continue
            for key, version in entries:
                seen.setdefault(key, set()).add(version)
    return {key: next(iter(versions)) for key, versions in seen.items() if len(versions) == 1}


def pypi_key(name: str) -> str:
    return "pypi:" + re.sub(r"[-_.]+", "-", name).lower()


def lookup(locks: dict[str, Any], ecosystem: str, name: str) -> str | None:
    return locks.get(pypi_key(name) if ecosystem == "pypi" else f"{ecosystem}:{name}")
