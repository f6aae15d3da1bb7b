"""The facts package: a fact is looked up by name and computed on demand, a third-party analyzer
replaces a built-in one, and every fact record is a light ``NamedTuple`` (a frozen dataclass costs
~1.5 ms to define and pulls ``dataclasses`` and ``inspect`` into the start-up)."""

from __future__ import annotations

import importlib

import pytest
from helpers import facts_of, run_python


MODULES = ("approval", "approval_settings", "auth", "common", "connections", "container", "database", "exposure",
           "filesystem", "known", "launch", "loader_env", "package", "policy", "reputation", "shell", "tls",
           "tls_verify", "toolsets", "transport")


def test_fact_modules_do_not_import_dataclasses() -> None:
    code = ("import sys\n"
            f"for m in {MODULES!r}: __import__('mcplint.facts.' + m)\n"
            "print('dataclasses' in sys.modules)")
    out = run_python("-c", code, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("module", MODULES)
def test_records_are_named_tuples(module: str) -> None:
    mod = importlib.import_module(f"mcplint.facts.{module}")
    records = [v for v in vars(mod).values()
               if isinstance(v, type) and v.__module__ == mod.__name__ and hasattr(v, "__annotations__")]
    for record in records:
        assert issubclass(record, tuple) and hasattr(record, "_fields"), record


def test_a_third_party_analyzer_replaces_a_built_in_fact() -> None:
    f = facts_of({"command": "npx", "args": ["-y", "pkg@1.0.0"]}, extra={"package": lambda server, facts: "mine"})
    assert f["package"] == "mine"


def test_an_unknown_or_shared_name_is_no_rule_fact() -> None:
    f = facts_of({"command": "npx"})
    try:
        f["no_such_fact"]
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown fact must raise KeyError")
