"""The pre-commit hook, verified for real: the released ``pre-commit`` runs this checkout's
``.pre-commit-hooks.yaml`` in a temporary git repository.

The working tree (tracked and new files, .gitignore honoured — so uncommitted work is what gets
tested) is copied into a temporary git repository and committed there; a second repository
uses it as ``repo: <path>`` / ``rev: <sha>``. pre-commit then pip-installs the checkout into its
own virtualenv under a temporary PRE_COMMIT_HOME: that needs PyPI for setuptools and the
dependencies, so the test is skipped when the installation fails for lack of network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, run_cli

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[test]')")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
HOOK = next(h for h in HOOKS if h["id"] == "mcplint")
DIRTY = '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}\n'
CLEAN = '{"mcpServers": {"remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${env:MCP_TOKEN}"}}}}\n'
NETWORK_ERRORS = (
    "Could not find a version", "No matching distribution", "NewConnectionError", "Temporary failure in name resolution",
    "Network is unreachable", "ConnectionError", "timed out", "Name or service not known", "ProxyError",
)


# --- the hook definition ----------------------------------------------------------------------

def test_hook_definition() -> None:
    assert HOOK["entry"] == "mcplint scan" and HOOK["language"] == "python"
    assert "require_serial" not in HOOK and HOOK.get("pass_filenames", True)
    assert "types" not in HOOK and "types_or" not in HOOK  # identify gives .jsonc no tag


def test_files_pattern_matches_every_known_project_config() -> None:
    files = re.compile(HOOK["files"])
    catalog = json.loads((REPO / "mcplint" / "data" / "clients.json").read_text())
    patterns = [p for client in catalog["clients"] for p in client["project_paths"]]
    assert len(patterns) > 20
    for pattern in patterns:
        sample = pattern.replace("*", "x")
        assert files.search(sample) and files.search("nested/dir/" + sample), pattern
    for other in ("package.json", "tsconfig.json", ".vscode/launch.json", ".github/workflows/ci.yml",
                  "pyproject.toml", "docs/mcp.md", "fixtures/broken/data.json"):
        assert not files.search(other), other
    assert files.search("tools/my-mcp-servers.jsonc")


# --- chunk independence (what parallel pre-commit partitions rely on) ----------------------------

def test_results_do_not_depend_on_how_files_are_split(tmp_path: Path) -> None:
    names = []
    for i in range(8):
        folder = tmp_path / f"p{i}" / (".vscode" if i % 2 else ".cursor")
        folder.mkdir(parents=True)
        body = DIRTY if i % 3 == 0 else CLEAN
        if i == 3:  # JSONC with an inline ignore
            body = '{"servers": {\n  // mcplint: ignore[MCP201] lab\n  "lab": {"type": "sse", "url": "http://lab.example.com/sse"}\n}}\n'
        (folder / "mcp.json").write_text(body)
        names.append(f"p{i}/{folder.name}/mcp.json")
    (tmp_path / ".mcplint.toml").write_text('[per-file-ignores]\n"p0/**" = ["MCP2"]\n')

    def findings(*files: str) -> list[tuple]:
        result = run_cli("scan", "--format", "json", *files, cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        data = json.loads(result.stdout)
        return [(f["rule"], f["file"], f["server"], f["fingerprint"]) for f in data["findings"]]

    together = sorted(findings(*names))
    assert ("MCP201", "p6/.cursor/mcp.json") in [f[:2] for f in together]
    assert not [f for f in together if f[1].startswith("p0/") or f[0] == "MCP201" and f[1].startswith("p3/")]
    one_by_one = sorted(f for name in names for f in findings(name))
    assert one_by_one == together
    halves = sorted(findings(*names[::2]) + findings(*names[1::2]))
    assert halves == together


# --- the real pre-commit ----------------------------------------------------------------------

def _git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, check=check, timeout=120)


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PRE_COMMIT_NO_CONCURRENCY")}
    (tmp_path / "gitconfig").write_text("")
    env.update({
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
    })
    return env


def _checkout(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree as a fresh git repository with one commit; returns (path, sha)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    target = tmp_path / "mcplint-checkout"
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() and "__pycache__" not in source.parts:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q", env=env)
    _git(target, "add", "-A", env=env)
    _git(target, "commit", "-q", "-m", "checkout under test", "--no-verify", env=env)
    return target, _git(target, "rev-parse", "HEAD", env=env).stdout.strip()


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A git repository whose pre-commit config uses this checkout's hook, hook env installed."""
    tmp_path = tmp_path_factory.mktemp("precommit")
    env = _environment(tmp_path)
    checkout, sha = _checkout(tmp_path, env)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q", env=env)
    (project / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": str(checkout), "rev": sha, "hooks": [{"id": "mcplint"}]}]})
    )
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=900)
    if installed.returncode != 0:
        log = installed.stdout + installed.stderr
        log_file = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        if log_file.exists():
            log += log_file.read_text(errors="replace")
        if any(marker in log for marker in NETWORK_ERRORS):
            pytest.skip("pre-commit could not install the hook environment (no network to PyPI?)")
        pytest.fail("pre-commit install-hooks failed:\n" + log[-4000:])
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env, check=True,
                   capture_output=True, text=True, timeout=120)
    return project, env


def _commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return _git(project, "commit", "-m", message, env=env, check=False)


def test_dirty_staged_config_blocks_the_commit_and_a_clean_one_passes(hooked_repo: tuple[Path, dict[str, str]]) -> None:
    project, env = hooked_repo
    (project / ".cursor").mkdir(exist_ok=True)
    (project / ".cursor" / "mcp.json").write_text(DIRTY)
    _git(project, "add", ".pre-commit-config.yaml", ".cursor/mcp.json", env=env)
    blocked = _commit(project, env, "add a dirty MCP config")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "mcplint" in output and "Failed" in output and "exit code: 1" in output
    assert ".cursor/mcp.json" in output and "MCP201" in output
    assert _git(project, "rev-parse", "--verify", "-q", "HEAD", env=env, check=False).returncode != 0  # nothing committed

    (project / ".cursor" / "mcp.json").write_text(CLEAN)
    _git(project, "add", ".cursor/mcp.json", env=env)
    passed = _commit(project, env, "add a clean MCP config")
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"mcplint.*Passed", output)
    assert _git(project, "rev-parse", "--verify", "-q", "HEAD", env=env, check=False).returncode == 0

    # a commit with no MCP config does not run the hook at all
    (project / "notes.json").write_text('{"mcpServers": "not an MCP config by name"}')
    _git(project, "add", "notes.json", env=env)
    skipped = _commit(project, env, "unrelated file")
    assert skipped.returncode == 0 and re.search(r"mcplint.*Skipped", skipped.stdout + skipped.stderr)


def test_parallel_chunks_report_each_file_once(hooked_repo: tuple[Path, dict[str, str]]) -> None:
    project, env = hooked_repo
    names = []
    for i in range(13):
        folder = project / "many" / f"p{i:02d}" / ".cursor"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mcp.json").write_text(DIRTY if i == 7 else CLEAN)
        names.append(f"many/p{i:02d}/.cursor/mcp.json")
    _git(project, "add", "many", env=env)
    # TRAVIS makes pre-commit split into two parallel partitions whatever the number of CPUs
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "mcplint", "--files", *names],
                            cwd=project, env={**env, "TRAVIS": "1"}, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    summaries = re.findall(r"^(?:Found \d+ findings? .* in \d+ of (\d+) files?|No findings in (\d+) files?)\.$", output, re.M)
    assert len(summaries) >= 2, output  # more than one mcplint process ran
    assert sum(int(a or b) for a, b in summaries) == 13, output  # every file scanned exactly once
    assert output.count("many/p07/.cursor/mcp.json") == 1 and len(re.findall(r"MCP201 +Plain-text", output)) == 1, output
    assert "many/p03/.cursor/mcp.json" not in output


# --- one file selection everywhere: generated from the catalog, used by every documented hook ----

DOC_HOOK_OVERRIDES = {
    # docs/pre-commit.md shows how to point the hook at configs in other places on purpose
    r"^(deploy/agents/.*\.json|\.cursor/mcp\.json)$",
}


def _documented_hooks() -> list[tuple[str, dict]]:
    """Every hook with id mcplint in a ```yaml block of README.md and docs/*.md."""
    hooks = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for block in re.findall(r"```ya?ml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            if not re.search(r"^\s*- id: mcplint\s*$", block, re.M):  # a hook, not an Actions step
                continue
            data = yaml.safe_load(block)
            if isinstance(data, dict):  # a whole .pre-commit-config.yaml
                repos = data.get("repos", [data])
            elif any(isinstance(item, dict) and "repo" in item for item in data):  # its repos list
                repos = data
            else:  # a hooks list (a fragment of the shipped repo's entry)
                repos = [{"hooks": data}]
            for repo in repos:
                entries = repo.get("hooks", [repo]) if isinstance(repo, dict) else []
                hooks += [(doc.name, {**hook, "repo": repo.get("repo")}) for hook in entries
                          if isinstance(hook, dict) and hook.get("id") == "mcplint"]
    return hooks


def test_the_shipped_pattern_is_the_generated_one() -> None:
    from mcplint.precommit import files_pattern

    assert HOOK["files"] == files_pattern()
    printed = subprocess.run(
        [sys.executable, "-m", "mcplint.precommit", "--yaml"], capture_output=True, text=True, check=True)
    assert yaml.safe_load(printed.stdout)["files"] == files_pattern()


def test_every_documented_hook_selects_every_catalogued_project_path() -> None:
    from mcplint.precommit import project_paths

    hooks = _documented_hooks()
    assert any(h["repo"] == "local" for _, h in hooks) and len(hooks) >= 3
    samples = [p.replace("*", "x") for p in project_paths()]
    assert {".codex/config.toml", ".gemini/settings.json", "claude_desktop_config.json"} <= set(samples)
    for doc, hook in hooks:
        files = hook.get("files", HOOK["files"])  # no `files`: the shipped hook's pattern applies
        if files in DOC_HOOK_OVERRIDES:
            continue
        assert files == HOOK["files"], f"{doc}: a hook example selects files differently from the shipped hook"
        regex = re.compile(files)
        for sample in samples:
            assert regex.search(sample) and regex.search("nested/dir/" + sample), (doc, sample)
        if hook["repo"] == "local":
            assert hook["entry"] == HOOK["entry"]
