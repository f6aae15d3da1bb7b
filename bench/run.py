#!/usr/bin/env python
"""mcplint benchmark: ratios against peers measured side by side, and the cost curve.

    python bench/run.py            # everything (a few minutes on 2 cores)
    python bench/run.py --quick    # a faster subset: fewer rounds, smaller scale points

Every comparison runs both commands in the same loop, alternating, as real processes (cold
interpreter, the way pre-commit and CI run them), and reports medians — so a busy machine slows
both sides alike and the ratio stays meaningful. Timings are not asserted by the test suite
(benchmarks belong here); this script exits 1 when a target is missed.

Cases (targets from the performance issue):
- pre-commit: ``mcplint scan FILE`` on one clean config <= 0.5x ``detect-secrets-hook FILE``;
  rich, jsonschema and detect-secrets are not imported by that run.
- repository: ~4,000 small configs copied from the real corpus, ``--format json`` (machine
  output, as detect-secrets writes): <= 0.5x ``detect-secrets scan --all-files``, <= 8x a bare
  ``json.loads`` loop (also a fresh process), peak memory of the whole process tree <= 200 MB;
  the serial run (MCPLINT_JOBS=1) and the default text format are shown for comparison.
- scale: 100 / 1,000 / 10,000 files, one file with 100 / 1,000 / 10,000 servers, one file of
  0.5 / 5 / 50 MB (a Claude Code ``~/.claude.json`` with per-project history): the marginal
  cost per unit must not grow (no quadratic step).

Both tools run from the same interpreter with bytecode caching on (in a private temporary
``PYTHONPYCACHEPREFIX``, after a warm-up), as in a normal installation.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
CONFIG_SUFFIXES = (".json", ".jsonc", ".yaml", ".yml", ".toml")
FALLBACK_SELECT = "MCP0,MCP2,MCP3,MCP4,MCP5,MCP6,MCP7"

CLEAN_CONFIG = """{
  "mcpServers": {
    "docs": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "./docs"]
    },
    "time": {
      "command": "uvx",
      "args": ["mcp-server-time==0.6.2", "--local-timezone=Europe/Paris"]
    }
  }
}
"""

CONSOLE_SCRIPT = "from mcplint.__main__ import run; run()"
"""What the ``mcplint`` entry point of an installed wheel runs (pyproject ``[project.scripts]``)."""

JSON_LOOP = """
import json, os, sys
ok = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as handle:
            data = handle.read()
        try:
            json.loads(data)
            ok += 1
        except ValueError:
            pass
"""


# --------------------------------------------------------------------------------- processes

def installed_layout(workdir: Path) -> Path:
    """The package as a wheel installs it — ``mcplint/`` with ``rules/`` and the pre-parsed rule
    index (setup.py) inside — copied from this tree, so start-up is measured as users get it."""
    site = workdir / "site"
    shutil.copytree(REPO / "mcplint", site / "mcplint", ignore=shutil.ignore_patterns("__pycache__"))
    rules = site / "mcplint" / "rules"
    rules.mkdir(exist_ok=True)
    for rule in (REPO / "rules").glob("*.yaml"):
        shutil.copyfile(rule, rules / rule.name)
    sys.path.insert(0, str(REPO))
    try:
        from mcplint import ruleset

        if hasattr(ruleset, "write_index"):
            ruleset.write_index(REPO / "rules", rules)
        else:  # an older tree: the index alone, or none (the YAML files are read)
            (rules / ruleset.INDEX_NAME).write_text(json.dumps(ruleset.build_index(REPO / "rules"), sort_keys=True),
                                                    encoding="utf-8")
    except (ImportError, AttributeError):
        pass
    finally:
        sys.path.remove(str(REPO))
    return site


class Runner:
    def __init__(self, workdir: Path, select: str | None, source: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        self.env["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [os.environ.get("PYTHONPATH")])])
        self.env["NO_COLOR"] = "1"
        self.select = select
        self.python = sys.executable
        self.ds_hook = self._tool("detect-secrets-hook")
        self.ds = self._tool("detect-secrets")

    def _tool(self, name: str) -> list[str] | None:
        """The console script next to this interpreter (not a shell shim that adds its own start-up)."""
        beside = Path(sys.executable).parent / name
        found = str(beside) if beside.exists() else shutil.which(name)
        return [found] if found else None

    def mcplint(self, *args: str) -> list[str]:
        """``mcplint scan ARGS`` as the ``mcplint`` console script (what pre-commit and CI run)
        does it: import ``mcplint.cli`` and call ``main``. ``-P`` keeps the working folder off
        ``sys.path``, so a run from the checkout measures the layout under test."""
        extra = ["--select", self.select] if self.select else []
        return [self.python, "-P", "-c", CONSOLE_SCRIPT, "scan", *args, *extra]

    def run(self, cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            capture: bool = False) -> tuple[float, subprocess.CompletedProcess[bytes]]:
        out = subprocess.PIPE if capture else subprocess.DEVNULL
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, env={**self.env, **(env or {})}, stdout=out, stderr=out)
        return time.perf_counter() - start, done

    def side_by_side(self, commands: dict[str, tuple[list[str], dict[str, str] | None]], rounds: int,
                     cwd: Path | None = None, once: tuple[str, ...] = ()) -> dict[str, float]:
        """Median seconds of each command, run alternately ``rounds`` times after one warm-up each.

        Commands named in ``once`` (a slow peer) run in the first round only, without warm-up.
        """
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, (cmd, env) in commands.items():
            if name not in once:
                self.run(cmd, cwd, env)  # warm-up: bytecode cache, page cache
        for i in range(rounds):
            order = [(n, c) for n, c in commands.items() if i == 0 or n not in once]
            if i % 2:
                order.reverse()
            for name, (cmd, env) in order:
                times[name].append(self.run(cmd, cwd, env)[0])
        return {name: statistics.median(values) for name, values in times.items()}

    def peak_tree_rss(self, cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
        """(peak MB of the summed resident memory of the process and its children, exit code)."""
        proc = subprocess.Popen(cmd, cwd=cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        page = os.sysconf("SC_PAGE_SIZE")
        while proc.poll() is None:
            total = 0
            for pid in _tree(proc.pid):
                try:
                    with open(f"/proc/{pid}/statm") as handle:
                        total += int(handle.read().split()[1]) * page
                except (OSError, ValueError, IndexError):
                    pass
            peak = max(peak, total)
            time.sleep(0.005)
        return peak / 1e6, proc.returncode


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            pass
    return pids


# --------------------------------------------------------------------------------- test data

def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        return []
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name.lower().endswith(CONFIG_SUFFIXES))


def replicate(files: list[Path], corpus: Path, dest: Path, count: int) -> Path:
    """``count`` files copied from the corpus (with their relative paths) into ``dest/cNNN/``."""
    dest.mkdir(parents=True, exist_ok=True)
    made, copy = 0, 0
    while made < count:
        for source in files:
            if made >= count:
                break
            target = dest / f"c{copy:03d}" / source.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            made += 1
        copy += 1
    return dest


def synthetic_files(dest: Path, count: int) -> Path:
    """Small configs when no corpus is at hand (scale cases only)."""
    for i in range(count):
        folder = dest / f"p{i:05d}" / ".cursor"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mcp.json").write_text(json.dumps({"mcpServers": {
            f"s{i}": {"command": "npx", "args": ["-y", f"pkg-{i}@1.0.{i % 7}"], "env": {"LOG": "info"}},
            "remote": {"url": f"https://mcp{i}.example.com/mcp"},
        }}, indent=2))
    return dest


def corpus_servers(files: list[Path]) -> list[dict[str, Any]]:
    """Server entries of the corpus's JSON files (for the many-servers file)."""
    entries: list[dict[str, Any]] = []
    for path in files:
        if path.suffix != ".json":
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        for key in ("mcpServers", "servers"):
            block = data.get(key) if isinstance(data, dict) else None
            if isinstance(block, dict):
                entries.extend(v for v in block.values() if isinstance(v, dict))
    return entries or [{"command": "npx", "args": ["-y", "pkg@1.0.0"]}]


def many_servers(path: Path, count: int, entries: list[dict[str, Any]]) -> Path:
    servers = {f"server-{i:05d}": entries[i % len(entries)] for i in range(count)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"mcpServers": servers}, indent=2))
    return path


def claude_json(path: Path, megabytes: float, entries: list[dict[str, Any]]) -> Path:
    """A Claude Code ``~/.claude.json`` of about ``megabytes``: projects, each with two servers
    and a prompt history (what makes real ones grow to tens of megabytes)."""
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(500)]
    target = int(megabytes * 1_000_000)
    projects: dict[str, Any] = {}
    size, i = 0, 0
    while size < target:
        history = [{"display": " ".join(rng.choices(words, k=60)), "pastedContents": {}} for _ in range(40)]
        project = {
            "allowedTools": [], "history": history, "hasTrustDialogAccepted": True,
            "mcpServers": {f"p{i}-a": entries[(2 * i) % len(entries)], f"p{i}-b": entries[(2 * i + 1) % len(entries)]},
        }
        projects[f"/home/dev/src/project-{i:05d}"] = project
        size += len(json.dumps(project)) + 40
        i += 1
    data = {"numStartups": 42, "mcpServers": {"global": entries[0]}, "projects": projects}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))
    return path


# --------------------------------------------------------------------------------- reporting

Row = dict[str, Any]


def row(case: str, mine: float | None, peer: str = "", theirs: float | None = None, ratio: float | None = None,
        target: str = "", ok: bool | None = None, unit: str = "ms") -> Row:
    return {"case": case, "mine": mine, "peer": peer, "theirs": theirs, "ratio": ratio, "target": target,
            "ok": ok, "unit": unit}


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1000:,.0f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.3g} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ["case", "mcplint", "peer", "peer time", "ratio", "target", "result"]
    lines = [[
        r["case"], fmt_value(r["mine"], r["unit"]), r["peer"], fmt_value(r["theirs"], r["unit"]),
        "-" if r["ratio"] is None else f"{r['ratio']:.2f}x", r["target"],
        "" if r["ok"] is None else ("pass" if r["ok"] else "FAIL"),
    ] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(str(x).ljust(w) for x, w in zip(line, widths)) + " |" for line in lines]
    print("\n".join(out), flush=True)


def linear(points: list[tuple[float, float]], tolerance: float = 2.5, floor: float = 0.1) -> tuple[bool, str]:
    """The marginal cost per unit (seconds between two sizes / units between them) must not grow
    by more than ``tolerance`` from one step to the next. Sizes grow tenfold per step, so a
    quadratic stage multiplies the marginal cost by ~10 (n log n: ~1.2); 2.5 leaves room for
    the noise of a shared machine. ``floor`` (seconds): a smaller step is noise, not a curve.
    """
    slopes = []
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        slopes.append(((t2 - t1) / (n2 - n1), t2 - t1))
    worst = 0.0
    for (s1, d1), (s2, d2) in zip(slopes, slopes[1:]):
        if d1 < floor or s1 <= 0:
            continue
        worst = max(worst, s2 / s1)
    text = " -> ".join(f"{s * 1e6:,.1f}" for s, _ in slopes)
    return worst <= tolerance, f"marginal us/unit {text} (growth {worst:.2f}x)"


# --------------------------------------------------------------------------------- cases

def case_precommit(r: Runner, work: Path, rounds: int, rows: list[Row]) -> None:
    path = work / "precommit" / ".mcp.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CLEAN_CONFIG)
    _, done = r.run(r.mcplint(str(path)), capture=True)
    note = "" if done.returncode == 0 else f" (exit {done.returncode}: not clean!)"
    if r.ds_hook is None:
        rows.append(row("pre-commit: scan 1 clean file" + note, None, "detect-secrets-hook", None, None, "<= 0.5x", None))
        print("detect-secrets-hook not found: pre-commit ratio skipped", file=sys.stderr)
    else:
        times = r.side_by_side({
            "mcplint": (r.mcplint(str(path)), None),
            "peer": ([*r.ds_hook, str(path)], None),
            "python": ([r.python, "-c", "pass"], None),
        }, rounds)
        ratio = times["mcplint"] / times["peer"]
        rows.append(row("pre-commit: scan 1 clean file" + note, times["mcplint"], "detect-secrets-hook FILE",
                        times["peer"], ratio, "<= 0.5x", ratio <= 0.5))
        rows.append(row("  (python -c pass, same loop)", times["python"], "", None, None, "", None))
    _, traced = r.run([r.python, "-X", "importtime", *r.mcplint(str(path))[1:]], capture=True)
    imported = {line.split("|")[-1].strip() for line in traced.stderr.decode(errors="replace").splitlines() if "|" in line}
    heavy = sorted({name.split(".")[0] for name in imported} & {"rich", "jsonschema", "detect_secrets", "requests"})
    rows.append(row("pre-commit: heavy imports", None, "", None, None, "none of rich, jsonschema, detect_secrets",
                    not heavy, unit=""))
    if heavy:
        rows[-1]["case"] += f" ({', '.join(heavy)})"


def case_repository(r: Runner, work: Path, corpus: Path, files: list[Path], rounds: int, rows: list[Row]) -> None:
    if not files:
        rows.append(row("repository: 4,000 files (no corpus: skipped)", None))
        return
    tree = replicate(files, corpus, work / "repo4000", 4000)
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "mcplint": (r.mcplint(".", "--format", "json"), None),
        "serial": (r.mcplint(".", "--format", "json"), {"MCPLINT_JOBS": "1"}),
        "json": ([r.python, "-c", JSON_LOOP, "."], None),
        "text": (r.mcplint("."), None),
    }
    if r.ds is not None:
        commands["ds"] = ([*r.ds, "scan", "--all-files", "."], None)
    times = r.side_by_side(commands, rounds, cwd=tree, once=("ds",))
    if "ds" in times:
        ratio = times["mcplint"] / times["ds"]
        rows.append(row("repository: 4,000 files", times["mcplint"], "detect-secrets scan --all-files",
                        times["ds"], ratio, "<= 0.5x", ratio <= 0.5))
    ratio = times["mcplint"] / times["json"]
    rows.append(row("repository: 4,000 files", times["mcplint"], "json.loads loop (fresh python)",
                    times["json"], ratio, "<= 8x", ratio <= 8))
    rows.append(row("repository: 4,000 files, MCPLINT_JOBS=1", times["serial"], "json.loads loop",
                    times["json"], times["serial"] / times["json"], "(serial, for comparison)", None))
    rows.append(row("repository: 4,000 files, --format text", times["text"], "json.loads loop",
                    times["json"], times["text"] / times["json"], "(default format)", None))
    peak, code = r.peak_tree_rss(r.mcplint(".", "--format", "json"), cwd=tree)
    rows.append(row("repository: peak memory (process tree)", peak, "", None, None, "<= 200 MB", peak <= 200, unit="MB"))


def case_scale(r: Runner, work: Path, corpus: Path, files: list[Path], quick: bool, rows: list[Row]) -> None:
    entries = corpus_servers(files)
    rounds = 1 if quick else 3  # median of 3 runs per point (after a warm-up run)

    def curve(name: str, unit: str, sizes: list[int], make: Callable[[int], Path], cwd_of: Callable[[Path], Path]) -> None:
        points = []
        for size in sizes:
            target = make(size)
            cmd = r.mcplint("." if target.is_dir() else str(target))
            r.run(cmd, cwd=cwd_of(target))  # warm-up (page cache)
            seconds = statistics.median(r.run(cmd, cwd=cwd_of(target))[0] for _ in range(rounds))
            points.append((size, seconds))
            rows.append(row(f"scale: {name} {size:,} {unit}", seconds, "", None, None,
                            f"{seconds / size * 1e3:,.3f} ms/{unit.rstrip('s') if unit != 'MB' else 'MB'}", None))
            print(f"  {name} {size:,} {unit}: {seconds:.2f} s", file=sys.stderr, flush=True)
        ok, text = linear(points)
        rows.append(row(f"scale: {name} curve", None, "", None, None, "linear: " + text, ok, unit=""))

    file_sizes = [100, 1000] if quick else [100, 1000, 10000]

    def make_files(n: int) -> Path:
        dest = work / f"files{n}"
        return replicate(files, corpus, dest, n) if files else synthetic_files(dest, n)

    curve("files", "files", file_sizes, make_files, lambda p: p)
    server_sizes = [100, 1000] if quick else [100, 1000, 10000]
    curve("1 file,", "servers", server_sizes,
          lambda n: many_servers(work / f"servers{n}" / ".mcp.json", n, entries), lambda p: p.parent)
    mb_sizes = [0.5, 5] if quick else [0.5, 5, 50]
    points = []
    for mb in mb_sizes:
        target = claude_json(work / f"big{mb}" / ".claude.json", mb, entries)
        real_mb = target.stat().st_size / 1e6
        cmd = r.mcplint(str(target))
        r.run(cmd, cwd=target.parent)
        seconds = statistics.median(r.run(cmd, cwd=target.parent)[0] for _ in range(rounds))
        points.append((real_mb, seconds))
        rows.append(row(f"scale: 1 file of {real_mb:,.1f} MB (~/.claude.json)", seconds, "", None, None,
                        f"{seconds / real_mb * 1e3:,.0f} ms/MB", None))
        print(f"  file {real_mb:.1f} MB: {seconds:.2f} s", file=sys.stderr, flush=True)
    ok, text = linear([(mb * 1e6, t) for mb, t in points])
    rows.append(row("scale: big file curve", None, "", None, None, "linear: " + text.replace("us/unit", "us/byte"), ok, unit=""))
    peak, _ = r.peak_tree_rss(r.mcplint(str(work / f"big{mb_sizes[-1]}" / ".claude.json")))
    rows.append(row(f"scale: peak memory, {mb_sizes[-1]:g} MB file", peak, "", None, None, "(bounded parse)", None, unit="MB"))


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def effective_cores(workers: int = 2, n: int = 3_000_000) -> float:
    """How many cores this machine gives right now (other load takes some): one busy loop alone,
    then ``workers`` at once. The process-pool rows mean little when this is near 1."""
    import multiprocessing

    start = time.perf_counter()
    _burn(n)
    alone = time.perf_counter() - start
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers) as pool:
        pool.map(_burn, [10] * workers)  # started
        start = time.perf_counter()
        pool.map(_burn, [n] * workers)
        together = time.perf_counter() - start
    return workers * alone / together


def _version(tool: list[str] | None) -> str:
    if tool is None:
        return "(not found)"
    try:
        return subprocess.run([*tool, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def pick_rules(r: Runner, work: Path, explicit: str | None) -> None:
    """All rules unless one cannot run yet (exit 2 on a clean file): then a fallback selection."""
    if explicit is not None:
        r.select = explicit or None
        return
    path = work / "probe" / ".mcp.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CLEAN_CONFIG)
    r.select = None
    _, done = r.run(r.mcplint(str(path)), capture=True)
    if done.returncode == 2:
        print(f"all rules: exit 2 ({done.stderr.decode(errors='replace').strip()[:200]}); "
              f"falling back to --select {FALLBACK_SELECT}", file=sys.stderr)
        r.select = FALLBACK_SELECT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller scale points")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("MCPLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--select", default=None, help="rules to run (default: all; '' = all, no probe)")
    parser.add_argument("--only", choices=["precommit", "repository", "scale"], action="append")
    parser.add_argument("--rounds", type=int, default=None, help="rounds for the side-by-side cases")
    parser.add_argument("--from-source", action="store_true",
                        help="run the checkout as it is (no pre-parsed rule index) instead of an installed layout")
    args = parser.parse_args()
    only = set(args.only or ["precommit", "repository", "scale"])
    rounds_pre = args.rounds or (7 if args.quick else 21)
    rounds_repo = args.rounds or (2 if args.quick else 5)

    work = Path(tempfile.mkdtemp(prefix="mcplint-bench-"))
    try:
        source = REPO if args.from_source else installed_layout(work)
        r = Runner(work, None, source)
        pick_rules(r, work, args.select)
        files = corpus_files(args.corpus)
        print(f"# mcplint benchmark: {' '.join(['python', 'bench/run.py', *sys.argv[1:]])}")
        print(f"# mcplint from {'the checkout' if args.from_source else 'an installed layout of the checkout (rules pre-parsed, as in the wheel)'}; "
              f"bytecode cached; peers: detect-secrets {_version(r.ds)}")
        print(f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores "
              f"({effective_cores():.2f} free for two busy processes), load average at start {os.getloadavg()[0]:.2f}, corpus: "
              f"{len(files)} files" + ("" if files else " (absent)") + f", rules: {r.select or 'all'}")
        rows: list[Row] = []
        if "precommit" in only:
            case_precommit(r, work, rounds_pre, rows)
        if "repository" in only:
            case_repository(r, work, args.corpus, files, rounds_repo, rows)
        if "scale" in only:
            case_scale(r, work, args.corpus, files, args.quick, rows)
        print(f"# load average at end {os.getloadavg()[0]:.2f}")
        print_table(rows)
        return 0 if all(x["ok"] is not False for x in rows) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
