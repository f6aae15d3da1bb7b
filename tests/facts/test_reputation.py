"""Look-alike packages (MCP502): pairs with their verdicts, no false look-alike on real MCP
package names or on the catalog's own entries, in client configs and publisher files alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CORPUS, FIXTURES, facts_of, invoke

from mcplint.facts import reputation
from mcplint.facts.known import catalog, normalize_name
from mcplint.facts.reputation import one_edit

CASES = json.loads((FIXTURES / "lookalike" / "pairs.json").read_text("utf-8"))["cases"]
REAL = [tuple(line.split()) for line in (FIXTURES / "lookalike" / "real-packages.txt").read_text("utf-8").splitlines()
        if line.strip()]
CLOSE_KNOWN_PAIRS = {frozenset({"awslabs-ecs-mcp-server", "awslabs-eks-mcp-server"})}
"""Well-known names one edit from each other: both are listed, so neither is ever reported."""


@pytest.mark.parametrize("ecosystem, name, expected", CASES, ids=[c[1] for c in CASES])
def test_lookalike_pairs(ecosystem: str, name: str, expected: str | None) -> None:
    found = reputation.verdict(ecosystem, name, None)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == "lookalike" and expected in found[1], found


def test_at_least_a_hundred_real_names_none_flagged() -> None:
    assert len(REAL) >= 100
    assert [(e, n) for e, n in REAL if reputation.verdict(e, n, None) is not None] == []


def test_real_names_are_not_lookalikes_of_other_known_names() -> None:
    """The stronger check: a real name, taken out of the known lists, is still not a look-alike
    of any other well-known name (except pairs that are both listed)."""
    flagged = []
    for ecosystem, name in REAL:
        own = normalize_name(ecosystem, name)
        known = reputation.known_names(ecosystem)
        why = reputation.lookalike_in(reputation.index_names([k for k in known.ordered if k != own]), ecosystem, own)
        if why is not None and not any(own in pair and why.endswith(tuple(pair)) for pair in CLOSE_KNOWN_PAIRS):
            flagged.append((name, why))
    assert flagged == []


def test_catalog_entries_are_never_lookalikes() -> None:
    for ecosystem, names in catalog().names.items():
        for name in names:
            assert reputation.verdict(ecosystem, name, None) is None, name


def test_popular_list_is_normalized_data() -> None:
    data = json.loads(reputation.popular_path().read_text("utf-8"))
    for ecosystem in ("npm", "pypi"):
        assert len(data[ecosystem]) == len(set(data[ecosystem]))
        assert all(name == name.strip() and " " not in name for name in data[ecosystem])


def test_lookalike_in_a_client_config_through_the_cli(tmp_path: Path) -> None:
    config = {"mcpServers": {
        "fs": {"command": "npx", "args": ["-y", "@modelcontextprotoco1/server-filesystem@2025.7.1", "/srv"]},
        "ok": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "/srv"]},
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch==2025.4.7"]},
    }}
    (tmp_path / ".mcp.json").write_text(json.dumps(config, indent=2), "utf-8")
    result = invoke(["scan", "--format", "json", "--select", "MCP502", ".mcp.json"], cwd=tmp_path)
    found = json.loads(result.stdout)["findings"]
    assert [(f["server"], f["severity"], f["line"]) for f in found] == [("fs", "critical", 7)]
    assert "likely impersonation" in found[0]["message"] and "@modelcontextprotocol" in found[0]["message"]
    assert result.exit_code == 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_no_lookalike_in_the_real_corpus() -> None:
    result = invoke(["scan", "--format", "json", "--select", "MCP502", str(CORPUS)], cwd=CORPUS)
    lookalikes = [f for f in json.loads(result.stdout)["findings"] if "impersonation" in f["message"]]
    assert lookalikes == []


def test_one_edit() -> None:
    assert one_edit("mcp-server-fetch", "mcp-server-fecth")
    assert one_edit("mcp-server-fetch", "mcp-server-fetc")
    assert one_edit("mcp-server-fetch", "mcp-server-fetchh")
    assert not one_edit("mcp-server-git", "mcp-server-gitlab")
    assert not one_edit("abc", "abc")


def test_lookalikes() -> None:
    assert facts_of({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesytem"]})["reputation"][0].verdict == "lookalike"
    assert facts_of({"command": "npx", "args": ["-y", "server-filesystem"]})["reputation"][0].why.endswith("without its scope")
    assert facts_of({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-gitlab"]})["reputation"] == ()
    assert facts_of({"command": "npx", "args": ["-y", "postmark-mcp@1.0.16"]})["reputation"][0].severity == "critical"
