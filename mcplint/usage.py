"""Usage errors raised by the core: a run that cannot go on for a reason the user can fix.

The command line prints one line (``mcplint: error: MESSAGE``) and exits 2. Raising them in the
core, not the CLI, keeps the verdict the same for every front end: a path that does not exist
is never turned into a finding that a ``--fail-on`` threshold could pass.
"""

from __future__ import annotations

import os
from pathlib import Path

from mcplint.errors import McplintError


class UsageError(McplintError):
    """A path or option that cannot be used (one line, exit 2)."""


def require_paths(missing: list) -> None:
    """Paths given to scan that do not exist: a usage error, not a finding (fail closed)."""
    if missing:
        names = ", ".join(source.display for source in missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise UsageError(f"{names}: no such file or directory")


def check_output(path: str | os.PathLike[str]) -> None:
    """An output file that can be written: not a folder, its folder exists, writable if it exists."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"output {str(path)!r} is a directory")
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"output {str(path)!r}: folder {folder.as_posix()!r} does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"output {str(path)!r} is not writable")
