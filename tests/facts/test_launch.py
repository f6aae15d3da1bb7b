"""The ``launch`` fact (MCP405): a server started from a temporary or download folder."""

from __future__ import annotations

import pytest
from helpers import facts_of

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


def _places(entry: dict) -> list[tuple[str, str, tuple]]:
    return [(p.where, p.path, p.pointer[2:]) for p in facts_of(entry)["launch"]]


def test_command_folder_flags_and_scripts_are_each_read() -> None:
    assert _places({"command": "/tmp/bin/server", "cwd": "/tmp/w",
                    "args": ["--directory", "/tmp/srv", "--cwd=/tmp/x", "/tmp/x.js", "~/Downloads/a.py", "/tmp/data"]}) == [
        ("command", "/tmp/bin/server", ("command",)), ("cwd", "/tmp/w", ("cwd",)),
        ("--directory", "/tmp/srv", ("args", 1)), ("--cwd", "/tmp/x", ("args", 2)),
        ("argument 4", "/tmp/x.js", ("args", 3)), ("argument 5", "~/Downloads/a.py", ("args", 4)),
    ]  # /tmp/data is neither a script nor an interpreter's first argument


def test_an_interpreters_first_argument_is_its_script_and_a_path_is_reported_once() -> None:
    assert _places({"command": "python", "args": ["/tmp/run", "/tmp/y.py", "/tmp/data"]}) == [
        ("argument 1", "/tmp/run", ("args", 0)), ("argument 2", "/tmp/y.py", ("args", 1))]
    assert _places({"command": "node", "args": ["-C", "/tmp/srv", "/tmp/srv"]}) == [("-C", "/tmp/srv", ("args", 1))]
    assert _places({"command": "C:\\Temp\\s.exe", "args": ["--directory"]}) == [("command", "C:\\Temp\\s.exe", ("command",))]


def test_a_remote_server_has_no_arguments_to_read() -> None:
    assert _places({"url": "http://0.0.0.0:8080/mcp", "args": ["/tmp/x.js"]}) == []
