"""The output formats through the command line, as CI jobs and SIEM forwarders call them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from helpers import FIXTURES, run_cli
from mcplint.report import REPORTERS

DEMO, CLEAN = str(FIXTURES / "demo"), str(FIXTURES / "clean")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_exit_codes_do_not_depend_on_the_format(fmt: str) -> None:
    assert run_cli("scan", DEMO, "--format", fmt).returncode == 1
    assert run_cli("scan", CLEAN, "--format", fmt).returncode == 0
    assert run_cli("scan", DEMO, "--format", fmt, "--fail-on", "critical").returncode == 1
    assert run_cli("scan", DEMO, "--format", fmt, "--exit-zero").returncode == 0


def test_scan_gitlab_junit_ndjson_parse() -> None:
    gitlab = json.loads(run_cli("scan", DEMO, "-f", "gitlab").stdout)
    assert gitlab and all(i["location"]["path"].startswith(DEMO.split("/")[-2]) or i["location"]["path"] for i in gitlab)
    junit = ET.fromstring(run_cli("scan", DEMO, "-f", "junit").stdout)
    assert int(junit.get("failures")) == len(gitlab)
    events = [json.loads(line) for line in run_cli("scan", DEMO, "-f", "ndjson").stdout.splitlines()]
    assert len(events) == len(gitlab) and all(e["event"] == "finding" for e in events)


def test_scan_html_carries_the_servers(tmp_path) -> None:
    out = tmp_path / "report.html"
    result = run_cli("scan", DEMO, "-f", "html", "-o", str(out))
    assert result.returncode == 1 and result.stderr.startswith("Found 13 findings")
    page = out.read_text(encoding="utf-8")
    assert 'id="servers-table"' in page and page.count('class="finding"') == 13


def test_inventory_formats(tmp_path) -> None:
    rows = list(csv.reader(io.StringIO(run_cli("inventory", DEMO, "-f", "csv").stdout)))
    assert rows[0][:2] == ["client", "scope"] and len(rows) == 1 + 8
    events = [json.loads(line) for line in run_cli("inventory", DEMO, "-f", "ndjson").stdout.splitlines()]
    assert len(events) == 8 and sum(sum(e["findings"].values()) for e in events) == 13
    bom = json.loads(run_cli("inventory", DEMO, "-f", "cyclonedx").stdout)
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    page = run_cli("inventory", DEMO, "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr><td") == 8


def test_inventory_filters_and_columns() -> None:
    cursor = run_cli("inventory", DEMO, "-f", "csv", "--client", "cursor", "--columns", "client,name")
    rows = list(csv.reader(io.StringIO(cursor.stdout)))
    assert rows[0] == ["client", "name"] and {r[0] for r in rows[1:]} == {"cursor"} and len(rows) == 5
    assert len(list(csv.reader(io.StringIO(run_cli("inventory", DEMO, "-f", "csv", "--blocked").stdout)))) == 1
    assert len(list(csv.reader(io.StringIO(run_cli("inventory", DEMO, "-f", "csv", "--pending").stdout)))) == 9
    bad = run_cli("inventory", DEMO, "--columns", "name,secret")
    assert bad.returncode == 2 and "unknown column 'secret'" in bad.stderr


@pytest.mark.parametrize("width", [60, 80, 140, 200])
def test_inventory_table_fits_the_width_and_keeps_versions_whole(width: int) -> None:
    result = run_cli("inventory", DEMO, env={"COLUMNS": str(width)})
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines and max(map(len, lines)) <= width
    assert any("npm:@modelcontextprotocol/server-slack@2025.4.25" in line for line in lines)  # whole, on one line
    assert result.stdout.count("…") == result.stdout.count("chars)")  # only redacted secrets are shortened
    assert lines[-1] == "8 servers in 3 files."


@pytest.mark.parametrize("name", ["json", "inventory"])
def test_schema_command(name: str) -> None:
    result = run_cli("schema", name)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
