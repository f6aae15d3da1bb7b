"""Publisher files: registry ``server.json``, MCPB ``manifest.json`` and ``.mcpb`` bundles, scanned
and inventoried before anything is installed (issue 24)."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from helpers import FIXTURES, invoke, scan_with_jobs
from mcplint.load.bundle import Limits, read_manifest
from mcplint.model import LoadError

PUBLISHER = FIXTURES / "publisher"


def _findings(*args: str, cwd: Path) -> tuple[int, list[dict]]:
    result = invoke(["scan", "--format", "json", *args], cwd=cwd)
    assert result.exception is None, result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _summary(findings: list[dict]) -> list[tuple[str, int, str]]:
    return sorted((f["rule"], f["line"], f["severity"]) for f in findings)


EXPECTED = {
    "registry-bad/server.json": [
        ("MCP101", 13, "medium"), ("MCP201", 40, "high"), ("MCP501", 10, "low"), ("MCP501", 19, "low"),
        ("MCP501", 27, "low"), ("MCP801", 32, "high"), ("MCP802", 13, "high"), ("MCP802", 42, "high"),
        ("MCP805", 22, "high"), ("MCP806", 28, "high"),
    ],
    "bundle-bad/manifest.json": [
        ("MCP503", 15, "low"), ("MCP503", 16, "low"), ("MCP505", 11, "medium"), ("MCP803", 21, "medium"),
        ("MCP804", 12, "medium"), ("MCP804", 12, "medium"), ("MCP807", 15, "medium"), ("MCP807", 16, "medium"),
        ("MCP808", 2, "low"),
    ],
    "registry-good/server.json": [],
    "bundle-good/manifest.json": [],
    "bundle-python/manifest.json": [("MCP506", 15, "info")],  # server/lib inside the bundle: info
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings_through_the_cli(name: str) -> None:
    code, found = _findings(f"fixtures/publisher/{name}", cwd=FIXTURES.parent)
    assert _summary(found) == sorted(EXPECTED[name])
    assert code == (1 if any(severity != "info" for _, _, severity in EXPECTED[name]) else 0)
    assert all(f["file"] == f"fixtures/publisher/{name}" for f in found)


def test_findings_name_fields_never_values() -> None:
    _, found = _findings("fixtures/publisher/registry-bad/server.json", cwd=FIXTURES.parent)
    text = json.dumps(found)
    assert "tk_live_4f9a8b7c6d5e4f3a2b1c0d9e" not in text and "changeme-tickets-key" not in text
    by_rule = {f["rule"]: f for f in found}
    assert by_rule["MCP801"]["pointer"] == "/packages/3/registryType"
    assert by_rule["MCP806"]["pointer"] == "/packages/2/runtimeHint"
    assert by_rule["MCP201"]["pointer"] == "/remotes/0/url"


def test_directory_scan_finds_publisher_files_and_skips_lookalike_manifests(tmp_path: Path) -> None:
    shutil.copytree(PUBLISHER, tmp_path / "p")
    _bundle(tmp_path / "p" / "release" / "notes.mcpb", (PUBLISHER / "bundle-bad" / "manifest.json").read_bytes())
    result = invoke(["scan", "--format", "json", "p"], cwd=tmp_path)
    report = json.loads(result.stdout)
    files = {f["file"] for f in report["findings"] if f["severity"] != "info"}
    assert files == {"p/registry-bad/server.json", "p/bundle-bad/manifest.json", "p/release/notes.mcpb!manifest.json"}
    # good files are read (positive evidence), web/Chrome manifests and a non-registry server.json are not
    assert report["files_scanned"] == 6
    inventory = json.loads(invoke(["inventory", "--format", "json", "p"], cwd=tmp_path).stdout)
    assert not any("not-mcp" in f for f in inventory["files"])
    assert not inventory["errors"]


def test_bundle_findings_point_into_its_manifest(tmp_path: Path) -> None:
    manifest = (PUBLISHER / "bundle-bad" / "manifest.json").read_bytes()
    _bundle(tmp_path / "deploy.mcpb", manifest, {"server/index.js": b"console.log(1)"})
    code, found = _findings("deploy.mcpb", cwd=tmp_path)
    assert code == 1
    assert _summary(found) == sorted(EXPECTED["bundle-bad/manifest.json"])
    assert {f["file"] for f in found} == {"deploy.mcpb!manifest.json"}
    text = invoke(["scan", "deploy.mcpb"], cwd=tmp_path).stdout
    assert text.startswith("deploy.mcpb!manifest.json\n") and "12:27" in text
    assert '"args": ["--token", "${user_config.api_token}"' in text  # the manifest's source line is shown


def test_named_manifest_that_is_not_mcp_is_not_a_finding(tmp_path: Path) -> None:
    for name in ("webapp", "chrome-extension", "other-server-json"):
        for file in (PUBLISHER / "not-mcp" / name).iterdir():
            code, found = _findings(str(file), cwd=tmp_path)
            assert (code, found) == (0, [])


# ---------------------------------------------------------------------------------------------
# Hostile bundles: one MCP001 each, nothing written, no traceback
# ---------------------------------------------------------------------------------------------

MANIFEST = (PUBLISHER / "bundle-good" / "manifest.json").read_bytes()


def _bundle(path: Path, manifest: bytes | None = MANIFEST, members: dict[str, bytes] | None = None,
            compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as archive:
        if manifest is not None:
            archive.writestr("manifest.json", manifest)
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return path


def _encrypted(path: Path) -> None:
    _bundle(path)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    path.write_bytes(bytes(data))


def _symlink(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", MANIFEST)
        link = zipfile.ZipInfo("server/node")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/usr/bin/../../etc/passwd")


def _duplicate(path: Path) -> None:
    with pytest.warns(UserWarning):
        _bundle(path, members={"manifest.json": b'{"manifest_version": "0.3"}'})


HOSTILE = {
    "traversal": (lambda p: _bundle(p, members={"../evil.sh": b"rm -rf ~"}), "'..' segment"),
    "absolute": (lambda p: _bundle(p, members={"/etc/cron.d/evil": b"* * * * * root sh"}), "absolute path"),
    "windows-absolute": (lambda p: _bundle(p, members={"C:\\evil.bat": b"del"}), "absolute path"),
    "duplicate": (_duplicate, "twice"),
    "encrypted": (_encrypted, "encrypted"),
    "symlink": (_symlink, "symbolic link"),
    "bomb": (lambda p: _bundle(p, members={"data.bin": b"\0" * (40 * 1024 * 1024)}), "zip bomb"),
    "huge-manifest": (lambda p: _bundle(p, b'{"manifest_version": "0.3"' + b" " * (2 * 1024 * 1024) + b"}"),
                      "over the 1,048,576-byte limit"),
    "nested": (lambda p: _bundle(p, None, {"inner.mcpb": _bundle(p.with_suffix(".inner"), MANIFEST).read_bytes()}),
               "nested archive 'inner.mcpb'"),
    "manifest-is-zip": (lambda p: _bundle(p, _bundle(p.with_suffix(".inner")).read_bytes()), "itself a zip"),
    "no-manifest": (lambda p: _bundle(p, None, {"server/index.js": b"x"}), "no manifest.json at its root"),
    "corrupt": (lambda p: p.write_bytes(_bundle(p).read_bytes()[:150]), "not a valid .mcpb bundle"),
    "not-a-zip": (lambda p: p.write_bytes(b'{"manifest_version": "0.3"}'), "not a valid .mcpb bundle"),
    "empty": (lambda p: p.write_bytes(b""), "not a valid .mcpb bundle"),
    "web-manifest": (lambda p: _bundle(p, b'{"name": "app", "start_url": "/"}'), "not an MCPB manifest"),
    "binary-manifest": (lambda p: _bundle(p, b"\xff\xfe\x00garbage"), "manifest"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundle_is_one_clean_mcp001(tmp_path: Path, case: str) -> None:
    make, message = HOSTILE[case]
    work = tmp_path / "work"
    work.mkdir()
    make(work / "evil.mcpb")
    for extra in work.glob("*.inner"):
        extra.unlink()
    before = sorted(p.name for p in work.rglob("*"))
    result = invoke(["scan", "--format", "json", "evil.mcpb"], cwd=work)
    assert result.exception is None and "Traceback" not in result.output
    found = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in found] == ["MCP001"], found
    assert message in found[0]["message"] or message in found[0]["file"]
    assert result.exit_code == 1
    assert sorted(p.name for p in work.rglob("*")) == before  # nothing extracted
    assert not (tmp_path / "evil.sh").exists()


def test_manifest_parse_error_is_at_its_line_inside_the_bundle(tmp_path: Path) -> None:
    _bundle(tmp_path / "b.mcpb", b'{"manifest_version": "0.3",\n  "name": }')
    _, found = _findings("b.mcpb", cwd=tmp_path)
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in found] == [("MCP001", "b.mcpb!manifest.json", 2, 11)]


def test_bundle_limits(tmp_path: Path) -> None:
    many = _bundle(tmp_path / "many.mcpb", members={f"f{i}.txt": b"" for i in range(120)}, compression=zipfile.ZIP_STORED)
    with pytest.raises(LoadError, match="121 members, over the 100 limit"):
        read_manifest(many, Limits(members=100))
    big = _bundle(tmp_path / "big.mcpb", members={"a.bin": b"a" * 300_000, "b.bin": b"b" * 300_000})
    with pytest.raises(LoadError, match="zip bomb"):
        read_manifest(big, Limits(total_uncompressed=500_000))
    with pytest.raises(LoadError, match="zip bomb"):
        read_manifest(big, Limits(member_uncompressed=200_000))
    with pytest.raises(LoadError, match="over the 1,000-byte limit"):
        read_manifest(big, Limits(archive_bytes=1_000))
    assert read_manifest(big) == MANIFEST


def test_a_lying_member_size_is_read_bounded(tmp_path: Path) -> None:
    """A manifest whose header claims fewer bytes than its data holds is never read past the
    claim: the CRC check fails and the bundle is refused."""
    path = _bundle(tmp_path / "lie.mcpb", b'{"manifest_version": "0.3", "pad": "' + b"x" * 5000 + b'"}')
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError):
        read_manifest(path)


# ---------------------------------------------------------------------------------------------
# Inventory: the fingerprint an entry will have once installed
# ---------------------------------------------------------------------------------------------


def _inventory(path: str, cwd: Path) -> list[dict]:
    result = invoke(["inventory", "--format", "json", path], cwd=cwd)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["servers"]


INSTALLED = {
    # what a client config holds once each registry entry (registry-good/server.json) is installed
    "npm": {"command": "npx", "args": ["@example/weather-mcp@1.0.2"],
            "env": {"WEATHER_API_KEY": "${WEATHER_API_KEY}", "WEATHER_UNITS": "metric"}},
    "pypi": {"command": "uvx", "args": ["weather-mcp==1.0.2", "--units", "metric"]},
    "oci": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/example/weather-mcp:1.0.2"]},
    "remote": {"type": "http", "url": "https://{tenant}.weather.example.com/mcp",
               "headers": {"Authorization": "Bearer ${TOKEN}"}},
}


def test_inventory_fingerprint_equals_the_installed_client_entry(tmp_path: Path) -> None:
    published = _inventory(str(PUBLISHER / "registry-good" / "server.json"), tmp_path)
    assert [row["package"] for row in published] == [
        "npm:@example/weather-mcp@1.0.2", "pypi:weather-mcp@1.0.2", "docker:ghcr.io/example/weather-mcp@1.0.2", None]
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": INSTALLED}), "utf-8")
    installed = _inventory(".mcp.json", tmp_path)
    assert [row["fingerprint"] for row in published] == [row["fingerprint"] for row in installed]
    assert len({row["fingerprint"] for row in published}) == 4


def test_inventory_of_a_bundle_matches_its_installed_entry(tmp_path: Path) -> None:
    _bundle(tmp_path / "notes.mcpb")
    rows = _inventory("notes.mcpb", tmp_path)
    assert [(r["name"], r["file"], r["client"]) for r in rows] == [
        ("notes-server", "notes.mcpb!manifest.json", "mcpb"), ("notes-server (win32)", "notes.mcpb!manifest.json", "mcpb")]
    config = json.loads(MANIFEST)["server"]["mcp_config"]
    entry = {"command": config["command"], "args": config["args"], "env": config["env"]}
    (tmp_path / "claude_desktop_config.json").write_text(json.dumps({"mcpServers": {"notes": entry}}), "utf-8")
    assert _inventory("claude_desktop_config.json", tmp_path)[0]["fingerprint"] == rows[0]["fingerprint"]
    assert "${user_config.api_key}" not in json.dumps(rows)  # env listed by name only


def test_bundle_fingerprint_can_be_approved_before_install(tmp_path: Path) -> None:
    _bundle(tmp_path / "notes.mcpb")
    fingerprint = _inventory("notes.mcpb", tmp_path)[0]["fingerprint"]
    (tmp_path / ".mcplint.toml").write_text(f'[[policy.approved]]\nfingerprint = "{fingerprint}"\n', "utf-8")
    rows = _inventory("notes.mcpb", tmp_path)
    assert rows[0]["approval"] == "approved"


# ---------------------------------------------------------------------------------------------
# Stage by stage: detection and normalization
# ---------------------------------------------------------------------------------------------


def _doc(path: Path):
    from mcplint.load import load_file

    return load_file(path)


def test_kind_of_needs_positive_evidence() -> None:
    from mcplint.publisher import MCPB, REGISTRY, kind_of

    registry = json.loads((PUBLISHER / "registry-good" / "server.json").read_text("utf-8"))
    assert kind_of(registry) == REGISTRY
    bare = {k: v for k, v in registry.items() if k != "$schema"}
    assert kind_of(bare, named=True) == REGISTRY and kind_of(bare, named=False) is None
    assert kind_of(json.loads(MANIFEST)) == MCPB
    for name in ("webapp", "chrome-extension", "other-server-json"):
        for file in (PUBLISHER / "not-mcp" / name).iterdir():
            assert kind_of(json.loads(file.read_text("utf-8"))) is None
    assert kind_of({"$schema": "https://json.schemastore.org/claude-code-settings.json", "mcpServers": {}}) is None


def test_registry_packages_become_installed_command_lines() -> None:
    from mcplint.publisher import REGISTRY, servers_of

    doc = _doc(PUBLISHER / "registry-good" / "server.json")
    servers = servers_of(doc, REGISTRY, "server.json")
    assert [(s.command, s.args, s.transport, s.url) for s in servers] == [
        ("npx", ["@example/weather-mcp@1.0.2"], "stdio", None),
        ("uvx", ["weather-mcp==1.0.2", "--units", "metric"], "stdio", None),
        ("docker", ["run", "-i", "--rm", "ghcr.io/example/weather-mcp:1.0.2"], "stdio", None),
        (None, [], "http", "https://{tenant}.weather.example.com/mcp"),
    ]  # the mcpb package is not a server: its bundle says what runs
    npm = servers[0]
    assert npm.env == {"WEATHER_API_KEY": "${WEATHER_API_KEY}", "WEATHER_UNITS": "metric"}
    assert npm.at("env", "WEATHER_UNITS") == ("packages", 0, "environmentVariables", 1, "default")
    assert npm.at("args", 0) == ("packages", 0, "version")
    assert servers[1].at("args", 2) == ("packages", 1, "packageArguments", 0, "value")
    assert servers[3].headers == {"Authorization": "${Authorization}"}


def test_registry_version_shapes() -> None:
    """The command lines VS Code writes when it installs from the registry."""
    from mcplint.publisher import registry_server

    def line(package: dict) -> tuple[str | None, list[str]]:
        server = registry_server("x", {"transport": {"type": "stdio"}, **package}, ("packages", 0), "f")
        return server.command, server.args

    assert line({"registryType": "npm", "identifier": "a-mcp"}) == ("npx", ["a-mcp"])
    assert line({"registryType": "npm", "identifier": "a-mcp", "version": "^1.2"}) == ("npx", ["a-mcp@^1.2"])
    assert line({"registryType": "pypi", "identifier": "a-mcp", "version": "1.2.0"}) == ("uvx", ["a-mcp==1.2.0"])
    assert line({"registryType": "pypi", "identifier": "a-mcp", "version": ">=1.2"}) == ("uvx", ["a-mcp>=1.2"])
    assert line({"registryType": "pypi", "identifier": "a-mcp", "version": "latest"}) == ("uvx", ["a-mcp"])
    assert line({"registryType": "oci", "identifier": "ghcr.io/a/b", "version": "1.0",
                 "environmentVariables": [{"name": "TOKEN", "isSecret": True}]}) == (
        "docker", ["run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/a/b:1.0"])
    assert line({"registryType": "nuget", "identifier": "Acme.Mcp", "version": "1.0.0",
                 "packageArguments": [{"type": "positional", "value": "serve"}]}) == (
        "dnx", ["Acme.Mcp@1.0.0", "--yes", "--", "serve"])
    # runtimeHint is not what the installer runs; runtime arguments come before the spec
    assert line({"registryType": "npm", "identifier": "a-mcp", "version": "1.0.0", "runtimeHint": "bunx",
                 "runtimeArguments": [{"type": "named", "name": "--bun"}]}) == ("npx", ["--bun", "a-mcp@1.0.0"])
    # values the user enters, and URL-style variables, become VS Code inputs
    assert line({"registryType": "npm", "identifier": "a-mcp", "version": "1.0.0", "packageArguments": [
        {"type": "positional", "valueHint": "target_dir", "description": "Folder"},
        {"type": "named", "name": "--port", "description": "Port"},
        {"type": "named", "name": "--db", "value": "postgres://{host}/app", "variables": {"host": {}}},
        {"type": "positional", "valueHint": "literal"}]})[1] == [
        "a-mcp@1.0.0", "${input:target_dir}", "--port", "${input:port}", "--db", "postgres://${input:host}/app", "literal"]


def test_runtime_hint_of_the_same_ecosystem_is_not_a_foreign_launcher(tmp_path: Path) -> None:
    base = {"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
            "name": "io.github.acme/x", "description": "x", "version": "1.0.0"}
    for hint, expected in (("node", []), ("bunx", []), ("uvx", ["MCP806"]), ("docker", ["MCP806"])):
        package = {"registryType": "npm", "identifier": "@acme/x-mcp", "version": "1.0.0", "runtimeHint": hint,
                   "transport": {"type": "stdio"}}
        (tmp_path / "server.json").write_text(json.dumps({**base, "packages": [package]}), "utf-8")
        _, found = _findings("--select", "MCP806", "server.json", cwd=tmp_path)
        assert [f["rule"] for f in found] == expected, hint


def test_bundle_overrides_inherit_and_point_at_the_main_config() -> None:
    from mcplint.publisher import MCPB, servers_of

    doc = _doc(PUBLISHER / "bundle-bad" / "manifest.json")
    main, win32, linux = servers_of(doc, MCPB, "manifest.json")
    assert (win32.command, win32.args[:1]) == ("cmd.exe", ["/c"])
    assert linux.args == main.args and linux.at("args", 0) == ("server", "mcp_config", "args", 0)
    assert linux.at("command") == ("server", "mcp_config", "platform_overrides", "linux", "command")
    assert win32.env == main.env and win32.at("env", "DEPLOY_REGION") == ("server", "mcp_config", "env", "DEPLOY_REGION")


def test_bundle_without_mcp_config_runs_its_entry_point() -> None:
    from mcplint.load.jsonc import load_jsonc
    from mcplint.publisher import MCPB, servers_of

    data = {"manifest_version": "0.3", "name": "uvtool", "server": {"type": "uv", "entry_point": "src/server.py"}}
    (server,) = servers_of(load_jsonc(json.dumps(data)), MCPB, "manifest.json")
    assert (server.command, server.args, server.client) == ("uv", ["run", "src/server.py"], MCPB)
    assert server.at("command") == ("server", "entry_point")


def test_secret_names() -> None:
    from mcplint.facts.publisher import secret_name

    for name in ("api_key", "apiKey", "GITHUB_TOKEN", "dbPassword", "client_secret", "Personal access token"):
        assert secret_name(name), name
    for name in ("max_tokens", "token_file", "api_key_env", "username", "region", "secretary_name", "keyboard"):
        assert not secret_name(name), name


def test_broken_publisher_file_in_a_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "server.json").write_text(
        '{"$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",\n "name": }', "utf-8")
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "manifest.json").write_text('{"manifest_version": "0.3", "server": {"mcp_config": ', "utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "manifest.json").write_text('{"name": "app", ', "utf-8")  # no marker: not ours
    code, found = _findings(".", cwd=tmp_path)
    assert sorted((f["rule"], f["file"], f["line"]) for f in found) == [
        ("MCP001", "ext/manifest.json", 1), ("MCP001", "server.json", 2)]
    assert code == 1


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_bundle_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.mcpb")
    _, found = _findings("pipe.mcpb", cwd=tmp_path)
    assert [f["rule"] for f in found] == ["MCP001"] and "not a regular file" in found[0]["message"]


def test_an_unpacked_bundle_folder_is_scanned_through_its_manifest(tmp_path: Path) -> None:
    (tmp_path / "deploy.mcpb").mkdir()
    shutil.copy(PUBLISHER / "bundle-bad" / "manifest.json", tmp_path / "deploy.mcpb" / "manifest.json")
    _, found = _findings("deploy.mcpb", cwd=tmp_path)
    assert {f["file"] for f in found} == {"deploy.mcpb/manifest.json"}
    assert _summary(found) == sorted(EXPECTED["bundle-bad/manifest.json"])


def test_dxt_is_the_former_bundle_suffix(tmp_path: Path) -> None:
    from mcplint.load import format_for

    assert format_for("a/ext.dxt") == format_for("a/ext.MCPB") == "mcpb"
    _bundle(tmp_path / "old.dxt", (PUBLISHER / "bundle-bad" / "manifest.json").read_bytes())
    _, found = _findings(".", cwd=tmp_path)
    assert {f["file"] for f in found} == {"old.dxt!manifest.json"}


WRONG_TYPES = [None, 7, "a; b", [], {"k": 1}, True]


def _pointers(data, at=()):
    yield at
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _pointers(value, at + (key,))


@pytest.mark.parametrize("fixture", ["registry-bad/server.json", "bundle-bad/manifest.json"])
def test_any_field_of_any_type_gives_findings_not_errors(tmp_path: Path, fixture: str) -> None:
    """Every field of a publisher file replaced by a value of each wrong type: normalize, every
    rule, the fingerprint and the inventory row still work (a hostile manifest crashes nothing)."""
    import copy

    from mcplint.engine import Evaluator
    from mcplint.identity import fingerprint
    from mcplint.inventory import row_for
    from mcplint.model import SourceFile
    from mcplint.ruleset import load_rules
    from mcplint.scan import load_source

    evaluator = Evaluator([r for r in load_rules().values() if r.id != "MCP009"])
    base = json.loads((PUBLISHER / fixture).read_text("utf-8"))
    path = tmp_path / Path(fixture).name
    source = SourceFile(path, path.name, None, "project", None, True)
    for pointer in [p for p in _pointers(base) if p]:
        for value in WRONG_TYPES:
            data = copy.deepcopy(base)
            node = data
            for key in pointer[:-1]:
                node = node[key]
            node[pointer[-1]] = value
            path.write_text(json.dumps(data), "utf-8")
            loaded = load_source(source)
            if loaded is None:  # no longer a publisher file at all: skipped, which is no error either
                continue
            evaluator.run(loaded)
            for server in loaded.servers:
                assert fingerprint(server).startswith("sha256:")
                row_for(server, source, 1)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_pooled_scan_reports_bundles_as_a_serial_scan_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           fmt: str) -> None:
    """Bundles judged in pool workers are shown as in a serial scan: ``x.mcpb!manifest.json``,
    with the manifest's source lines."""
    for i in range(12):
        _bundle(tmp_path / f"b{i:02d}.mcpb", (PUBLISHER / "bundle-bad" / "manifest.json").read_bytes())
    shutil.copy(PUBLISHER / "registry-bad" / "server.json", tmp_path / "server.json")
    serial = scan_with_jobs([".", "--isolated", "-f", fmt], monkeypatch, "1", tmp_path)
    pooled = scan_with_jobs([".", "--isolated", "-f", fmt], monkeypatch, "2", tmp_path)
    assert pooled == serial
    assert "b11.mcpb!manifest.json" in serial[1] or "b11.mcpb%21manifest.json" in serial[1]  # SARIF: a URI
    if fmt == "text":
        assert '"command": "/tmp/deploy-helper/bin/deploy-helper"' in serial[1]
