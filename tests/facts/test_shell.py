"""The ``shell`` fact: a server started through a shell string, with secrets masked in it."""

from __future__ import annotations

import pytest
from helpers import facts_of


@pytest.mark.parametrize(("entry", "shell"), [
    ({"command": "bash", "args": ["-lc", "exec node x.js"]}, "bash -c"),
    ({"command": "/bin/sh", "args": ["-c", "node x.js"]}, "sh -c"),
    ({"command": "cmd.exe", "args": ["/c", "npm run start && echo done"]}, "cmd /c"),
    ({"command": "pwsh", "args": ["-EncodedCommand", "SQBFAFgA"]}, "pwsh -EncodedCommand"),
    ({"command": "cd /srv/app && node server.js"}, "command line"),
])
def test_shell_strings(entry: dict, shell: str) -> None:
    assert [s.shell for s in facts_of(entry)["shell"]] == [shell]


@pytest.mark.parametrize("entry", [
    {"command": "cmd", "args": ["/c", "npx", "-y", "pkg@1.0.0"]},
    {"command": "cmd", "args": ["/c", "npx", "-y", "pkg@1.0.0", "--ref=<project-ref>"]},
    {"command": "bash", "args": ["scripts/start.sh"]},
    {"command": "C:\\Program Files\\nodejs\\node.exe", "args": ["server.js"]},
    {"command": "npx -y pkg@1.0.0"},
])
def test_not_shell_strings(entry: dict) -> None:
    assert facts_of(entry)["shell"] == ()


def test_secrets_in_shell_strings_are_masked() -> None:
    [found] = facts_of({"command": "bash", "args": ["-c", "API_TOKEN=abcd1234abcd1234abcd1234 node x.js"]})["shell"]
    assert "abcd1234abcd" not in found.script
