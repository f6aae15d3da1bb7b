"""Known-vulnerable versions: the advisory data, its range semantics, and the offline generator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, scan_text

from mcplint.facts.advisories import in_range, table, version_key

TOOL = REPO / "tools" / "advisories.py"


@pytest.mark.parametrize(("a", "b"), [
    ("0.1.9", "0.1.16"), ("1.0.0-beta.2", "1.0.0"), ("2025.1.14", "2025.7.1"), ("2025.9.25", "2025.11.25"),
    ("1.0rc1", "1.0"), ("1.0", "1.0.post1"), ("v1.2", "1.10"),
])
def test_version_order(a: str, b: str) -> None:
    assert version_key(a) < version_key(b)


def test_osv_range_events() -> None:
    two = ((("introduced", "0"), ("last_affected", "0.6.2")), (("introduced", "2025.1.14"), ("fixed", "2025.7.1")))
    assert [any(in_range(r, v) for r in two) for v in ("0.5.0", "0.6.2", "0.6.3", "2025.1.14", "2025.3.28", "2025.7.1")] == \
           [True, True, False, True, True, False]
    assert not in_range((("introduced", "0.0.5"), ("fixed", "0.1.16")), "0.0.4")


def test_shipped_data_is_well_formed() -> None:
    rows = [a for advisories in table().values() for a in advisories]
    assert len(rows) >= 8
    for advisory in rows:
        assert advisory.id.startswith("GHSA-") and advisory.url.endswith(advisory.id)
        assert advisory.ranges and (advisory.fixed or advisory.last_affected)
    assert {"npm:mcp-remote", "npm:@modelcontextprotocol/server-filesystem", "pypi:mcp-server-git"} <= set(table())


def test_only_exact_pins_in_range_are_reported(tmp_path: Path) -> None:
    def rules(args: str) -> list[str]:
        text = '{"mcpServers": {"r": {"command": "npx", "args": [' + args + ', "https://mcp.example.com/sse"]}}}'
        return [f.message for f in scan_text(tmp_path, text, select=["MCP507"])]
    assert len(rules('"mcp-remote@0.1.15"')) == 1
    assert rules('"mcp-remote@0.1.16"') == rules('"mcp-remote@^0.1.0"') == rules('"mcp-remote@latest"') == []
    # a nested launcher and a --with package are judged too
    nested = '{"mcpServers": {"g": {"command": "docker", "args": ["exec", "-i", "box", "uvx", "--with", "mcp-server-git==2025.9.25", "other-mcp==1.0"]}}}'
    found = scan_text(tmp_path, nested, select=["MCP507"])
    assert [f.message.split(" is ")[0] for f in found] == ["pypi:mcp-server-git@2025.9.25"] * 2
    assert "releases after 2025.11.25 are not affected" in found[0].message


def _record(ident: str, ecosystem: str, name: str, events: list[dict], **extra: object) -> dict:
    return {"id": ident, "aliases": ["CVE-2099-0001"], "summary": "  demo   issue ", **extra,
            "affected": [{"package": {"ecosystem": ecosystem, "name": name}, "ranges": [{"type": "ECOSYSTEM", "events": events}]}],
            "database_specific": {"severity": "HIGH"}}


def test_generator_reads_local_records_only_and_is_deterministic(tmp_path: Path) -> None:
    records = tmp_path / "osv" / "nested"
    records.mkdir(parents=True)
    (records / "a.json").write_text(json.dumps(_record("GHSA-aaaa-aaaa-aaaa", "npm", "mcp-remote",
                                                        [{"introduced": "0"}, {"fixed": "9.9.9"}])))
    (records / "b.json").write_text(json.dumps(_record("GHSA-bbbb-bbbb-bbbb", "npm", "left-pad",
                                                        [{"introduced": "0"}, {"fixed": "1.0.0"}])))
    (records / "c.json").write_text(json.dumps(_record("GHSA-cccc-cccc-cccc", "PyPI", "Mcp_Server.Git",
                                                        [{"introduced": "0"}, {"last_affected": "3.0"}], withdrawn="2099-01-01")))
    (records / "d.json").write_text(json.dumps(_record("GHSA-dddd-dddd-dddd", "PyPI", "Extra_Pkg",
                                                        [{"introduced": "1.0"}, {"last_affected": "1.4"}])))
    (records / "broken.json").write_text("{")
    out = tmp_path / "advisories.json"
    run = [sys.executable, str(TOOL), str(tmp_path / "osv"), "--out", str(out), "--watch", "pypi:extra-pkg"]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "broken.json: skipped" in first.stderr
    text = out.read_text()
    subprocess.run(run, capture_output=True, text=True, check=True)
    assert out.read_text() == text
    rows = json.loads(text)["advisories"]
    assert [(r["package"], r["id"], r["fixed"], r["last_affected"], r["summary"]) for r in rows] == [
        ("npm:mcp-remote", "GHSA-aaaa-aaaa-aaaa", "9.9.9", None, "demo issue"),
        ("pypi:extra-pkg", "GHSA-dddd-dddd-dddd", None, "1.4", "demo issue"),
    ]
