"""The ``loader_env`` fact: variables that make the runtime load other code, by severity."""

from __future__ import annotations

from helpers import facts_of


def test_loader_env_severity() -> None:
    def levels(env: dict, **entry) -> list[tuple[str, str]]:
        return [(i.key, i.severity) for i in facts_of({"command": "python", "args": entry.get("args", ["x.py"]), "env": env, **{
            k: v for k, v in entry.items() if k != "args"}})["loader_env"]]
    assert levels({"LD_PRELOAD": "/x.so", "DYLD_INSERT_LIBRARIES": "/y.dylib"}) == [("LD_PRELOAD", "high"), ("DYLD_INSERT_LIBRARIES", "high")]
    assert levels({"NODE_OPTIONS": "--max-old-space-size=4096"}) == []
    assert levels({"NODE_OPTIONS": "-r dotenv/config"}) == [("NODE_OPTIONS", "high")]
    assert levels({"PYTHONPATH": "src:../core"}) == [("PYTHONPATH", "info")]
    assert levels({"PYTHONPATH": "/opt/app"}, args=["/opt/app/src/server.py"]) == [("PYTHONPATH", "info")]
    assert levels({"PYTHONPATH": "/opt/shared"}) == [("PYTHONPATH", "low")]
    assert levels({"PATH": "${PATH}:/usr/local/bin"}) == [("PATH", "info")]
    assert levels({"TEMP": "C:\\t"}) == [("TEMP", "info")]


def test_variable_names_are_matched_in_any_case() -> None:
    found = facts_of({"command": "python", "args": ["x.py"], "env": {
        "ld_preload": "/x.so", "DYLD_X": "/y", "node_options": "--require /x.js", "Path": "/opt/bin:/usr/bin", "tmp": "/t",
        "X": "y"}})["loader_env"]
    assert [(i.key, i.severity, i.pointer[2:]) for i in found] == [
        ("ld_preload", "high", ("env", "ld_preload")), ("DYLD_X", "high", ("env", "DYLD_X")),
        ("node_options", "high", ("env", "node_options")), ("Path", "low", ("env", "Path")), ("tmp", "info", ("env", "tmp"))]
