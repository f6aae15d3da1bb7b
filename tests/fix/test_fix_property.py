"""Property: for configs of many shapes (formats, indentation, comments, line endings), fixing
never breaks parsing, never leaves a fixed secret in the file, and a second fix is a no-op."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.discover import source_for_file
from mcplint.fix import FixOptions, fix_text
from mcplint.load import parse
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions

RULES = load_rules()
SECRETS = {
    "GITHUB_TOKEN": "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",
    "ANTHROPIC_API_KEY": "sk-ant-api03-Xq3vR8mN2pL5wK9tY4bC7dF1gH6jZ0sA3eU8iO2rT5yW9nM4kL7pQ1vB6xC3zD8fG2hJ5kL0-Wq7TnYe2AA",
    "DB_PASSWORD": "hunter2-Zq8",
}
PLAIN = {"REGION": "us-east-1", "DEBUG": "true", "NODE_TLS_REJECT_UNAUTHORIZED": "0"}
FILES = {".cursor/mcp.json": "json", ".vscode/mcp.json": "jsonc", ".mcp.json": "json",
         ".gemini/settings.json": "jsonc", ".codex/config.toml": "toml", ".continue/mcpServers/s.yaml": "yaml"}

servers = st.lists(
    st.fixed_dictionaries({
        "env": st.dictionaries(st.sampled_from(sorted(SECRETS) + sorted(PLAIN)), st.just(""), max_size=4),
        "insecure": st.booleans(),
        "approve": st.lists(st.sampled_from(["read_file", "write_file", "delete_file", "list_directory"]),
                            unique=True, max_size=3),
    }),
    min_size=1, max_size=3,
)


def _value(key: str) -> str:
    return SECRETS.get(key) or PLAIN[key]


def _json(items: list[dict], indent: str, comments: bool, vscode: bool) -> str:
    nl = "\n"
    out = ["{"]
    if comments:
        out.append(f"{indent}// servers of this project")
    out.append(f'{indent}"{"servers" if vscode else "mcpServers"}": {{')
    for n, s in enumerate(items):
        i2, i3 = indent * 2, indent * 3
        args = ['"-y"', '"@modelcontextprotocol/server-filesystem@2025.7.1"', '"."'] + (['"--insecure"'] if s["insecure"] else [])
        lines = [f'{i2}"s{n}": {{', f'{i3}"command": "npx",', f'{i3}"args": [{", ".join(args)}]']
        if s["env"]:
            env = (",\n" + i3 + indent).join(f'"{k}": {json.dumps(_value(k))}' + (" // note" if comments and j == 0 else "")
                                              for j, k in enumerate(s["env"]))
            env = env.replace(' // note,', ', // note')
            lines[-1] += ","
            lines.append(f"{i3}\"env\": {{\n{i3}{indent}{env}\n{i3}}}")
        if s["approve"] and not vscode:
            lines[-1] += ","
            lines.append(f'{i3}"autoApprove": {json.dumps(s["approve"])}')
        out.append(nl.join(lines) + f"\n{i2}}}" + ("," if n < len(items) - 1 else ""))
    out.append(f"{indent}}}")
    out.append("}")
    return nl.join(out) + nl


def _toml(items: list[dict], comments: bool) -> str:
    out = ["# codex" if comments else ""]
    for n, s in enumerate(items):
        args = ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "."] + (["--insecure"] if s["insecure"] else [])
        out += [f"[mcp_servers.s{n}]" + (" # a server" if comments else ""), 'command = "npx"', f"args = {json.dumps(args)}"]
        if s["env"]:
            out += [f"[mcp_servers.s{n}.env]"] + [f"{k} = {json.dumps(_value(k))}" for k in s["env"]]
        out.append("")
    return "\n".join(out) + "\n"


def _yaml(items: list[dict], indent: str, comments: bool) -> str:
    out = ["name: t", "version: 0.0.1", "schema: v1", "mcpServers:"]
    for n, s in enumerate(items):
        out += [f"{indent}- name: s{n}" + ("  # a server" if comments else ""), f"{indent}  command: npx",
                f"{indent}  args:"]
        args = ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "."] + (["--insecure"] if s["insecure"] else [])
        out += [f"{indent}    - {json.dumps(a)}" for a in args]
        if s["env"]:
            out.append(f"{indent}  env:")
            out += [f"{indent}    {k}: {json.dumps(_value(k))}" for k in s["env"]]
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(items=servers, file=st.sampled_from(sorted(FILES)), indent=st.sampled_from(["  ", "    ", "\t"]),
       comments=st.booleans(), crlf=st.booleans())
def test_fixing_keeps_files_parseable_and_secret_free(tmp_path_factory, items, file, indent, comments, crlf) -> None:
    fmt = FILES[file]
    if fmt == "toml":
        text = _toml(items, comments)
    elif fmt == "yaml":
        text = _yaml(items, indent.replace("\t", "  "), comments)
    else:
        text = _json(items, indent, comments and fmt == "jsonc", file == ".vscode/mcp.json")
    if crlf:
        text = text.replace("\n", "\r\n")
    parse(text, fmt)
    root = tmp_path_factory.mktemp("p")
    path = root / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, newline="")
    source = source_for_file(path, root, explicit=True)
    options = ScanOptions(rules=RULES)
    result = fix_text(source, text, options, FixOptions(unsafe=True))
    parse(result.after, fmt)  # never broken
    for key, secret in SECRETS.items():
        if any(key in s["env"] for s in items):
            assert secret not in result.after, (file, key)
    assert "--insecure" not in result.after
    if crlf:
        assert "\n" not in result.after.replace("\r\n", "")
    again = fix_text(source, result.after, options, FixOptions(unsafe=True))
    assert again.after == result.after
