"""Shared test helpers: scan a config text as a file, run the CLI in-process or as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mcplint.model import Finding
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SARIF_SCHEMA = REPO.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"


def scan_text(tmp_path: Path, config: str, file: str = ".mcp.json", select: list[str] | None = None) -> list[Finding]:
    """Write ``config`` to ``tmp_path/file`` and scan it with every (or the selected) rule."""
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    rules = load_rules()
    if select:
        rules = {rid: r for rid, r in rules.items() if any(rid.startswith(s) for s in select)}
    return scan_paths([str(path)], ScanOptions(rules=rules), cwd=tmp_path).findings


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mcplint ARGS`` as a real process (the way users and pre-commit do)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mcplint", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=input, timeout=120)
