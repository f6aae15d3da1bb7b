"""The data files mcplint ships (client and server catalogs, schemas, advisories), read by name.

One reader for all of them, so every catalog is found the same way: beside this module (no
path resolution: ``__file__`` is absolute), or through ``importlib.resources`` when mcplint runs
from a zip archive.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent


def read_text(name: str) -> str:
    """The text of a shipped data file: ``clients.json``, ``schemas/index.json``."""
    try:
        return (FOLDER / name).read_text(encoding="utf-8")
    except OSError:  # a zipped install
        from importlib import resources

        return resources.files("mcplint").joinpath("data", *name.split("/")).read_text(encoding="utf-8")
