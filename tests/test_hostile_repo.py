"""A hostile repository: every file a scan reads, and every file its configuration names, is
written by an attacker (issue 14 §2, §4, §5).

Each case runs the real command line in its own process under a 1 GiB address-space limit and a
timeout, and asserts the outcome: a clear error (exit 2, the file's name, its line where it has
one) or one MCP001 — never "internal error", a traceback, a hang or gigabytes of memory.
Special files (FIFOs, devices, sparse 8 GiB files) are made at test time, never committed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import PACKAGE_ROOT

MEMORY = 1 << 30
"""Address-space limit of every child: a parse that expands a bomb dies here, not the machine."""
TIMEOUT = 60
"""Seconds; each case ends in a few (the slowest, a 4 MiB TOML, in about two under load)."""
HTTP = "http://mcp.example.com/sse"
GOOD = json.dumps({"mcpServers": {"remote": {"type": "sse", "url": HTTP}}})

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="rlimits, FIFOs and /dev/zero are POSIX")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mcplint ARGS`` under the memory limit; fails the test on a timeout."""
    pythonpath = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": pythonpath, **(env or {})}
    full_env.pop("MCPLINT_POLICY", None) if "MCPLINT_POLICY" not in (env or {}) else None
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mcplint", *args], cwd=cwd, env=full_env, capture_output=True,
                            text=True, errors="replace", timeout=TIMEOUT, preexec_fn=_limits)
    result.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    return result


def clean_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with every word in the message; no crash of ours, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    for word in words:
        assert word in result.stderr, (word, result.stderr[-2000:])


def mcp001(result: subprocess.CompletedProcess[str], file: str, *words: str) -> dict:
    """The JSON report holds one MCP001 for ``file`` whose message has every word; returns it."""
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    report = json.loads(result.stdout)
    found = [f for f in report["findings"] if f["rule"] == "MCP001" and f["file"].endswith(file)]
    assert found, report["findings"]
    for word in words:
        assert word in found[0]["message"], found[0]
    return found[0]


def project(tmp_path: Path, config: str = "", files: dict[str, str | bytes] | None = None) -> Path:
    """A repository with a scanned .mcp.json, an optional .mcplint.toml and other files."""
    root = tmp_path / "repo"
    root.mkdir(parents=True)
    (root / ".mcp.json").write_text(GOOD)
    if config:
        (root / ".mcplint.toml").write_text(config)
    for name, data in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def sparse(path: Path, size: int = 8 << 30) -> Path:
    """An 8 GiB file that takes no disk: read whole, it would exhaust memory."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


# --- §2: every path a configuration names is read bounded ---------------------------------------

SPECIALS = ["/dev/zero", "fifo", "sparse", "directory-link"]


def _special(root: Path, kind: str) -> str:
    if kind == "/dev/zero":
        return "/dev/zero"
    if kind == "fifo":
        return str(fifo(root / "named.pipe"))
    if kind == "sparse":
        return str(sparse(root / "huge.file"))
    link = root / "dangling.link"
    link.symlink_to(root / "nowhere")
    return str(link)


@pytest.mark.parametrize("kind", SPECIALS)
def test_baseline_path_is_bounded(tmp_path: Path, kind: str) -> None:
    root = project(tmp_path)
    target = _special(root, kind)
    (root / ".mcplint.toml").write_text(f"baseline = {json.dumps(target)}\n")
    clean_error(run("scan", ".", cwd=root), Path(target).name)
    clean_error(run("scan", ".", "--baseline", target, cwd=root), Path(target).name)


@pytest.mark.parametrize("kind", SPECIALS)
def test_rule_path_is_bounded(tmp_path: Path, kind: str) -> None:
    root = project(tmp_path)
    target = _special(root, kind)
    (root / ".mcplint.toml").write_text(f"[rules]\npaths = [{json.dumps(target)}]\n")
    for command in (["scan", "."], ["scan", ".mcp.json"], ["rules"]):
        clean_error(run(*command, cwd=root), Path(target).name)


@pytest.mark.parametrize("kind", SPECIALS)
def test_config_and_policy_paths_are_bounded(tmp_path: Path, kind: str) -> None:
    root = project(tmp_path)
    target = _special(root, kind)
    clean_error(run("scan", ".", "--config", target, cwd=root), Path(target).name)
    clean_error(run("scan", ".", cwd=root, env={"MCPLINT_POLICY": target}), Path(target).name)


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "sparse"])
def test_discovered_config_that_is_not_a_file_is_an_error(tmp_path: Path, kind: str) -> None:
    """A `.mcplint.toml` that is a device, a FIFO or huge: named in an error, never a silent default."""
    root = project(tmp_path)
    config = root / ".mcplint.toml"
    if kind == "/dev/zero":
        config.symlink_to("/dev/zero")
    elif kind == "fifo":
        fifo(config)
    else:
        sparse(config)
    clean_error(run("scan", ".", cwd=root), ".mcplint.toml")


def test_pyproject_that_is_huge_is_an_error_not_a_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    sparse(root / "pyproject.toml")
    clean_error(run("scan", ".", cwd=root), "pyproject.toml", "limit")


def test_baseline_nested_100000_deep(tmp_path: Path) -> None:
    root = project(tmp_path, files={"deep.json": "[" * 100_000 + "]" * 100_000})
    clean_error(run("scan", ".", "--baseline", "deep.json", cwd=root), "deep.json", "nested too deep")
    root2 = project(tmp_path / "b", files={"deep.json": '{"version": 1, "findings": ' + "{\"a\":" * 100_000 + "1" + "}" * 100_001})
    clean_error(run("scan", ".", "--baseline", "deep.json", cwd=root2), "deep.json")


@pytest.mark.parametrize("payload, words", [
    ('{"version": 1, "findings": [' + "1" * 100_000 + "]}", ("number too long",)),
    ('{"version": "ghp_' + "a" * 36 + '", "findings": []}', ("baseline version (str)",)),
    (b'{"version": 1, "findings": [\xff]}', ("invalid UTF-8",)),
])
def test_baseline_odd_payloads(tmp_path: Path, payload: str | bytes, words: tuple[str, ...]) -> None:
    root = project(tmp_path, files={"odd.json": payload})
    result = run("scan", ".", "--baseline", "odd.json", cwd=root)
    clean_error(result, "odd.json", *words)
    assert "ghp_" not in result.stderr


LAUGHS = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
       f"*a{i - 1}, *a{i - 1}]" for i in range(1, 10)]
)
"""10^10 ``lol``s from 10 short lines."""


@pytest.mark.parametrize("field", ["summary", "message", "rationale", "tags", "examples", "references", "when"])
def test_rule_yaml_billion_laughs_in_any_field(tmp_path: Path, field: str) -> None:
    rule = {
        "id": "MCP990", "name": "laughs", "severity": "low", "summary": "s", "message": "m",
        "when": "true",
    }
    body = "\n".join(f"{k}: {json.dumps(v)}" for k, v in rule.items() if k != field)
    text = f"{LAUGHS}\n{body}\n{field}: *a9\n"
    root = project(tmp_path, "[rules]\npaths = [\"rules/bomb.yaml\"]\n", {"rules/bomb.yaml": text})
    for command in (["scan", "."], ["scan", ".mcp.json"], ["rules"]):
        result = run(*command, cwd=root)
        clean_error(result, "bomb.yaml:", "aliases expand")
        assert result.elapsed < 20  # type: ignore[attr-defined]


def test_rule_yaml_deep_nesting_and_huge_file(tmp_path: Path) -> None:
    root = project(tmp_path, "[rules]\npaths = [\"rules\"]\n",
                   {"rules/deep.yaml": "summary: " + "[" * 100_000 + "]" * 100_000 + "\n"})
    clean_error(run("rules", cwd=root), "deep.yaml", "deeper than")
    (root / "rules/deep.yaml").unlink()
    sparse(root / "rules/huge.yaml", 2 << 20)
    clean_error(run("scan", ".", cwd=root), "huge.yaml", "limit")


# --- §5: no super-linear parse -------------------------------------------------------------------

DOTTED = "a" + ".a" * 100_000 + " = 1\n"


def test_toml_dotted_key_of_100000_parts_in_a_scanned_file(tmp_path: Path) -> None:
    root = project(tmp_path, files={".codex/config.toml": "[mcp_servers.x]\ncommand = \"npx\"\n" + DOTTED})
    result = run("scan", ".", "--format", "json", cwd=root)
    finding = mcp001(result, "config.toml", "dotted key deeper than")
    assert (finding["line"], finding["column"]) == (3, 1)
    assert result.elapsed < 10  # type: ignore[attr-defined]


def test_toml_dotted_key_in_the_config_and_in_a_header(tmp_path: Path) -> None:
    root = project(tmp_path, "select = [\"MCP2\"]\n" + DOTTED)
    clean_error(run("scan", ".", cwd=root), ".mcplint.toml:2:", "dotted key deeper than")
    header = "[" + ".".join(['"q"'] * 100_000) + "]\n"
    root2 = project(tmp_path / "b", header)
    clean_error(run("scan", ".", cwd=root2), ".mcplint.toml:1:")


def test_text_report_of_thousands_of_fixable_findings_in_one_file(tmp_path: Path) -> None:
    """The text report marks each fixable finding ``[*]`` after a dry fix of the file: each
    finding must find its server and the file's text positions without going over every server
    and every character again (quadratic: minutes for 5,000 servers, not seconds)."""
    import hashlib

    def key(i: int) -> str:
        return hashlib.sha256(str(i).encode()).hexdigest()[:20] + hashlib.sha256(str(-i).encode()).hexdigest()[:20].upper()

    servers = {f"s{i}": {"command": "npx", "args": ["-y", f"pkg-{i}@1.0.{i}"], "env": {"ACME_API_KEY": key(i)}}
               for i in range(5000)}
    root = project(tmp_path, files={".mcp.json": json.dumps({"mcpServers": servers}, indent=2)})
    result = run("scan", ".mcp.json", "--select", "MCP101", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    found, fixable = result.stdout.count("  MCP101  "), result.stdout.count("  MCP101  [*] ")
    assert fixable == found > 4900, result.stdout[-2000:]  # (a few keys of the 5,000 look made up)
    assert f"[*] {found} findings fixable with --fix" in result.stdout
    assert result.elapsed < 40  # type: ignore[attr-defined]
    diff = run("scan", ".mcp.json", "--select", "MCP101", "--diff", cwd=root)  # the fix, as a diff: a matcher
    assert diff.returncode == 1 and "Traceback" not in diff.stderr, diff.stderr[-2000:]  # and a mask per secret
    assert diff.stdout.count("\n+        \"ACME_API_KEY\": \"${ACME_API_KEY}\"") == found, diff.stdout[-2000:]
    assert not any(key(i) in diff.stdout for i in range(5000))
    assert diff.elapsed < 40  # type: ignore[attr-defined]


@pytest.mark.parametrize("name, text, words", [
    ("deep-inline-tables", "[mcp_servers.x]\nenv = " + "{a=" * 100_000 + "1" + "}" * 100_000 + "\n", ("too deep",)),
    ("deep-arrays", "[mcp_servers.x]\nargs = " + "[" * 100_000 + "]" * 100_000 + "\n", ("too deep",)),
    ("many-keys", "[mcp_servers.x]\ncommand = \"npx\"\n[mcp_servers.x.env]\n"
     + "".join(f"K{i} = \"v\"\n" for i in range(200_000)), None),
    ("many-tables", "".join(f"[mcp_servers.s{i}]\ncommand = \"npx\"\n" for i in range(100_000)), None),
    ("huge-integer", "[mcp_servers.x]\ncommand = \"npx\"\ntimeout = " + "9" * 1_000_000 + "\n", ("invalid TOML",)),
    ("long-key", "[mcp_servers.x]\ncommand = \"npx\"\n" + "k" * 3_000_000 + " = 1\n", None),
])
def test_toml_pathologies_end_quickly(tmp_path: Path, name: str, text: str, words: tuple[str, ...] | None) -> None:
    root = project(tmp_path, files={".codex/config.toml": text})
    result = run("scan", ".codex/config.toml", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    if words:
        mcp001(result, "config.toml", *words)
    else:
        assert "internal error" not in result.stderr
    assert result.elapsed < 30, name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name, file, text, words", [
    ("yaml-deep-flow", ".continue/mcpServers/a.yaml", "mcpServers: " + "[" * 100_000 + "]" * 100_000, ("deeper",)),
    ("yaml-deep-block", ".continue/mcpServers/a.yaml",
     "mcpServers:\n" + "".join(" " * i + "- \n" for i in range(2000)), None),
    ("yaml-laughs", ".continue/mcpServers/a.yaml", LAUGHS + "\nmcpServers: *a9\n", ("aliases expand",)),
    ("yaml-long-key", ".continue/mcpServers/a.yaml", "mcpServers:\n  - name: x\n    " + "k" * 3_000_000 + ": 1\n", None),
    ("yaml-huge-int", ".continue/mcpServers/a.yaml", "mcpServers:\n  - name: x\n    t: " + "9" * 1_000_000 + "\n", None),
    ("yaml-many-anchors", ".continue/mcpServers/a.yaml",
     "x: [" + ", ".join(f"&a{i} v" for i in range(100_000)) + "]\nmcpServers: []\n", None),
    ("json-deep", ".mcp.json", "[" * 1_000_000 + "]" * 1_000_000, ("nesting deeper",)),
    ("jsonc-deep-comments", ".vscode/mcp.json", "/*x*/[" * 200_000 + "]" * 200_000, ("nesting deeper",)),
    ("json-huge-int", ".mcp.json", '{"mcpServers": {"x": {"command": "npx", "t": ' + "9" * 5_000_000 + "}}}", None),
    ("json-long-key", ".mcp.json", '{"mcpServers": {"x": {"command": "npx", "' + "k" * 10_000_000 + '": 1}}}', None),
    ("json-many-keys", ".mcp.json", '{"mcpServers": {"x": {"command": "npx", "env": {'
     + ", ".join(f'"K{i}": "v"' for i in range(500_000)) + "}}}}", None),
    ("json-many-dupes", ".mcp.json", '{"mcpServers": {"x": {"command": "npx", "env": {'
     + ", ".join('"K": "v"' for _ in range(300_000)) + "}}}}", None),
])
def test_yaml_and_json_pathologies_end_quickly(tmp_path: Path, name: str, file: str, text: str,
                                               words: tuple[str, ...] | None) -> None:
    root = project(tmp_path, files={file: text})
    result = run("scan", file, "--format", "json", cwd=root)
    assert result.returncode in (0, 1), (name, result.stderr[-2000:])
    if words:
        mcp001(result, Path(file).name, *words)
    else:
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
        json.loads(result.stdout)
    assert result.elapsed < 40, name  # type: ignore[attr-defined]


# --- §4: no injection through names ------------------------------------------------------------

EVIL = "evil\x1b[2J\x1b[1A\rNo findings\u202egnp.\x07\x9b31m\u2066x\u2069\x7f"


def _no_raw_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
           or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"]
    assert not bad, [hex(ord(c)) for c in bad]


def test_inventory_escapes_control_characters(tmp_path: Path) -> None:
    config = {"mcpServers": {EVIL: {"command": "npx", "args": ["-y", "pkg" + EVIL], "env": {EVIL: "x"},
                                    "url": "https://x.example.com/" + EVIL}}}
    root = project(tmp_path, files={".mcp.json": json.dumps(config)})
    for fmt in ("text", "json"):
        result = run("inventory", ".", "--format", fmt, cwd=root)
        assert result.returncode in (0, 1), result.stderr
        _no_raw_controls(result.stdout)
        _no_raw_controls(result.stderr)
        assert "\\x1b" in result.stdout or "\\u001b" in result.stdout


def test_policy_reason_and_config_strings_are_escaped_on_stderr(tmp_path: Path) -> None:
    config = ("[policy]\nmode = \"allowlist\"\n[[policy.blocked]]\nname = \"remote\"\nreason = "
              + json.dumps(EVIL) + "\n")
    root = project(tmp_path, config)
    result = run("inventory", ".", cwd=root)
    _no_raw_controls(result.stdout + result.stderr)
    bad_key = project(tmp_path / "b", json.dumps(EVIL) + " = 1\n")
    result = run("scan", ".", cwd=bad_key)
    clean_error(result, ".mcplint.toml:1:")
    _no_raw_controls(result.stderr)
    bad_path = project(tmp_path / "c", "baseline = " + json.dumps("missing" + EVIL) + "\n")
    result = run("scan", ".", cwd=bad_path)
    clean_error(result, "missing")
    _no_raw_controls(result.stderr)
