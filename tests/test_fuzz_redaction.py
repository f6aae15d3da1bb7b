"""Property test: a generated secret never appears in any output format, in full or in part.

Token-shaped secrets (GitHub, OpenAI project, AWS access key id, Slack bot, GitLab, Anthropic)
are generated with random bodies and put in env, args (alone or as ``--flag=value``), headers,
URLs (userinfo and query), a comment on a line that has another finding (so the text format
shows that line), and a file broken right after the secret (MCP001) — in JSON, JSONC, YAML and
TOML. Every format runs through the CLI in-process; neither the secret nor any 12-character
slice of it may appear in the output.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest
from helpers import codex_toml, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secret_formats import checksummed

from mcplint.report import FORMATS

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits


def _body(alphabet: str, size: int) -> st.SearchStrategy[str]:
    """Random characters, as a provider issues them. Drawn from a seed, not character by
    character: shrinking toward "AAAA…A" would only test the placeholder heuristics, which
    rightly let such values pass."""
    return st.integers(0, 2**32).map(lambda seed: "".join(random.Random(seed).choices(alphabet, k=size)))


SECRETS = st.one_of(
    _body(ALNUM, 30).map(lambda b: checksummed("ghp_", b)),  # with its checksum: a fake one is no leak
    _body(ALNUM + "-_", 48).map(lambda b: "sk-proj-" + b),
    _body(UPPER, 16).map(lambda b: "AKIA" + b),
    st.tuples(_body(string.digits, 12), _body(string.digits, 12), _body(ALNUM, 24)).map(lambda t: "xoxb-" + "-".join(t)),
    _body(ALNUM + "-_", 20).map(lambda b: "glpat-" + b),
    _body(ALNUM + "-_", 93).map(lambda b: "sk-ant-api03-" + b + "AA"),
)

PLACES = ["env", "arg", "flag", "header", "userinfo", "query", "comment", "broken"]
KINDS = ["json", "jsonc", "yaml", "toml"]
HTTP = "http://mcp.example.com/sse"  # MCP201 on the comment's line: the text format shows that line


def _json(secret: str, place: str) -> dict:
    server: dict = {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]}
    if place == "env":
        server["env"] = {"API_TOKEN": secret}
    elif place == "arg":
        server["args"] += ["--token", secret]
    elif place == "flag":
        server["args"] += [f"--api-key={secret}"]
    elif place == "header":
        server = {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": f"Bearer {secret}"}}
    elif place == "userinfo":
        server = {"type": "http", "url": f"https://bot:{secret}@mcp.example.com/mcp"}
    elif place == "query":
        server = {"type": "http", "url": f"https://mcp.example.com/mcp?api_key={secret}"}
    return {"mcpServers": {"svc": server}}


def _write(root: Path, kind: str, secret: str, place: str) -> Path:
    data = _json(secret, place)
    server = data["mcpServers"]["svc"]
    if kind in ("json", "jsonc"):
        path = root / (".mcp.json" if kind == "json" else ".vscode/mcp.json")
        if kind == "jsonc":
            data = {"servers": data["mcpServers"]}
        text = json.dumps(data, indent=2)
        if place == "comment":
            text = text.replace("{", '{\n  "remote": {"type": "sse", "url": "' + HTTP + '"}, // ' + secret + "\n", 2)
        if place == "broken":
            text = text.replace(secret, secret + '" oops', 1) if secret in text else '{"env": {"T": ' + secret + "}"
    elif kind == "yaml":
        path = root / ".continue/mcpServers/svc.yaml"
        lines = ["name: x", "version: 0.0.1", "schema: v1", "mcpServers:", "  - name: svc"]
        for key, value in server.items():
            lines.append(f"    {key}: {json.dumps(value)}")
        if place == "comment":
            lines += ["  - name: remote", "    type: sse", f"    url: {HTTP}  # {secret}"]
        if place == "broken":
            lines.append(f"    bad: [{secret}")
        text = "\n".join(lines) + "\n"
    else:
        path = root / ".codex/config.toml"
        lines = codex_toml({"svc": server}).splitlines()
        if place == "comment":
            lines += ["[mcp_servers.remote]", f'url = "{HTTP}" # {secret}']
        if place == "broken":
            lines.append(f'bad = "{secret}')
        text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _leaks(secret: str, output: str) -> list[str]:
    """12-character slices of the secret's random part in ``output`` (its format prefix, such as
    ``sk-ant-api03-``, is public and may be shown)."""
    from mcplint.secrets.redact import public_prefix

    body = secret[len(public_prefix(secret)) :]
    return [body[i : i + 12] for i in range(len(body) - 11) if body[i : i + 12] in output]


def _check(root: Path, kind: str, secret: str, place: str) -> None:
    path = _write(root, kind, secret, place)
    assert secret in path.read_text(encoding="utf-8")
    for fmt in FORMATS:
        result = invoke(["scan", str(root), "--format", fmt, "--no-color"])
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (fmt, result.output[-1500:])
        assert not _leaks(secret, result.output), (fmt, kind, place, _leaks(secret, result.output)[:1])


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(secret=SECRETS, place=st.sampled_from([p for p in PLACES if p != "comment"]), kind=st.sampled_from(KINDS))
def test_no_generated_secret_appears_in_any_format(tmp_path_factory: pytest.TempPathFactory, secret: str, place: str, kind: str) -> None:
    _check(tmp_path_factory.mktemp("redaction"), kind, secret, place)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(secret=SECRETS, kind=st.sampled_from(KINDS))
def test_no_secret_in_a_comment_appears_when_its_line_is_shown(tmp_path_factory: pytest.TempPathFactory, secret: str, kind: str) -> None:
    _check(tmp_path_factory.mktemp("redaction"), kind, secret, "comment")
