"""Values the facts share per server (``facts.common``): worked out once, read by every fact."""

from __future__ import annotations

from typing import Any

from helpers import facts_of

import mcplint.facts.common as common


def test_the_environment_is_worked_out_once_per_server(monkeypatch: Any) -> None:
    calls = []
    real = common.effective_env
    monkeypatch.setattr(common, "effective_env", lambda *a: calls.append(a) or real(*a))
    f = facts_of({"command": "docker", "args": ["run", "-e", "HOST=0.0.0.0", "-e", "PGHOST=db.prod", "img"],
                  "env": {"LD_PRELOAD": "/tmp/x.so", "PGHOST": "db.prod"}})
    for name in ("connections", "exposure", "loader_env", "database", "toolsets"):
        f[name]
    assert len(calls) == 1
    # the environment is the entry's and docker's -e, each where it is written
    assert [(e.where, e.setting) for e in f["exposure"]] == [("docker -e HOST", "HOST=0.0.0.0")]
    assert [i.where for i in f["loader_env"]] == ["env LD_PRELOAD"]
