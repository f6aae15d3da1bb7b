"""Shared test helpers: scan a config text as a file, run the CLI in-process or as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typing import Any, Iterator

from mcplint.model import Document, Finding, Pointer
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SARIF_SCHEMA = REPO.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"


def scan_text(tmp_path: Path, config: str, file: str = ".mcp.json", select: list[str] | None = None,
              policy: dict | None = None) -> list[Finding]:
    """Write ``config`` to ``tmp_path/file`` and scan it with every (or the selected) rule.

    ``policy``: a ``[policy]`` table in force (as if read from ``.mcplint.toml``).
    """
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    rules = load_rules()
    if select:
        rules = {rid: r for rid, r in rules.items() if any(rid.startswith(s) for s in select)}
    settings = None
    if policy is not None:
        from mcplint.config import Config

        settings = Config(policy=policy)
    return scan_paths([str(path)], ScanOptions(rules=rules, config=settings), cwd=tmp_path).findings


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None, python_flags: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mcplint ARGS`` as a real process (the way users and pre-commit do).

    With ``python_flags``, leading ``-X ...`` pairs in ``args`` go to the interpreter.
    """
    interpreter: list[str] = []
    if python_flags:
        while len(args) >= 2 and args[0] == "-X":
            interpreter += list(args[:2])
            args = args[2:]
    import mcplint

    # the child must import the same mcplint as this test process (installed, or src/ in a checkout)
    package_root = str(Path(mcplint.__file__).resolve().parent.parent)
    pythonpath = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": pythonpath, **(env or {})}
    return subprocess.run([sys.executable, *interpreter, "-m", "mcplint", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=input, timeout=120)


def walk(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, pointer + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, pointer + (index,))


def at(doc: Document, pointer: Pointer) -> tuple[int, int, int, int]:
    span = doc.spans[pointer]
    return span.line, span.column, span.end_line, span.end_column


def key_at(doc: Document, pointer: Pointer) -> tuple[int, int, int, int]:
    span = doc.key_spans[pointer]
    return span.line, span.column, span.end_line, span.end_column
