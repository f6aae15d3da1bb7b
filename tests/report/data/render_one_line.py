"""Render the text report of N findings on one minified line of N servers (no scan: the
report is built directly, so only the reporter is timed). Used by tests/report/test_text.py in a
subprocess with a timeout; prints the seconds the rendering took."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import time
from pathlib import Path

from mcplint.model import Finding, Report
from mcplint.report import ReportOptions, render

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "secrets"))
from secret_formats import checksummed  # noqa: E402 - tests/secrets: the token formats' toolbox

n = int(sys.argv[1])
fmt = sys.argv[2] if len(sys.argv) > 2 else "text"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(i: int) -> str:
    """A GitHub token in the real format (30 random characters, then their checksum), different
    for each server: made up, but a shape the detector must mask."""
    digest = hashlib.sha512(str(i).encode()).digest()
    return checksummed("ghp_", "".join(ALPHABET[b % 62] for b in digest[:30]))


parts, findings = ['{"mcpServers":{'], []
size = len(parts[0])
for i in range(n):
    env = f',"env":{{"API_TOKEN":"{token(i)}"}}' if i % 100 == 7 else ""  # a token on some shown lines
    entry = f'"s{i}":{{"command":"npx","args":["-y","pkg-{i}"]{env}}}'
    column = size + entry.index('"pkg-') + 1
    findings.append(Finding(rule="MCP501", name="unpinned-package", severity="low", file=".mcp.json", line=1,
                            column=column, end_line=1, end_column=column + len(f'"pkg-{i}"'),
                            message=f"npm package pkg-{i} is not pinned", server=f"s{i}"))
    parts.append(entry + ("," if i < n - 1 else ""))
    size += len(parts[-1])
text = "".join(parts) + "}}"
report = Report(version="0", files_scanned=1, findings=findings, rules={}, sources={".mcp.json": text})
out = io.StringIO()
start = time.perf_counter()
render(report, fmt, out, ReportOptions(width=100))
elapsed = time.perf_counter() - start
shown = out.getvalue()
assert fmt != "text" or shown.count(" MCP501\n") == n, "a marker per finding"
assert not any(token(i) in shown or token(i)[4:20] in shown for i in range(7, n, 100)), "a token leaked"
print(json.dumps({"seconds": round(elapsed, 2), "bytes": len(shown)}))
