"""Machine discovery: a fake home per OS convention with every catalogued client's user config.

``plant_home`` writes, for one OS, a config in the right place, format and container shape for
every client of the catalog that has a user location on that OS; ``inventory --machine --home
DIR --os OS`` must then find a server of each one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import invoke, run_cli

from mcplint import clients, machine

PROJECT = "/home/me/proj"


def _concrete(path: str) -> str:
    """A searched pattern made into one real path: ``**`` dropped, globs filled in."""
    parts = [p for p in path.split("/") if p != "**"]
    return "/".join(p.replace("*", "x") for p in parts)


def _entry(client: clients.Client, name: str, container: tuple[str, ...]) -> dict:
    if client.id == "goose":
        return {"enabled": True, "type": "stdio", "name": name, "cmd": "npx", "args": ["-y", "@acme/tool@1.2.3"]}
    if container[0] == "mcp" and client.id in ("opencode", "kilo-cli"):
        return {"type": "local", "command": ["npx", "-y", "@acme/tool@1.2.3"]}
    return {"command": "npx", "args": ["-y", "@acme/tool@1.2.3"]}


def config_text(client: clients.Client, fmt: str, name: str) -> str:
    """A minimal config of ``client`` in ``fmt`` holding one server called ``name``."""
    container = tuple(PROJECT if k == "*" else k for k in client.servers_keys[0])
    entry = _entry(client, name, container)
    if fmt == "toml":
        table = ".".join(container + (name,))
        return f'[{table}]\ncommand = "npx"\nargs = ["-y", "@acme/tool@1.2.3"]\n'
    if client.id == "continue" and fmt == "yaml":
        holder: object = [{"name": name, **entry}]
    else:
        holder = {name: entry}
    data: object = holder
    for key in reversed(container):
        data = {key: data}
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, sort_keys=False)
    return json.dumps(data, indent=2) + "\n"


def plant_home(home: Path, os_name: str) -> dict[str, str]:
    """Write one user config per client that has a user location on ``os_name``; client -> path."""
    planted: dict[str, str] = {}
    for client, path in clients.searched_locations(os_name, home, {}):
        if client.id in planted:
            continue
        target = Path(_concrete(path))
        if target.exists():  # another client's file at the same place (none today)
            continue
        fmt = clients.format_for(client, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(config_text(client, fmt, f"{client.id}-server"), encoding="utf-8")
        planted[client.id] = target.relative_to(home).as_posix()
    return planted


def with_user_paths(os_name: str) -> set[str]:
    return {c.id for c in clients.all_clients() if c.user_paths.get(os_name)}


@pytest.mark.parametrize("os_name", clients.OS_NAMES)
def test_inventory_finds_every_client_in_a_fake_home(tmp_path: Path, os_name: str) -> None:
    planted = plant_home(tmp_path, os_name)
    assert set(planted) == with_user_paths(os_name)
    proc = run_cli("inventory", "--home", str(tmp_path), "--os", os_name, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["servers"]
    found = {row["client"] for row in rows}
    assert found == set(planted), (set(planted) - found, found - set(planted))
    for row in rows:
        assert row["name"] == f"{row['client']}-server"
        assert row["scope"] in ("user", "local")
        assert row["file"] == "~/" + planted[row["client"]]
        assert row["package"] == "npm:@acme/tool@1.2.3"
        assert str(tmp_path) not in json.dumps(row)  # the home is shown as ~, never in full


def test_windows_conventions(tmp_path: Path) -> None:
    appdata = tmp_path / "AppData" / "Roaming" / "Claude" / "claude_desktop_config.json"
    msix = (tmp_path / "AppData" / "Local" / "Packages" / "Claude_pzs8sxrjxfjjc" / "LocalCache" / "Roaming" / "Claude"
            / "claude_desktop_config.json")
    cursor = tmp_path / ".cursor" / "mcp.json"
    goose = tmp_path / "AppData" / "Roaming" / "Block" / "goose" / "config" / "config.yaml"
    crush = tmp_path / "AppData" / "Local" / "crush" / "crush.json"
    for path in (appdata, msix, cursor):
        path.parent.mkdir(parents=True)
        path.write_text('{"mcpServers": {"s": {"command": "node", "args": ["s.js"]}}}', encoding="utf-8")
    goose.parent.mkdir(parents=True)
    goose.write_text("extensions:\n  s:\n    type: stdio\n    cmd: node\n", encoding="utf-8")
    crush.parent.mkdir(parents=True)
    crush.write_text('{"mcp": {"s": {"type": "stdio", "command": "node"}}}', encoding="utf-8")
    tgt = machine.target("windows", tmp_path)
    found = {(s.client, s.display) for s in machine.sources(tgt)}
    assert found == {
        ("claude-desktop", "~/AppData/Roaming/Claude/claude_desktop_config.json"),
        ("claude-desktop", "~/AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json"),
        ("cursor", "~/.cursor/mcp.json"),
        ("goose", "~/AppData/Roaming/Block/goose/config/config.yaml"),
        ("crush", "~/AppData/Local/crush/crush.json"),
    }
    # the same home read with Linux conventions sees only the OS-independent ~/.cursor file
    assert {s.client for s in machine.sources(machine.target("linux", tmp_path))} == {"cursor"}


def test_darwin_conventions(tmp_path: Path) -> None:
    desktop = tmp_path / "Library" / "Application Support" / "Claude" / "claude_desktop_config.json"
    vscode = tmp_path / "Library" / "Application Support" / "Code" / "User" / "mcp.json"
    for path, text in ((desktop, '{"mcpServers": {"a": {"command": "x"}}}'), (vscode, '{"servers": {"b": {"command": "y"}}}')):
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    found = {(s.client, s.display, s.scope) for s in machine.sources(machine.target("darwin", tmp_path))}
    assert found == {("claude-desktop", "~/Library/Application Support/Claude/claude_desktop_config.json", "user"),
                     ("vscode", "~/Library/Application Support/Code/User/mcp.json", "user")}


def test_system_locations_only_with_root(tmp_path: Path) -> None:
    home, root = tmp_path / "home", tmp_path / "root"
    home.mkdir()
    managed = root / "etc" / "claude-code" / "managed-mcp.json"
    managed.parent.mkdir(parents=True)
    managed.write_text('{"mcpServers": {"managed": {"command": "corp-mcp"}}}', encoding="utf-8")
    assert machine.sources(machine.target("linux", home)) == []
    [source] = machine.sources(machine.target("linux", home, root))
    assert (source.client, source.scope, source.path) == ("claude-code", "system", managed)
    windows_root = tmp_path / "win"
    program_data = windows_root / "ProgramData" / "OpenAI" / "Codex" / "config.toml"
    program_data.parent.mkdir(parents=True)
    program_data.write_text('[mcp_servers.corp]\ncommand = "corp"\n', encoding="utf-8")
    [source] = machine.sources(machine.target("windows", home, windows_root))
    assert (source.client, source.scope, source.format) == ("codex", "system", "toml")


def test_live_machine_uses_environment_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    codex_home = tmp_path / "elsewhere"
    (codex_home).mkdir()
    (codex_home / "config.toml").write_text('[mcp_servers.a]\ncommand = "a"\n', encoding="utf-8")
    tgt = machine.Target(clients.current_os(), tmp_path / "home", {"CODEX_HOME": str(codex_home)}, None)
    assert [s.display for s in machine.sources(tgt)] == [(codex_home / "config.toml").as_posix()]
    # under --home the live environment is ignored
    monkeypatch.setenv("CODEX_HOME", str(codex_home))
    assert machine.target("linux", tmp_path / "home").env == {}


def test_nothing_found_is_friendly(tmp_path: Path) -> None:
    result = invoke(["inventory", "--home", str(tmp_path), "--os", "linux"])
    assert result.exit_code == 0
    assert "no MCP configuration found" in result.output and "--verbose" in result.output
    verbose = invoke(["inventory", "--home", str(tmp_path), "--os", "darwin", "--verbose"])
    assert "~/Library/Application Support/Claude/claude_desktop_config.json" in verbose.output
    assert "~/.codex/config.toml" in verbose.output
    scan = invoke(["scan", "--home", str(tmp_path), "--os", "windows", "--verbose", "--isolated"])
    assert scan.exit_code == 0, scan.output
    assert "no MCP configuration found" in scan.output and "~/AppData/Roaming/Claude" in scan.output


def test_bad_home_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(["inventory", "--home", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert result.stderr == f"mcplint: error: --home {tmp_path / 'missing'}: not a directory\n"


def test_scan_machine_reports_user_files_with_tilde_paths(tmp_path: Path) -> None:
    cursor = tmp_path / ".cursor" / "mcp.json"
    cursor.parent.mkdir()
    cursor.write_text('{"mcpServers": {"s": {"comand": "node"}}}', encoding="utf-8")
    result = invoke(["scan", "--home", str(tmp_path), "--os", "linux", "--format", "json",
                     "--isolated", "--select", "MCP002"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert {f["file"] for f in report["findings"]} == {"~/.cursor/mcp.json"}
    assert str(tmp_path) not in result.output


def test_scan_machine_reads_every_planted_user_config(tmp_path: Path) -> None:
    """(Its wall time is measured by bench/run.py, not asserted here.)"""
    for os_name in clients.OS_NAMES:
        plant_home(tmp_path / os_name, os_name)
    proc = run_cli("scan", "--home", str(tmp_path / "linux"), "--os", "linux", "--isolated", "--format", "json",
                   cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["files_scanned"] == len(with_user_paths("linux"))


def test_catalog_counts_per_os() -> None:
    counts = machine.counts()
    for os_name in clients.OS_NAMES:
        n_clients, n_user, _ = counts[os_name]
        assert n_clients >= 25 and n_user >= 60
    assert re.match(r"^~/", machine.display_path(Path.home() / ".cursor" / "mcp.json", machine.target()))


# ------------------------------------------------------- the folder a machine scan starts in (issue 15)

GH_TOKEN = "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"


def _laptop(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(a home with a Cursor config holding a token, a project folder whose config hides it, env)."""
    home = tmp_path / "home"
    cursor = home / ".cursor" / "mcp.json"
    cursor.parent.mkdir(parents=True)
    cursor.write_text(json.dumps({"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@acme/gh@1.0.0"],
                                                        "env": {"GITHUB_TOKEN": GH_TOKEN}}}}))
    project = tmp_path / "project"
    project.mkdir()
    (project / ".mcplint.toml").write_text('ignore = ["MCP1"]\n[policy]\nmode = "allowlist"\n'
                                           '[[policy.approved]]\nname = "*"\nreason = "project says so"\n')
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "MCPLINT_POLICY": None}
    return home, project, env


def test_a_machine_scan_ignores_the_current_folders_config(tmp_path: Path) -> None:
    home, project, env = _laptop(tmp_path)
    env = {k: v for k, v in env.items() if v is not None}
    result = run_cli("scan", "--home", str(home), "--os", "linux", "-f", "json", cwd=project, env=env)
    assert result.returncode == 1, result.stderr
    assert "MCP101" in {f["rule"] for f in json.loads(result.stdout)["findings"]}
    inventory = json.loads(run_cli("inventory", "--home", str(home), "--os", "linux", "-f", "json",
                                   cwd=project, env=env).stdout)
    assert [s["approval"] for s in inventory["servers"]] == ["pending"]  # the project's approval is not read
    assert "project says so" not in json.dumps(inventory)
    # the user-level config is read: $XDG_CONFIG_HOME/mcplint/config.toml
    user = tmp_path / "xdg" / "mcplint" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('ignore = ["MCP101"]\n')
    result = run_cli("scan", "--home", str(home), "--os", "linux", "-f", "json", cwd=project, env=env)
    assert "MCP101" not in {f["rule"] for f in json.loads(result.stdout)["findings"]}
    # and the central policy
    (tmp_path / "central.toml").write_text('[[policy.blocked]]\npackage = "npm:@acme/gh"\n'.replace("[[", "[policy]\n[[", 1))
    env["MCPLINT_POLICY"] = str(tmp_path / "central.toml")
    result = run_cli("scan", "--home", str(home), "--os", "linux", "-f", "json", cwd=project, env=env)
    assert "MCP702" in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_user_config_locations_per_platform(tmp_path: Path) -> None:
    from mcplint.config import user_config_paths

    home = tmp_path
    assert user_config_paths({}, "linux", home) == [home / ".config" / "mcplint" / "config.toml"]
    assert user_config_paths({"XDG_CONFIG_HOME": "/x"}, "linux", home)[0] == Path("/x/mcplint/config.toml")
    assert user_config_paths({}, "darwin", home)[0] == home / "Library" / "Application Support" / "mcplint" / "config.toml"
    assert user_config_paths({"APPDATA": str(home / "AD")}, "windows", home)[0] == home / "AD" / "mcplint" / "config.toml"
