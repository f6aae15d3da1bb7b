"""The formats other systems ingest: GitLab Code Quality, JUnit XML, NDJSON (scan and inventory),
CSV and CycloneDX (inventory). Each is parsed the way its consumer parses it."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import FIXTURES
from mcplint.inventory import collect
from mcplint.inventory_formats import InventoryOptions, render as render_inventory
from mcplint.inventory_formats.purl import purl
from mcplint.machine import discover_all
from mcplint.report import ReportOptions, render
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

DEMO_SECRETS = ("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", "Sup3rS3cretPw")


def _scan(*paths: Path):
    return scan_paths([str(p) for p in paths], ScanOptions(rules=load_rules()))


def _inventory(*paths: Path):
    sources, missing = discover_all(None, [str(p) for p in paths], Path.cwd())
    return collect(sources, missing, {})


def _out(report, fmt: str, options: ReportOptions | None = None) -> str:
    out = io.StringIO()
    render(report, fmt, out, options)
    return out.getvalue()


def _inv_out(inventory, fmt: str, options: InventoryOptions | None = None) -> str:
    out = io.StringIO()
    render_inventory(inventory, fmt, out, options)
    return out.getvalue()


def _hostile(tmp_path: Path) -> Path:
    """A config whose names carry what breaks naive writers: control bytes, markup, formulas."""
    config = {"mcpServers": {
        "\x1b[2J<script>alert(1)</script>\x01": {"command": "npx", "args": ["-y", "some-mcp@1.0.0"],
                                                 "env": {"API_TOKEN": "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"}},
        "=HYPERLINK(\"http://evil\")": {"url": "http://evil.example.com/mcp"},
    }}
    path = tmp_path / ".mcp.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo():
    return _scan(FIXTURES / "demo", FIXTURES / "clean")


def test_gitlab_code_quality(demo) -> None:
    issues = json.loads(_out(demo, "gitlab"))
    assert len(issues) == len(demo.findings) > 0
    expected = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}
    for issue, finding in zip(issues, demo.findings):
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] == expected[finding.severity]
        assert issue["location"] == {"path": finding.file, "lines": {"begin": finding.line, "end": finding.end_line or finding.line}}
        assert issue["check_name"].startswith(finding.rule)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_stay_unique_for_twin_findings(demo) -> None:
    twin = demo.findings[0]
    report = type(demo)(version=demo.version, files_scanned=1, findings=[twin, twin], rules=demo.rules)
    prints = [i["fingerprint"] for i in json.loads(_out(report, "gitlab"))]
    assert prints[0] == twin.fingerprint and prints[1] != prints[0]


def test_junit_suites_per_file_and_a_pass_for_clean_files(tmp_path: Path, demo) -> None:
    clean = tmp_path / "ok" / ".mcp.json"
    clean.parent.mkdir()
    clean.write_text('{"mcpServers": {"x": {"command": "node", "args": ["server.js"]}}}', encoding="utf-8")
    report = _scan(FIXTURES / "demo", clean)
    root = ET.fromstring(_out(report, "junit"))
    failures = root.findall(".//testcase/failure")
    assert len(failures) == len(report.findings) == int(root.get("failures"))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert any(name.endswith("ok/.mcp.json") for name in suites)
    clean_suite = next(s for name, s in suites.items() if name.endswith("ok/.mcp.json"))
    assert clean_suite.get("failures") == "0" and len(clean_suite.findall("testcase")) == 1
    assert int(root.get("tests")) == len(root.findall(".//testcase"))


def test_junit_survives_hostile_names(tmp_path: Path) -> None:
    report = _scan(_hostile(tmp_path))
    text = _out(report, "junit")
    root = ET.fromstring(text)  # control bytes would make the XML unreadable
    assert root.findall(".//failure")
    assert "\x1b" not in text and "<script>" not in text
    assert DEMO_SECRETS[0] not in text


def test_ndjson_findings_one_object_a_line(demo) -> None:
    lines = _out(demo, "ndjson").splitlines()
    assert len(lines) == len(demo.findings)
    for line, finding in zip(lines, demo.findings):
        event = json.loads(line)
        assert {"host", "os", "user", "tool", "version"} <= set(event)
        assert event["rule"] == finding.rule and event["line"] == finding.line and event["fingerprint"] == finding.fingerprint


@pytest.mark.parametrize("fmt", ["gitlab", "junit", "ndjson", "html"])
def test_no_secret_in_any_new_format(fmt: str, demo) -> None:
    text = _out(demo, fmt)
    for secret in DEMO_SECRETS:
        assert secret not in text


def test_purls() -> None:
    assert purl("npm:@modelcontextprotocol/server-github@2025.4.8") == "pkg:npm/%40modelcontextprotocol/server-github@2025.4.8"
    assert purl("npm:mcp-remote") == "pkg:npm/mcp-remote"
    assert purl("pypi:mcp_server_fetch@1.0") == "pkg:pypi/mcp-server-fetch@1.0"
    assert purl("docker:ghcr.io/github/github-mcp-server@1.2") == "pkg:docker/github/github-mcp-server@1.2?repository_url=ghcr.io"
    assert purl("docker:mcp/filesystem@latest") == "pkg:docker/mcp/filesystem@latest"
    assert purl("npm:git+https://github.com/Org/Repo.git@abc123") == "pkg:github/org/repo@abc123"
    assert purl(None) is None and purl("local:./server.js") is None


def test_inventory_ndjson_carries_counts_and_no_values() -> None:
    inventory = _inventory(FIXTURES / "demo")
    row = inventory.rows[0]
    text = _inv_out(inventory, "ndjson", InventoryOptions(counts={(row.file, row.name): {"high": 2}}))
    events = [json.loads(line) for line in text.splitlines()]
    assert len(events) == len(inventory.rows)
    assert events[0]["findings"]["high"] == 2 and events[1]["findings"]["high"] == 0
    assert {"host", "os", "user", "client", "file", "name", "transport", "package", "url", "approval", "fingerprint"} <= set(events[0])
    for secret in DEMO_SECRETS:
        assert secret not in text


def test_inventory_csv_defuses_formulas(tmp_path: Path) -> None:
    inventory = _inventory(_hostile(tmp_path))
    rows = list(csv.reader(io.StringIO(_inv_out(inventory, "csv"))))
    names = [r[rows[0].index("name")] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in names
    assert not any(cell.startswith(("=", "+", "@")) for r in rows[1:] for cell in r)
    picked = list(csv.reader(io.StringIO(_inv_out(inventory, "csv", InventoryOptions(columns=("name", "transport"))))))
    assert picked[0] == ["name", "transport"]


def test_cyclonedx_bom_is_valid_and_complete() -> None:
    pytest.importorskip("cyclonedx")
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    inventory = _inventory(FIXTURES / "demo", FIXTURES / "clean")
    text = _inv_out(inventory, "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6"
    purls = {c.get("purl") for c in bom["components"]}
    assert "pkg:npm/%40modelcontextprotocol/server-slack@2025.4.25" in purls
    services = bom.get("services", [])
    assert any(s["endpoints"] == ["http://mcp.analytics.example.com/sse"] for s in services)
    properties = {p["name"] for c in bom["components"] for p in c.get("properties", [])}
    assert {"mcplint:client", "mcplint:file", "mcplint:transport", "mcplint:approval", "mcplint:fingerprint"} <= properties
    assert len(bom["components"]) + len(services) == len(inventory.rows)
    for secret in DEMO_SECRETS:
        assert secret not in text


def test_cyclonedx_dependencies_are_the_librarys_own_for_many_servers(tmp_path: Path) -> None:
    """The BOM registers each server as a dependency through a set, not the library's linear
    search (quadratic in the servers): the document must be the one the library's own
    registration gives, dependencies and all, and a component or service each."""
    pytest.importorskip("cyclonedx")
    from cyclonedx.model.bom import Bom
    from cyclonedx.output.json import JsonV1Dot6

    from mcplint.inventory_formats import cyclonedx as cdx

    servers = {f"s{i}": ({"command": "npx", "args": ["-y", f"pkg-{i % 7}@1.0.{i}"]} if i % 3 else
                         {"type": "http", "url": f"https://mcp{i}.example.com/mcp"}) for i in range(300)}
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": servers}))
    inventory = _inventory(tmp_path / ".mcp.json")

    def plain(document: Bom) -> dict:
        data = json.loads(JsonV1Dot6(document).output_as_string())
        data.pop("serialNumber", None)
        data["metadata"].pop("timestamp", None)
        return data

    ours = cdx.bom(inventory)
    assert ours.register_dependency != Bom.register_dependency.__get__(ours)  # the indexed one is in use
    library = cdx.bom(inventory)
    library.register_dependency = Bom.register_dependency.__get__(library)  # the library's own
    document = plain(ours)
    assert document == plain(library)
    refs = [d["ref"] for d in document["dependencies"]]
    assert len(refs) == len(set(refs)) == len(document["components"]) + len(document["services"]) == 300


def test_cyclonedx_validator_rejects_a_broken_bom() -> None:
    """The validation above can fail: a BOM with a wrong component type does."""
    pytest.importorskip("cyclonedx")
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = _inv_out(_inventory(FIXTURES / "demo"), "cyclonedx").replace('"application"', '"nonsense"', 1)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is not None


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    report = _scan(_hostile(tmp_path))
    text = _out(report, "html", ReportOptions(extra={"inventory": _inventory(tmp_path / ".mcp.json")}))
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "\x1b" not in text and "\\u001b" in text
    assert not re.search(r"""<(?:link|img|iframe|object|embed)\b|\bsrc\s*=|@import|url\(""", text, re.I)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert DEMO_SECRETS[0] not in text


def test_sarif_taxonomies_resolve_from_each_descriptor(demo) -> None:
    log = json.loads(_out(demo, "sarif"))
    run = log["runs"][0]
    taxonomies = run["taxonomies"]
    assert {t["name"] for t in taxonomies} == {"OWASP MCP Top 10", "OWASP Top 10 for LLM Applications", "CWE"}
    related = 0
    for descriptor in run["tool"]["driver"]["rules"]:
        for relationship in descriptor.get("relationships", []):
            target = relationship["target"]
            component = taxonomies[target["toolComponent"]["index"]]
            assert component["name"] == target["toolComponent"]["name"]
            assert component["taxa"][target["index"]]["id"] == target["id"]
            related += 1
    secret = next(d for d in run["tool"]["driver"]["rules"] if d["id"] == "MCP101")
    assert {r["target"]["id"] for r in secret["relationships"]} == {"MCP01:2025", "LLM02:2025", "CWE-798"}
    assert related > 20
