"""The ``secrets`` and ``placeholders`` facts: light records, and memoized scanning stays per server.

Both facts run for every server of every file. Their records are NamedTuples (``dataclasses``
stays out of the start-up), and the detector memoizes per distinct value, so these tests check
that two servers with the same values each get their own places and pointers.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

from secret_formats import base62

from mcplint.facts import FactContext, Facts
from mcplint.facts.placeholders import Placeholder
from mcplint.facts.secrets import SecretFact
from mcplint.model import Server, SourceFile
from mcplint.normalize import server_from_entry

from helpers import PACKAGE_ROOT  # noqa: E402

SRC = str(PACKAGE_ROOT)
_BODY = "R8x2kQ7vN4mZ1pL6wT9yB3cF5hJ0sD"
TOKEN = "gh" + "p_" + _BODY + base62(zlib.crc32(_BODY.encode()))  # a valid checksum: a live-shaped token


def facts(entry: dict[str, Any], name: str, client: str = "generic") -> Facts:
    server: Server = server_from_entry(name, entry, ("mcpServers", name), client, "f.json")
    return Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), client))  # type: ignore[arg-type]


def test_secret_and_placeholder_modules_do_not_import_dataclasses() -> None:
    code = (
        "import sys\n"
        "import mcplint.secrets, mcplint.secrets.detect, mcplint.facts.secrets, mcplint.facts.placeholders\n"
        "from mcplint.secrets import scan_args, scan_value\n"
        "scan_args(['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', './docs'])\n"
        "scan_value('${env:TOKEN}', placement='env', name='TOKEN')\n"
        "print('dataclasses' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "False"


def test_records_are_named_tuples_that_pickle() -> None:
    for record in (SecretFact, Placeholder):
        assert issubclass(record, tuple) and hasattr(record, "_fields")
    entry = {"command": "npx", "args": ["-y", "x-mcp@1.0.0"], "env": {"GITHUB_TOKEN": TOKEN}}
    found = facts(entry, "a")["secrets"]
    assert len(found) == 1 and found[0].where == "env GITHUB_TOKEN" and not found[0].in_url
    assert pickle.loads(pickle.dumps(found)) == found
    assert TOKEN not in repr(found)


def test_same_secret_in_two_servers_gets_each_servers_pointer() -> None:
    entry = {"command": "npx", "args": ["-y", "x-mcp@1.0.0", "--token", TOKEN], "env": {"GITHUB_TOKEN": TOKEN}}
    first, second = facts(entry, "a")["secrets"], facts(entry, "b")["secrets"]
    assert [f.where for f in first] == ["env GITHUB_TOKEN", "argument 4"]
    assert [f.pointer for f in first] == [("mcpServers", "a", "env", "GITHUB_TOKEN"), ("mcpServers", "a", "args", 3)]
    assert [f.pointer for f in second] == [("mcpServers", "b", "env", "GITHUB_TOKEN"), ("mcpServers", "b", "args", 3)]
    assert [f._replace(pointer=()) for f in first] == [f._replace(pointer=()) for f in second]


def test_placeholders_get_each_servers_place() -> None:
    entry = {
        "command": "bash",
        "args": ["-c", "run $TOKEN", "${env:ROOT}/x"],
        "env": {"API_KEY": "${env:API_KEY}", "PLAIN": "value"},
        "headers": {"Authorization": "Bearer ${input:tok}"},
    }
    first = facts(entry, "a", "claude-code")["placeholders"]
    second = facts(entry, "b", "claude-code")["placeholders"]
    assert [(p.text, p.syntax, p.where) for p in first] == [
        ("${env:ROOT}", "env-colon", "argument 3"),
        ("${env:API_KEY}", "env-colon", "env API_KEY"),
        ("${input:tok}", "input", "header Authorization"),
    ]  # "$TOKEN" is the shell's own (bash -c)
    for server, found in (("a", first), ("b", second)):
        assert [p.pointer for p in found] == [
            ("mcpServers", server, "args", 2),
            ("mcpServers", server, "env", "API_KEY"),
            ("mcpServers", server, "headers", "Authorization"),
        ]
    assert first[0].client == "Claude Code" and first[0].example == "${env:NAME}"
    assert facts(entry, "c", "generic")["placeholders"] == ()  # the generic client: every syntax may expand
