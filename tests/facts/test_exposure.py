"""The ``exposure`` fact: a local server told to listen on every interface."""

from __future__ import annotations

from helpers import facts_of


def test_exposure() -> None:
    assert [e.setting for e in facts_of({"command": "x", "args": ["--bind=0.0.0.0:8080"]})["exposure"]] == ["--bind 0.0.0.0:8080"]
    assert facts_of({"command": "x", "env": {"FASTMCP_HOST": "0.0.0.0"}})["exposure"]
    assert not facts_of({"command": "x", "env": {"MYSQL_HOST": "0.0.0.0", "MDB_MCP_HTTP_HOST": "127.0.0.1"}})["exposure"]
    assert facts_of({"command": "x", "env": {"MDB_MCP_HTTP_HOST": "0.0.0.0"}})["exposure"]
    assert not facts_of({"command": "docker", "args": ["run", "-p", "127.0.0.1:80:80", "a/b:1"]})["exposure"]


def test_a_host_flag_is_reported_at_the_flag() -> None:
    found = facts_of({"command": "x", "args": ["--host", "0.0.0.0", "--bind=::", "--port", "0.0.0.0", "--host=127.0.0.1"],
                      "env": {"HOST": "0.0.0.0", "DB_HOST": "0.0.0.0"}})["exposure"]
    assert [(e.where, e.setting, e.pointer[2:]) for e in found] == [
        ("argument 1", "--host 0.0.0.0", ("args", 0)), ("argument 3", "--bind ::", ("args", 2)),
        ("env HOST", "HOST=0.0.0.0", ("env", "HOST"))]  # --port's value and a database's host are no listening address
