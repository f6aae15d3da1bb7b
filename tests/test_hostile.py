"""Hostile input: every broken file is one MCP001 with a clear message, the rest is analysed.

The directory is built at test time (big, binary and special files are never committed):
random binary, invalid UTF-8, UTF-16 (both byte orders) and UTF-8 with a BOM, CRLF, a 60 MB
file (a bounded parse) and one over the size limit, 100,000-deep nesting, a symbolic link loop,
a FIFO and a device named ``.mcp.json`` (never opened), a directory named ``.mcp.json``,
duplicate keys (MCP002, and the value in use — the last — is analysed), NaN / Infinity / huge
numbers, 10,000 servers, unreadable files and folders; the same for YAML and TOML. Regression
files for crashes found by fuzzing live in fixtures/hostile/ and are scanned too.

Unreadable files and folders: tests run as root here, and root reads everything, so they are
simulated by patching ``os.open`` / ``os.scandir`` to fail with EACCES for the chosen paths; the
chmod-based variant runs only for a non-root user.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from helpers import PACKAGE_ROOT, FIXTURES, invoke

from mcplint.load import MAX_FILE_BYTES
from mcplint.report import FORMATS

HTTP = "http://mcp.example.com/sse"  # a plain-text remote: MCP201, the marker of an analysed file
GOOD = {"mcpServers": {"remote": {"type": "sse", "url": HTTP}}}
GOOD_TEXT = json.dumps(GOOD, indent=2)  # the url is on line 5
YAML_GOOD = f"name: x\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: remote\n    type: sse\n    url: {HTTP}\n"
TOML_GOOD = f'[mcp_servers.remote]\nurl = "{HTTP}"\n'
CONTINUE = ".continue/mcpServers/a.yaml"
CODEX = ".codex/config.toml"
BIG_BYTES = 60_000_000


def _write(root: Path, relative: str, content: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _big_config() -> bytes:
    """60 MB of valid JSON: one server and a long history, as a bloated ~/.claude.json has."""
    head = GOOD_TEXT[:-1] + ',\n  "history": [\n'
    line = '    {"display": "' + "lorem ipsum dolor sit amet " * 3 + '", "pastedContents": {}},\n'
    count = (BIG_BYTES - len(head)) // len(line)
    tail = '    {"display": "end"}\n  ]\n}\n'
    return (head + line * count + tail).encode()


# (relative path, content or a builder, expected) — expected: ("MCP001", words) for a broken
# file; ("MCP201", None) for a file that must be analysed (its plain-text remote found on its line).
Expect = tuple[str, Any]
CASES: list[tuple[str, Callable[[Path, str], Any], Expect]] = []


def case(relative: str, expected: Expect) -> Callable[[Callable[[Path, str], Any]], Callable[[Path, str], Any]]:
    def register(build: Callable[[Path, str], Any]) -> Callable[[Path, str], Any]:
        CASES.append((relative, build, expected))
        return build
    return register


def content(relative: str, data: bytes | str, expected: Expect) -> None:
    CASES.append((relative, lambda root, rel: _write(root, rel, data), expected))


rng = random.Random(20251122)
content("binary/.mcp.json", bytes(rng.randrange(256) for _ in range(4096)), ("MCP001", "binary data"))
content("badutf8/.mcp.json", b'{"mcpServers": {"a": {"command": "np\xff\xfex"}}}', ("MCP001", "invalid UTF-8"))
content("utf16le/.mcp.json", codecs.BOM_UTF16_LE + GOOD_TEXT.encode("utf-16-le"), ("MCP201", None))
content("utf16be/.mcp.json", codecs.BOM_UTF16_BE + GOOD_TEXT.encode("utf-16-be"), ("MCP201", None))
content("utf8bom/.mcp.json", codecs.BOM_UTF8 + GOOD_TEXT.encode(), ("MCP201", None))
content("crlf/.mcp.json", GOOD_TEXT.replace("\n", "\r\n"), ("MCP201", None))
content("deep/.mcp.json", "[" * 100_000 + "]" * 100_000, ("MCP001", "nesting deeper than 512"))
content("deepobj/.mcp.json", '{"a":' * 100_000 + "1" + "}" * 100_000, ("MCP001", "nesting deeper than 512"))
content("deepjsonc/.vscode/mcp.json", "// c\n" + "[" * 100_000 + "]" * 100_000, ("MCP001", "nesting deeper than 512"))
content("empty/.mcp.json", "", ("MCP001", "empty file"))
content("syntax/.mcp.json", '{"mcpServers": {"a": {"command": "node" "args": []}}}', ("MCP001", "expected ','"))
content("unterminated/.mcp.json", '{"mcpServers": {"a": "' + "\\\"" * 50_000, ("MCP001", "invalid string"))
content("numbers/.mcp.json", GOOD_TEXT[:-1] + ', "n": [NaN, Infinity, -Infinity, 1e999, -0, ' + "9" * 5000 + "]}", ("MCP201", None))
content("dup/.mcp.json",
        '{\n  "mcpServers": {\n    "remote": {"url": "https://safe.example.com/mcp"},\n'
        f'    "remote": {{"type": "sse", "url": "{HTTP}"}}\n  }}\n}}\n', ("MCP201", None))
content("many/.mcp.json", json.dumps({"mcpServers": {
    f"s{i:05d}": ({"type": "sse", "url": HTTP} if i == 9_999 else {"command": "node", "args": [f"server{i}.js"]})
    for i in range(10_000)}}, indent=1), ("MCP201", None))
content("deeplegal/.mcp.json", GOOD_TEXT[:-1] + ', "x": ' + "[" * 500 + "]" * 500 + "}", ("MCP201", None))
content("ok/.mcp.json", GOOD_TEXT, ("MCP201", None))
content("ok/.cursor/mcp.json", GOOD_TEXT, ("MCP201", None))
# YAML (Continue) and TOML (Codex)
content(f"y-binary/{CONTINUE}", bytes(rng.randrange(256) for _ in range(2048)), ("MCP001", "binary data"))
content(f"y-badutf8/{CONTINUE}", b"mcpServers:\n  - name: \xff\xfe\n", ("MCP001", "invalid UTF-8"))
content(f"y-utf16/{CONTINUE}", codecs.BOM_UTF16_LE + YAML_GOOD.encode("utf-16-le"), ("MCP201", None))
content(f"y-bom-crlf/{CONTINUE}", codecs.BOM_UTF8 + YAML_GOOD.replace("\n", "\r\n").encode(), ("MCP201", None))
content(f"y-deep/{CONTINUE}", "a: " + "[" * 100_000 + "]" * 100_000, ("MCP001", "nesting deeper than 512"))
content(f"y-deepblock/{CONTINUE}", "".join(" " * i + "a:\n" for i in range(600)), ("MCP001", "nesting deeper than 512"))
content(f"y-bomb/{CONTINUE}", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        + "mcpServers: *i\n", ("MCP001", "aliases expand"))
content(f"y-recursive/{CONTINUE}", "a: &a [*a]\nmcpServers: *a\n", ("MCP001", "recursive alias"))
content(f"y-dup/{CONTINUE}", f"mcpServers:\n  - name: remote\n    type: sse\n    url: https://safe.example.com\n    url: {HTTP}\n", ("MCP201", None))
content(f"y-numbers/{CONTINUE}", YAML_GOOD + "    args: [.nan, .inf, -.inf, " + "9" * 5000 + ", 0x" + "f" * 100 + "]\n", ("MCP201", None))
content(f"y-many/{CONTINUE}", "mcpServers:\n" + "".join(f"  - name: s{i}\n    command: node\n    args: [s{i}.js]\n" for i in range(999))
        + f"  - name: remote\n    type: sse\n    url: {HTTP}\n", ("MCP201", None))
content(f"y-tab/{CONTINUE}", "mcpServers:\n\t- name: r\n", ("MCP001", "invalid YAML"))
content(f"y-multi/{CONTINUE}", "a: 1\n---\nb: 2\n", ("MCP001", "multiple YAML documents"))
content(f"t-binary/{CODEX}", bytes(rng.randrange(256) for _ in range(2048)), ("MCP001", "binary data"))
content(f"t-utf16/{CODEX}", codecs.BOM_UTF16_BE + TOML_GOOD.encode("utf-16-be"), ("MCP201", None))
content(f"t-bom-crlf/{CODEX}", codecs.BOM_UTF8 + TOML_GOOD.replace("\n", "\r\n").encode(), ("MCP201", None))
content(f"t-deep/{CODEX}", "a = " + "[" * 100_000 + "]" * 100_000 + "\n", ("MCP001", "nesting is too deep"))
content(f"t-dup/{CODEX}", TOML_GOOD + f'url = "{HTTP}"\n', ("MCP001", "invalid TOML"))
content(f"t-numbers/{CODEX}", TOML_GOOD + "args = [nan, inf, -inf, 1e999]\n", ("MCP201", None))
content(f"t-many/{CODEX}", "".join(f'[mcp_servers.s{i}]\ncommand = "node"\nargs = ["s{i}.js"]\n' for i in range(999)) + TOML_GOOD,
        ("MCP201", None))


@case("big/.mcp.json", ("MCP201", None))
def _big(root: Path, rel: str) -> None:
    _write(root, rel, _big_config())


@case("toobig/.mcp.json", ("MCP001", "over the"))
def _toobig(root: Path, rel: str) -> None:
    path = _write(root, rel, b"{")
    os.truncate(path, MAX_FILE_BYTES + 1)  # sparse: no disk, and never read


@case(f"y-toobig/{CONTINUE}", ("MCP001", "limit for YAML"))
def _toobig_yaml(root: Path, rel: str) -> None:
    _write(root, rel, YAML_GOOD + "# " + "x" * (MAX_FILE_BYTES // 16) + "\n")


@case("loop/.mcp.json", ("MCP001", "symbolic link loop"))
def _loop(root: Path, rel: str) -> None:
    (root / rel).parent.mkdir(parents=True)
    os.symlink(".mcp.json", root / rel)


@case("dangling/.mcp.json", ("MCP001", "broken symbolic link"))
def _dangling(root: Path, rel: str) -> None:
    (root / rel).parent.mkdir(parents=True)
    os.symlink("nowhere.json", root / rel)


@case("linkdirloop/.mcp.json", ("MCP201", None))
def _dir_loop(root: Path, rel: str) -> None:
    _write(root, rel, GOOD_TEXT)
    os.symlink("..", root / "linkdirloop" / "up")  # a folder link to an ancestor: never followed


@case("fifo/.mcp.json", ("MCP001", "not a regular file"))
def _fifo(root: Path, rel: str) -> None:
    (root / rel).parent.mkdir(parents=True)
    os.mkfifo(root / rel)


@case("fifo-sniffed/servers.json", None)  # not named like a config: sniffing must not open it
def _fifo_sniffed(root: Path, rel: str) -> None:
    (root / rel).parent.mkdir(parents=True)
    os.mkfifo(root / rel)


@case("device/.mcp.json", ("MCP001", "not a regular file"))
def _device(root: Path, rel: str) -> None:
    (root / rel).parent.mkdir(parents=True)
    os.symlink("/dev/zero", root / rel)  # read() would never end


@case("dirnamed/.mcp.json", ("MCP001", "is a directory"))
def _dir_named(root: Path, rel: str) -> None:
    (root / rel).mkdir(parents=True)
    _write(root / rel, ".cursor/mcp.json", GOOD_TEXT)  # what is inside is still scanned


@case("unreadable/.mcp.json", ("MCP001", "Permission denied"))
def _unreadable(root: Path, rel: str) -> None:
    _write(root, rel, GOOD_TEXT)


@case("unreadable-dir", ("MCP001", "folder cannot be read (Permission denied)"))
def _unreadable_dir(root: Path, rel: str) -> None:
    _write(root, rel + "/.mcp.json", GOOD_TEXT)


def _url_line(path: Path) -> int:
    """The line of the last plain-text URL in the file: where its MCP201 must point."""
    from mcplint.load import decode

    lines = decode(path.read_bytes()).split("\n")
    return max(i for i, line in enumerate(lines, 1) if HTTP in line)


def _regressions() -> list[Path]:
    folder = FIXTURES / "hostile"
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "README.md") if folder.is_dir() else []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX only: FIFOs, devices and symbolic links")
    root = tmp_path_factory.mktemp("hostile")
    for relative, build, _ in CASES:
        build(root, relative)
    return root


def _deny(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Simulate what root cannot: EACCES on one file and one folder."""
    denied_file = str(root / "unreadable" / ".mcp.json")
    denied_dir = str(root / "unreadable-dir")
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == denied_file:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), denied_file)
        return real_open(path, *args, **kwargs)

    def fake_scandir(path: Any = ".") -> Any:
        if os.fspath(path) == denied_dir:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), denied_dir)
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)


def _scan(args: list[str], cwd: Path, timeout: float = 240) -> Any:
    """The CLI in-process, in a thread: a scan that blocks (a FIFO opened) fails, not hangs."""
    result: list[Any] = []
    old = os.getcwd()
    os.chdir(cwd)
    try:
        worker = threading.Thread(target=lambda: result.append(invoke(args)), daemon=True)
        worker.start()
        worker.join(timeout)
    finally:
        os.chdir(old)
    assert result, f"the scan did not finish in {timeout} s (blocked on a FIFO or a device?)"
    return result[0]


def test_every_broken_file_is_one_clear_mcp001_and_the_rest_is_analysed(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, hostile)
    result = _scan(["scan", ".", *map(str, _regressions()), "--format", "json", "--exit-zero"], hostile)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], []).append(finding)
    for relative, _, expected in CASES:
        found = by_file.get(relative, [])
        if expected is None:
            assert not found, (relative, found)
            continue
        rule, detail = expected
        broken = [f for f in found if f["rule"] == "MCP001"]
        if rule == "MCP001":
            assert len(broken) == 1, (relative, found)
            assert detail in broken[0]["message"], (relative, broken[0]["message"])
            assert len(broken[0]["message"]) < 200
        else:
            assert not broken, (relative, broken)
            lines = [f["line"] for f in found if f["rule"] == rule]
            assert _url_line(hostile / relative) in lines, (relative, rule, found[:5])
    assert "dirnamed/.mcp.json/.cursor/mcp.json" in by_file  # inside the folder named like a file
    duplicates = [f for f in by_file["dup/.mcp.json"] if f["rule"] == "MCP002"]
    assert len(duplicates) == 1 and duplicates[0]["line"] == 4  # and MCP201 is on the last one
    assert report["files_scanned"] >= len([c for c in CASES if c[2] is not None])


@pytest.mark.parametrize("fmt", FORMATS)
def test_regression_inputs_in_every_format(fmt: str, tmp_path: Path) -> None:
    """Each fixtures/hostile/ file gets a verdict in every format (a lone surrogate in a server
    name once crashed every writer but github's with UnicodeEncodeError)."""
    files = [str(p) for p in _regressions()]
    assert files
    result = _scan(["scan", *files, "--format", fmt, "--no-color"], tmp_path)
    assert result.exit_code == 1 and "internal error" not in result.output, result.output[-2000:]
    if fmt == "json":
        report = json.loads(result.output)
        verdicts = {f["file"] for f in report["findings"]}
        assert report["files_scanned"] == len(files)
        assert {f for f in files if "trailing-comma" in f or "unterminated" in f or "escaped-quote" in f} <= verdicts


def test_the_cli_exits_1_with_no_traceback_and_a_traceback_only_with_debug(hostile: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")])}
    slow = {"big", "many"}  # analysed in-process above; here the point is what reaches the user
    folders = sorted({relative.split("/")[0] for relative, _, _ in CASES} - slow)
    run = subprocess.run([sys.executable, "-m", "mcplint", "scan", *folders], cwd=hostile, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stdout + run.stderr and not run.stderr.strip()
    assert "MCP001" in run.stdout and "MCP201" in run.stdout
    for relative, _, expected in CASES:
        if expected is not None and relative.split("/")[0] not in slow and "unreadable" not in relative:
            assert relative in run.stdout, relative


def test_an_internal_error_is_one_line_and_its_traceback_needs_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, ".mcp.json", GOOD_TEXT)
    import mcplint.normalize

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(mcplint.normalize, "servers_of", explode)
    monkeypatch.setattr("mcplint.scan.servers_of", explode)
    quiet = _scan(["scan", "."], tmp_path)
    assert quiet.exit_code == 2 and "Traceback" not in quiet.output and "--debug" in quiet.output
    loud = _scan(["scan", ".", "--debug"], tmp_path)
    assert isinstance(loud.exception, ZeroDivisionError)


def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, ".mcp.json", GOOD_TEXT)

    def interrupt(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("mcplint.scan.servers_of", interrupt)
    quiet = _scan(["scan", "."], tmp_path)
    assert quiet.exit_code == 130 and quiet.output.strip() == "mcplint: interrupted"
    with pytest.raises(KeyboardInterrupt):  # --debug lets it through, traceback and all
        invoke(["scan", ".", "--debug"], cwd=tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything: simulated in the test above")
def test_unreadable_file_and_folder_by_permissions(tmp_path: Path) -> None:
    _write(tmp_path, "a/.mcp.json", GOOD_TEXT)
    _write(tmp_path, "b/.mcp.json", GOOD_TEXT)
    _write(tmp_path, "c/.mcp.json", GOOD_TEXT)
    os.chmod(tmp_path / "a" / ".mcp.json", 0)
    os.chmod(tmp_path / "b", 0)
    try:
        report = json.loads(_scan(["scan", ".", "-f", "json"], tmp_path).output)
    finally:
        os.chmod(tmp_path / "a" / ".mcp.json", 0o644)
        os.chmod(tmp_path / "b", 0o755)
    messages = {(f["file"], f["rule"]): f["message"] for f in report["findings"]}
    assert "Permission denied" in messages[("a/.mcp.json", "MCP001")]
    assert "cannot be read" in messages[("b", "MCP001")]
    assert ("c/.mcp.json", "MCP201") in messages


def test_named_special_files_and_missing_paths_each_get_a_verdict(hostile: Path) -> None:
    names = ["fifo/.mcp.json", "device/.mcp.json", "loop/.mcp.json", "dangling/.mcp.json", "dirnamed/.mcp.json",
             "fifo-sniffed/servers.json", "ok/.mcp.json"]
    report = json.loads(_scan(["scan", *names, "-f", "json"], hostile).output)
    broken = {f["file"] for f in report["findings"] if f["rule"] == "MCP001"}
    assert broken == set(names) - {"ok/.mcp.json"}
    assert _scan(["scan", *names, "no/such/file.json"], hostile).exit_code == 2  # a usage error (issue 15)


def test_a_fifo_named_gitignore_does_not_block_the_walk(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX only")
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / ".gitignore")  # read by the walk's set-up (the work tree's top)
    _write(tmp_path, "sub/.mcp.json", GOOD_TEXT)
    os.mkfifo(tmp_path / "sub" / ".gitignore")  # met while walking
    for target in (".", "sub"):
        report = json.loads(_scan(["scan", target, "-f", "json"], tmp_path, timeout=60).output)
        assert [f["rule"] for f in report["findings"] if f["file"].endswith("sub/.mcp.json")].count("MCP201") == 1
