"""The ``launch`` fact (MCP405): a server started from a temporary or download folder."""

from __future__ import annotations

import pytest

from mcplint.facts.launch import DIRECTORY_FLAGS, place_of


@pytest.mark.parametrize(("path", "place"), [
    ("/tmp/x/server.js", "a temporary folder"), ("/private/var/folders/ab/T/x", "the macOS temporary folder"),
    ("%TEMP%\\mcp\\x.exe", "a temporary folder"), ("C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe", "the Windows temporary folder"),
    ("~/Downloads/mcp/index.js", "the Downloads folder"), ("/srv/tmp-tools/x.js", None), ("/home/a/downloads-site/x.js", None),
])
def test_launch_places(path: str, place: str | None) -> None:
    assert place_of(path) == place


def test_every_directory_flag_starts_with_a_dash() -> None:
    """The argument loop skips an argument without a leading dash before looking flags up."""
    assert all(flag.startswith("-") for flag in DIRECTORY_FLAGS)
