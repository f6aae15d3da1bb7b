"""Every JSON mcplint writes validates against the schema it ships (``mcplint schema``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from helpers import FIXTURES
from mcplint import schemas
from mcplint.inventory import collect
from mcplint.inventory_formats import render as render_inventory
from mcplint.machine import discover_all
from mcplint.report import render
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

CASES = [FIXTURES / "demo", FIXTURES / "clean", FIXTURES]


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = schemas.load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_scan_json_validates(path: Path) -> None:
    out = io.StringIO()
    render(scan_paths([str(path)], ScanOptions(rules=load_rules())), "json", out)
    data = json.loads(out.getvalue())
    _validator("json").validate(data)
    assert data["findings"] or path.name == "clean"


def test_ndjson_events_carry_schema_findings() -> None:
    out = io.StringIO()
    render(scan_paths([str(FIXTURES / "demo")], ScanOptions(rules=load_rules())), "ndjson", out)
    schema = schemas.load("json")
    finding = jsonschema.Draft202012Validator({"$ref": "#/$defs/finding", "$defs": schema["$defs"]})
    lines = out.getvalue().splitlines()
    assert lines
    for line in lines:
        event = json.loads(line)
        finding.validate({k: event[k] for k in schema["$defs"]["finding"]["required"]})
        assert {"host", "os", "user", "standards"} <= set(event)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_inventory_json_validates(path: Path) -> None:
    sources, missing = discover_all(None, [str(path)], Path.cwd())
    out = io.StringIO()
    render_inventory(collect(sources, missing, {}), "json", out)
    data = json.loads(out.getvalue())
    _validator("inventory").validate(data)
    assert data["servers"]


def test_the_schema_rejects_drift() -> None:
    """An unknown field or a wrong severity fails validation: the checks above can fail."""
    out = io.StringIO()
    render(scan_paths([str(FIXTURES / "demo")], ScanOptions(rules=load_rules())), "json", out)
    data = json.loads(out.getvalue())
    data["findings"][0]["severity"] = "severe"
    with pytest.raises(jsonschema.ValidationError):
        _validator("json").validate(data)
    data = json.loads(out.getvalue())
    data["findings"][0]["secret"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        _validator("json").validate(data)


def test_every_rule_maps_to_known_standards() -> None:
    from mcplint.taxonomies import catalog, taxonomy_of

    for rule in load_rules().values():
        for identifier in rule.owasp:
            key = taxonomy_of(identifier)
            assert key in ("owasp-mcp", "owasp-llm"), (rule.id, identifier)
            assert identifier in catalog()[key]["entries"], (rule.id, identifier)
        for cwe in rule.cwe:
            assert f"CWE-{cwe}" in catalog()["cwe"]["entries"], (rule.id, cwe)
        if not rule.id.startswith("MCP0"):  # config rules judge the file, not a risk
            assert rule.owasp, f"{rule.id} maps to no OWASP entry"
