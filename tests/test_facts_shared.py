"""Fact dispatch, the shared per-server values (``_env``, ``_context``) and the memoized fast
paths of launch, tls, exposure and loader_env, checked against the plain per-argument forms."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mcplint.facts.common as common
from mcplint.facts import FactContext, Facts, exposure, launch, loader_env, tls
from mcplint.facts.package import basename
from mcplint.model import Server, SourceFile
from mcplint.normalize import server_from_entry


def facts(entry: dict[str, Any], extra: dict[str, Any] | None = None) -> Facts:
    server: Server = server_from_entry("s", entry, ("mcpServers", "s"), "generic", "f.json")
    return Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), "generic", extra or {}))  # type: ignore[arg-type]


# --- dispatch and shared values


# --- fast paths against the plain forms

ARGS = st.lists(st.sampled_from([
    "-y", "--directory", "--directory=/tmp/srv", "/tmp/srv", "/tmp/x.js", "~/Downloads/a.py", "server.py", "pkg@1",
    "--host", "--host=0.0.0.0", "0.0.0.0", "--bind", "::", "--tls-min-v1.0", "--min-tls-version", "--tls-version=1.1",
    "TLSv1.2", "1.0", "--cwd", "-C", "run", "--", "-", "",
]), max_size=7)
ENV = st.dictionaries(st.sampled_from([
    "HOST", "DB_HOST", "LD_PRELOAD", "DYLD_X", "NODE_OPTIONS", "PATH", "TMP", "TLS_MIN_VERSION", "SSL_MAX_VERSION", "X",
]), st.sampled_from(["", "0.0.0.0", "/tmp/x.so", "--require /x.js", "/opt/bin:/usr/bin", "1.0", "TLSv1.1", "y"]), max_size=4)
COMMANDS = st.sampled_from(["node", "python", "/tmp/bin/server", "npx", "uvx", "bash", "", "C:\\Temp\\s.exe"])


def _launch_reference(server: Server) -> tuple[launch.LaunchPlace, ...]:
    """The per-argument form of launch.analyze (as it was before its memoized pure part)."""
    found: list[launch.LaunchPlace] = []

    def check(where: str, path: str, *at: str | int) -> None:
        place = launch.place_of(path)
        if place:
            found.append(launch.LaunchPlace(where, path, place, server.at(*at)))

    if server.command:
        check("command", server.command, "command")
    if server.cwd:
        check("cwd", server.cwd, "cwd")
    if server.transport != "stdio":
        return tuple(found)
    interpreter = basename(server.command or "") in launch.INTERPRETERS
    args, first = server.args, True
    for i, arg in enumerate(args):
        if arg.startswith("-"):
            flag, eq, value = arg.partition("=")
            if flag in launch.DIRECTORY_FLAGS:
                target = value if eq else (args[i + 1] if i + 1 < len(args) else "")
                if target:
                    check(flag, target, "args", i + (0 if eq else 1))
            continue
        if (interpreter and first) or launch.SCRIPT.search(arg.strip("'\"")):
            check(f"argument {i + 1}", arg, "args", i)
        first = False
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        if (item.path, str(item.pointer)) not in seen:
            seen.add((item.path, str(item.pointer)))
            unique.append(item)
    return tuple(unique)


def _tls_reference(server: Server) -> tuple[tls.TlsSetting, ...]:
    found: list[tls.TlsSetting] = []
    for key in ("tls", "ssl", "tlsOptions", "tls_options"):
        if key in server.raw:
            tls._walk(server.raw[key], server.pointer + (key,), found)
    for key, value in server.env.items():
        tls._node_flags(value, f"env {key}", server.at("env", key), found)
    for i, arg in enumerate(server.args):
        tls._node_flags(arg, f"argument {i + 1}", server.at("args", i), found)
    args = server.args
    for i, arg in enumerate(args):
        if not arg.startswith("--"):
            continue
        flag, eq, value = arg.partition("=")
        match = tls._VERSION_FLAG.match(flag)
        if not match:
            continue
        bound = "max" if "max" in (match.group(1) or match.group(2) or "").lower() else "min"
        if not eq and i + 1 < len(args):
            value = args[i + 1]
        version = tls._parse_version(value)
        if version:
            found.append(tls.TlsSetting(f"argument {i + 1} {flag} {value}", version, bound, server.at("args", i)))
    for key, value in server.env.items():
        upper = key.upper()
        if ("TLS" in upper or "SSL" in upper) and "VERSION" in upper:
            version = tls._parse_version(value)
            if version:
                found.append(tls.TlsSetting(f"env {key}={value}", version, "max" if "MAX" in upper else "min",
                                            server.at("env", key)))
    return tuple(found)


def _loader_kind_reference(key: str) -> str | None:
    upper = key.upper()
    for kind, table in (("injection", loader_env.INJECTION), ("option", loader_env.OPTION_VARS),
                        ("search", loader_env.SEARCH_PATHS), ("other", loader_env.OTHER_LOADER)):
        if upper in table:
            return kind
    return "dyld" if upper.startswith("DYLD_") else None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=COMMANDS, args=ARGS, env=ENV, cwd=st.sampled_from([None, "/tmp/w", "/srv"]),
       url=st.sampled_from([None, "http://0.0.0.0:8080/mcp"]))
def test_fast_paths_equal_the_plain_forms(command: str, args: list[str], env: dict[str, str], cwd: str | None,
                                          url: str | None) -> None:
    entry: dict[str, Any] = {"command": command, "args": args, "env": env}
    if cwd:
        entry["cwd"] = cwd
    if url:
        entry = {"url": url, "args": args, "env": env}
    f = facts(entry)
    server = f.server
    assert f["launch"] == _launch_reference(server)
    assert f["tls"] == _tls_reference(server)
    for key in env:
        assert loader_env._kind(key) == _loader_kind_reference(key)
    host_args = [i for i, a in enumerate(server.args)
                 if a.startswith("-") and exposure.HOST_FLAGS.match(a.partition("=")[0])]
    assert {e.pointer for e in f["exposure"] if e.where.startswith("argument")} <= {server.at("args", i) for i in host_args}
