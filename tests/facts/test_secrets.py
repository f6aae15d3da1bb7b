"""The ``secrets`` fact: light records, and memoized scanning stays per server.

The fact runs for every server of every file. Its records (and the ``placeholders`` fact's) are
NamedTuples (``dataclasses`` stays out of the start-up), and the detector memoizes per distinct
value, so these tests check that two servers with the same values each get their own pointers.
"""

from __future__ import annotations

import pickle

from helpers import facts_of, run_python
from secret_formats import checksummed

from mcplint.facts.placeholders import Placeholder
from mcplint.facts.secrets import SecretFact

_BODY = "R8x2kQ7vN4mZ1pL6wT9yB3cF5hJ0sD"
TOKEN = checksummed("gh" + "p_", _BODY)  # a valid checksum: a live-shaped token


def test_secret_and_placeholder_modules_do_not_import_dataclasses() -> None:
    code = (
        "import sys\n"
        "import mcplint.secrets, mcplint.secrets.detect, mcplint.facts.secrets, mcplint.facts.placeholders\n"
        "from mcplint.secrets import scan_args, scan_value\n"
        "scan_args(['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', './docs'])\n"
        "scan_value('${env:TOKEN}', placement='env', name='TOKEN')\n"
        "print('dataclasses' in sys.modules)\n"
    )
    out = run_python("-c", code, check=True).stdout
    assert out.strip() == "False"


def test_records_are_named_tuples_that_pickle() -> None:
    for record in (SecretFact, Placeholder):
        assert issubclass(record, tuple) and hasattr(record, "_fields")
    entry = {"command": "npx", "args": ["-y", "x-mcp@1.0.0"], "env": {"GITHUB_TOKEN": TOKEN}}
    found = facts_of(entry, name="a")["secrets"]
    assert len(found) == 1 and found[0].where == "env GITHUB_TOKEN" and not found[0].in_url
    assert pickle.loads(pickle.dumps(found)) == found
    assert TOKEN not in repr(found)


def test_same_secret_in_two_servers_gets_each_servers_pointer() -> None:
    entry = {"command": "npx", "args": ["-y", "x-mcp@1.0.0", "--token", TOKEN], "env": {"GITHUB_TOKEN": TOKEN}}
    first, second = facts_of(entry, name="a")["secrets"], facts_of(entry, name="b")["secrets"]
    assert [f.where for f in first] == ["env GITHUB_TOKEN", "argument 4"]
    assert [f.pointer for f in first] == [("mcpServers", "a", "env", "GITHUB_TOKEN"), ("mcpServers", "a", "args", 3)]
    assert [f.pointer for f in second] == [("mcpServers", "b", "env", "GITHUB_TOKEN"), ("mcpServers", "b", "args", 3)]
    assert [f._replace(pointer=()) for f in first] == [f._replace(pointer=()) for f in second]


def test_a_secret_is_found_in_every_field_that_can_hold_one() -> None:
    entry = {"command": f"mytool --token {TOKEN}", "args": ["--api-key", TOKEN, f"--token={TOKEN}"],
             "env": {"GITHUB_TOKEN": TOKEN}, "headers": {"Authorization": f"Bearer {TOKEN}"},
             "url": f"https://x.example.com/mcp?token={TOKEN}", "auth": {"token": TOKEN, "nested": {"apiKey": TOKEN}},
             "token": TOKEN, "other": {"token": TOKEN}}
    assert [(s.where, s.pointer[2:]) for s in facts_of(entry)["secrets"]] == [
        ("env GITHUB_TOKEN", ("env", "GITHUB_TOKEN")), ("header Authorization", ("headers", "Authorization")),
        ("url", ("url",)), ("argument 2", ("args", 1)), ("argument 3", ("args", 2)), ("command", ("command",)),
        ("auth token", ("auth", "token")), ("auth apiKey", ("auth", "nested", "apiKey")), ("token", ("token",)),
    ]  # "other" is no credential field: its values are not read
