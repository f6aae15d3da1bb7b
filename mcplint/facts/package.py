"""Which package a stdio server runs: ``npx -y @scope/name@1.2.3`` -> npm:@scope/name@1.2.3.

Runners and the flags that take a value are tables, so a new runner is one entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server
from mcplint.record import Frozen


class Runner(Frozen):
    ecosystem: str
    prefix: tuple[str, ...]
    """Words after the command that belong to the runner (``dlx`` in ``pnpm dlx``)."""
    value_flags: frozenset[str] = frozenset()
    """Runner flags followed by a value (the value is not the package)."""
    package_flags: frozenset[str] = frozenset()
    """Flags whose value names the package (``npx -p pkg cmd``)."""


_NPX_VALUE = frozenset({"--registry", "--cache", "--userconfig", "-c", "--call", "--node-options", "--loglevel"})
RUNNERS: dict[str, Runner] = {
    "npx": Runner("npm", (), _NPX_VALUE, frozenset({"-p", "--package"})),
    "bunx": Runner("npm", (), frozenset(), frozenset({"-p", "--package"})),
    "pnpx": Runner("npm", (), _NPX_VALUE, frozenset({"--package"})),
    "pnpm": Runner("npm", ("dlx",), _NPX_VALUE, frozenset({"--package"})),
    "yarn": Runner("npm", ("dlx",), _NPX_VALUE, frozenset({"-p", "--package"})),
    "npm": Runner("npm", ("exec",), _NPX_VALUE, frozenset({"-p", "--package"})),
    "bun": Runner("npm", ("x",), frozenset(), frozenset({"-p", "--package"})),
    "uvx": Runner("pypi", (), frozenset({"--python", "-p", "--index-url", "--index", "--with", "-w", "--extra-index-url", "--directory"}), frozenset({"--from"})),
    "uv": Runner("pypi", ("tool", "run"), frozenset({"--python", "-p", "--index-url", "--with", "-w", "--directory"}), frozenset({"--from"})),
    "pipx": Runner("pypi", ("run",), frozenset({"--python", "--index-url", "--pip-args"}), frozenset({"--spec"})),
    "docker": Runner("docker", ("run",), frozenset({
        "-e", "--env", "-v", "--volume", "--mount", "-p", "--publish", "--name", "--network", "--net",
        "--env-file", "-w", "--workdir", "-u", "--user", "--entrypoint", "--platform", "--pull", "--label",
        "-l", "--cap-add", "--cap-drop", "--add-host", "--device", "--memory", "-m", "--cpus", "--pid",
        "--ipc", "--hostname", "-h", "--restart", "--log-driver", "--security-opt", "--tmpfs", "--ulimit",
        "--gpus", "--runtime", "--dns", "--expose", "--group-add", "--shm-size", "--stop-signal",
        "--uts", "--userns", "--volumes-from", "--link", "--cidfile", "--log-opt", "--label-file",
        "--health-cmd", "--memory-swap", "--cpuset-cpus", "--sysctl", "--network-alias",
    })),
    "podman": Runner("docker", ("run",), frozenset({"-e", "--env", "-v", "--volume", "--mount", "-p", "--publish", "--name", "--network", "--env-file", "-w", "--workdir", "-u", "--user", "--entrypoint", "--platform", "--pull", "--cap-add"})),
    "uvenv": Runner("pypi", ("run",), frozenset({"--python", "--with"})),
    "deno": Runner("deno", ("run",), frozenset({"--config", "-c", "--import-map", "--lock", "--cert", "--location", "--seed", "--v8-flags"})),
    "go": Runner("go", ("run",), frozenset()),
}
WRAPPERS = {"cmd": ("/c", "/C", "/k", "/K"), "cmd.exe": ("/c", "/C", "/k", "/K")}
"""``cmd /c npx ...`` (the Windows way to start npx): the real command follows."""


class Launcher(Frozen):
    """A program that starts another command given after its own options: the package is the
    inner command's (``docker exec -i box npx -y pkg`` runs npm:pkg)."""

    prefixes: tuple[tuple[str, ...], ...] = ((),)
    """Words that must follow the launcher (``exec`` in ``docker exec``); one of them."""
    value_flags: frozenset[str] = frozenset()
    """Its options that take a value."""
    target: bool = False
    """A positional before the command belongs to the launcher (the container of ``docker exec``)."""
    assignments: bool = False
    """``NAME=value`` words before the command are the launcher's (``env``)."""


_EXEC_VALUE = frozenset({"-e", "--env", "--env-file", "-w", "--workdir", "-u", "--user", "--detach-keys"})
LAUNCHERS: dict[str, Launcher] = {
    "docker": Launcher((("exec",), ("container", "exec")), _EXEC_VALUE, target=True),
    "podman": Launcher((("exec",), ("container", "exec")), _EXEC_VALUE, target=True),
    "env": Launcher(value_flags=frozenset({"-u", "--unset", "-C", "--chdir"}), assignments=True),
    "sudo": Launcher(value_flags=frozenset({"-u", "--user", "-g", "--group", "-D", "--chdir", "-C", "-h", "--host"})),
    "wsl": Launcher(value_flags=frozenset({"-d", "--distribution", "-u", "--user", "--cd"})),
    "dotenv": Launcher(value_flags=frozenset({"-e", "-c", "-v"})),
    "dotenvx": Launcher((("run",),), frozenset({"-f", "--env-file", "--env", "--convention"})),
    "op": Launcher((("run",),), frozenset({"--env-file", "--account"})),
    "doppler": Launcher((("run",),), frozenset({"-p", "--project", "-c", "--config", "--command"})),
    "infisical": Launcher((("run",),), frozenset({"--env", "--path", "--projectId", "--domain"})),
    "mise": Launcher((("exec",), ("x",)), frozenset({"-C", "--cd", "-j", "--jobs"})),
    "nice": Launcher(value_flags=frozenset({"-n", "--adjustment"})),
    "nohup": Launcher(),
    "time": Launcher(),
}
"""Launchers whose inner command is judged instead (their own options skipped)."""
_SEPARATORS_OF_INNER = frozenset({"--", "-e", "--exec"})
"""Words after which the inner command follows (``wsl -e``, ``dotenvx run --``)."""
_ASSIGNMENT = lazy_compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def _unwrap(command: str, args: list[str], offset: int) -> tuple[str, list[str], int]:
    """The command a launcher starts, with its args and their offset in the server's args;
    the command line unchanged when it is no launcher or names no inner command."""
    for _ in range(4):  # (launchers nest rarely, and never deeply)
        launcher = LAUNCHERS.get(basename(command))
        if launcher is None:
            return command, args, offset
        i = 0
        for prefix in launcher.prefixes:
            if tuple(args[:len(prefix)]) == prefix:
                i = len(prefix)
                break
        else:
            return command, args, offset
        target_seen = not launcher.target
        while i < len(args):
            arg = args[i]
            if arg in _SEPARATORS_OF_INNER and (arg == "--" or basename(command) == "wsl"):
                i += 1
                break
            if arg.startswith("-") and arg != "-":
                flag, eq, _ = arg.partition("=")
                i += 2 if flag in launcher.value_flags and not eq else 1
                continue
            if launcher.assignments and _ASSIGNMENT.match(arg):
                i += 1
                continue
            if not target_seen:
                target_seen = True
                i += 1
                continue
            break
        if i >= len(args):
            return command, args, offset
        command, args, offset = args[i], args[i + 1:], offset + i + 1
    return command, args, offset

_NPM_SPEC = lazy_compile(r"^(?P<name>(?:@[^/@\s]+/)?[^@\s/][^@\s]*)(?:@(?P<version>[^\s]+))?$")
_PYPI_SPEC = lazy_compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*(?:(?P<op>==|===|>=|<=|~=|!=|<|>|@)\s*(?P<version>[^\s;]+))?$")
_COMMIT = lazy_compile(r"^[0-9a-f]{7,40}$")
FLOATING_TAGS = frozenset({"latest", "next", "beta", "alpha", "canary", "nightly", "dev", "main", "master", "edge", "rc", "insiders"})
_GIT_NPM = lazy_compile(r"^(?:git\+[a-z]+://|git://|github:|gitlab:|bitbucket:|gist:)", re.I)
_DOCKER_IMAGE = lazy_compile(r"^(?P<name>[a-z0-9][a-z0-9._/:-]*?)(?::(?P<tag>[\w][\w.-]{0,127}))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$")
_URL_SPEC = lazy_compile(r"^https?://", re.I)
_DRIVE_PATH = lazy_compile(r"^[A-Za-z]:[\\/]")
_GIT_SHORTHAND = lazy_compile(r"^[\w.-]+/[\w.-]+(?:#.*)?$")
_FRAGMENT = lazy_compile(r"#.*$")
_URL_USERINFO = lazy_compile(r"^([a-z+]+://)[^/@]*@", re.I)
_QUERY = lazy_compile(r"[?#].*$")
_SLASHES = lazy_compile(r"[\\/]")


class Package(Item):
    ecosystem: str
    """npm, pypi, docker, go, deno, or local (a script or binary on disk)."""
    name: str
    version: str | None
    runner: str
    spec: str
    pointer: Pointer
    index: int
    """Index of the package argument in ``server.args`` (-1: the command itself)."""
    operator: str = ""
    digest: str | None = None
    runner_options: tuple[tuple[str, str, int], ...] = ()
    """The runner's own flags before the package: (flag, value, arg index) — docker's -v, -p..."""
    source: str = "registry"
    """Where the runner fetches it: ``registry``, ``git`` (a repository URL), ``url`` (an archive
    or script URL), ``path`` (a local path), ``image`` (a docker image without a registry path:
    most likely built locally)."""
    runs: str | None = None
    """The program started from a ``--from`` source (``uvx --from git+https://... redis-mcp-server``)."""
    with_packages: tuple[Any, ...] = ()
    """Packages the runner installs beside it (``uvx --with pkg``, ``uv run --with pkg``)."""

    @property
    def fetched(self) -> tuple[Any, ...]:
        """This package and those installed with it: each may be unpinned (MCP501)."""
        return (self,) + self.with_packages if self.ecosystem != "local" else self.with_packages

    @property
    def id(self) -> str:
        """``npm:@scope/name@1.2.3`` — the form inventory and policy use."""
        version = f"@{self.version}" if self.version else ""
        return f"{self.ecosystem}:{self.name}{version}"

    @property
    def pinned(self) -> bool:
        if self.source == "git":
            return bool(self.version) and bool(_COMMIT.match(self.version))
        if self.source == "url":
            return False
        if self.ecosystem == "docker":
            return bool(self.digest) or (self.version not in (None, "latest"))
        if self.ecosystem == "pypi":
            return self.operator in ("==", "===") or (
                self.operator == "@" and bool(self.version) and self.version.lower() not in FLOATING_TAGS)
        return bool(self.version) and self.version.lower() not in FLOATING_TAGS and not self.version.startswith(("^", "~", ">", "<", "*", "x"))

    @property
    def label(self) -> str:
        """The name for messages: URLs lose their user, password, query and fragment."""
        name = self.name
        if "://" in name or "@" in name.split("/", 1)[0] and ":" in name:
            name = _URL_USERINFO.sub(r"\1", name)
            name = _QUERY.sub("", name)
        return name

    @property
    def checkable(self) -> bool:
        """Fetched from somewhere that can change under it (not a local path, script or build)."""
        return self.ecosystem in ("npm", "pypi", "docker", "go", "jsr") and self.source not in ("path", "image")

    @property
    def unpinned(self) -> str | None:
        """Why the runner may fetch different code on the next start (None when pinned)."""
        if not self.checkable or self.pinned:
            return None
        if self.source == "git":
            if self.version:
                return f"git ref {self.version!r} is a branch or tag, not a commit"
            return "no commit: the default branch is fetched on each start"
        if self.source == "url":
            return "a URL whose content can change"
        if self.ecosystem == "docker":
            return "the ':latest' tag and no digest" if self.version else "no tag and no digest (':latest')"
        if self.version and self.version.lower() in FLOATING_TAGS:
            return f"'@{self.version}' follows every new release"
        if self.version and self.operator not in ("", "@", "==", "==="):
            return f"a version range ({self.operator}{self.version})"
        if self.version:
            return f"a version range ({self.version})"
        if self.ecosystem == "pypi":
            return "no '==' version: the newest release is fetched"
        return "no version: the newest release is fetched"


@lru_cache(maxsize=1024)
def basename(command: str) -> str:
    """``C:\\Program Files\\nodejs\\npx.cmd`` -> ``npx``. Memoized: every fact that looks at the
    command asks, for every server."""
    name = _SLASHES.split(command.strip())[-1].lower()
    for suffix in (".cmd", ".exe", ".bat", ".ps1"):
        name = name.removesuffix(suffix)
    return name


def command_line(server: Server) -> tuple[str, list[str], int]:
    """The effective command and its args, unwrapping ``cmd /c``; the int is the args offset."""
    return _command_line(server.command or "", list(server.args))


def _command_line(command: str, args: list[str]) -> tuple[str, list[str], int]:
    offset = 0
    if basename(command) in {"cmd"} and args and args[0] in WRAPPERS["cmd"] and len(args) > 1:
        command, args, offset = args[1], args[2:], 2
    if " " in command.strip() and not args and "/" not in command and "\\" not in command:
        # "npx -y pkg" written as one string: split it (quoting aside)
        parts = command.split()
        return parts[0], parts[1:], 0
    return command, args, offset


_POINTER = Package._fields.index("pointer")
_new_package = tuple.__new__
"""Builds a Package from a tuple of its fields without ``_make``'s extra Python frame (one per server)."""


def analyze(server: Server, facts: object) -> Package | None:
    found = _package_parts(server.command or "", tuple(server.args))
    if found is None:
        return None
    head, index, tail = found
    pointer = server.at("command") if index < 0 else server.at("args", index)
    package = _new_package(Package, head + (pointer,) + tail)
    if package.with_packages:
        package = package._replace(with_packages=tuple(
            p._replace(pointer=server.at("args", p.index)) for p in package.with_packages))
    return package


@lru_cache(maxsize=2048)
def _package_parts(command: str, args: tuple[str, ...]) -> tuple[tuple[Any, ...], int, tuple[Any, ...]] | None:
    """``_package`` as (the fields before its pointer, its index, the fields after).

    A pure function of the command line, memoized: the same ``npx -y pkg@1`` recurs across
    configs, parsing it is most of this fact's cost, and ``analyze`` only adds the pointer."""
    found = _package(command, args)
    return None if found is None else (found[:_POINTER], found.index, found[_POINTER + 1:])


def _package(command: str, args: tuple[str, ...]) -> Package | None:
    """The package a command line runs, its pointer left empty (``analyze`` sets it from ``index``)."""
    command, arg_list, offset = _command_line(command, list(args))
    command, arg_list, offset = _unwrap(command, arg_list, offset)
    if not command:
        return None
    runner_name = basename(command)
    runner = RUNNERS.get(runner_name)
    if runner is None:
        return _local(command, runner_name, arg_list, offset)
    i = 0
    for word in runner.prefix:
        if i >= len(arg_list) or arg_list[i] != word:
            # `npm start`, `uv run x.py`: no package (but `uv run --with pkg` installs one)
            local = _local(command, runner_name, arg_list, offset)
            return local._replace(with_packages=_with_packages(runner_name, arg_list, offset))
        i += 1
    options: list[tuple[str, str, int]] = []
    package_from_flag: tuple[str, int] | None = None
    while i < len(arg_list):
        arg = arg_list[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        flag, eq, value = arg.partition("=")
        if flag in runner.package_flags:
            if not eq and i + 1 < len(arg_list):
                value, i = arg_list[i + 1], i + 1
            package_from_flag = (value, i)
        elif flag in runner.value_flags and not eq and i + 1 < len(arg_list):
            value, i = arg_list[i + 1], i + 1
            options.append((flag, value, i + offset))
        else:
            options.append((flag, value, i + offset))
        i += 1
    spec, index = package_from_flag if package_from_flag else (arg_list[i], i) if i < len(arg_list) else (None, i)
    if spec is None:
        return None
    found = _parse_spec(runner.ecosystem, runner_name, spec, (), index + offset, tuple(options))
    if found is None:
        return None
    if package_from_flag and i < len(arg_list) and not arg_list[i].startswith("-"):
        found = found._replace(runs=arg_list[i])
    return found._replace(with_packages=_with_packages(runner_name, arg_list, offset))


_WITH_FLAGS = frozenset({"--with", "-w"})


def _with_packages(runner: str, args: list[str], offset: int) -> tuple[Package, ...]:
    """``--with a,b`` packages of uv / uvx (their options end at the first positional or ``--``)."""
    if runner not in ("uv", "uvx", "uvenv"):
        return ()
    found: list[Package] = []
    i = 1 if runner in ("uv", "uvenv") and args[:1] == ["run"] else 2 if runner == "uv" and args[:2] == ["tool", "run"] else 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or not arg.startswith("-"):
            break
        flag, eq, value = arg.partition("=")
        index = i
        if flag in _WITH_FLAGS:
            if not eq and i + 1 < len(args):
                value, index, i = args[i + 1], i + 1, i + 1
            for spec in (part.strip() for part in value.split(",")):
                package = _parse_spec("pypi", runner, spec, (), index + offset, ()) if spec else None
                if package is not None:
                    found.append(package)
        elif flag in RUNNERS["uvx"].value_flags and not eq:
            i += 1
        i += 1
    return tuple(found)


def _git_ref(url: str, separator: str) -> tuple[str, str | None]:
    """``git+https://host/x/y@ref#frag`` -> (url without ref, ref)."""
    base = url.split("#", 1)[0]
    head, sep, ref = base.rpartition(separator)
    if sep and "/" not in ref and ":" not in ref and head and not head.endswith(("://", ":")):
        return head, ref
    return base, None


def _parse_spec(ecosystem: str, runner: str, spec: str, pointer: Pointer, index: int,
                options: tuple[tuple[str, str, int], ...]) -> Package | None:
    if ecosystem == "deno":
        if spec.startswith(("npm:", "jsr:")):
            kind, _, text = spec.partition(":")
            match = _NPM_SPEC.match(text)
            if not match:
                return None
            return Package("npm" if kind == "npm" else "jsr", match["name"], match["version"], runner, spec,
                           pointer, index, runner_options=options)
        if _URL_SPEC.match(spec):
            return Package("deno", spec, None, runner, spec, pointer, index, runner_options=options, source="url")
        return Package("local", spec, None, runner, spec, pointer, index, runner_options=options, source="path")
    if ecosystem == "npm":
        if spec.startswith((".", "/", "~")) or _DRIVE_PATH.match(spec) or spec.startswith("file:"):
            return Package("npm", spec, None, runner, spec, pointer, index, runner_options=options, source="path")
        # (both patterns need these prefixes or a slash: other specs compile neither)
        if (spec.lower().startswith(("git", "bitbucket:", "gist:")) and _GIT_NPM.match(spec)) or (
                "/" in spec and not spec.startswith("@") and _GIT_SHORTHAND.match(spec)):
            base, _, ref = spec.partition("#")
            return Package("npm", base, ref or None, runner, spec, pointer, index, runner_options=options, source="git")
        if _URL_SPEC.match(spec):
            return Package("npm", spec, None, runner, spec, pointer, index, runner_options=options, source="url")
        match = _NPM_SPEC.match(spec)
        if not match:
            return None
        return Package("npm", match["name"], match["version"], runner, spec, pointer, index, runner_options=options)
    if ecosystem == "pypi":
        text = spec
        if text.startswith("git+"):
            name = _FRAGMENT.sub("", text)
            base, ref = _git_ref(name, "@")
            return Package("pypi", text if ref is None else base, ref, runner, spec, pointer, index,
                           runner_options=options, source="git")
        if text.startswith(("http://", "https://")):
            return Package("pypi", text, None, runner, spec, pointer, index, runner_options=options, source="url")
        if text.startswith(("/", ".", "~")) or _DRIVE_PATH.match(text):
            return Package("pypi", text, None, runner, spec, pointer, index, runner_options=options, source="path")
        match = _PYPI_SPEC.match(text)
        if not match:
            return None
        return Package("pypi", match["name"].lower(), match["version"], runner, spec, pointer, index,
                       operator=match["op"] or "", runner_options=options)
    if ecosystem == "docker":
        match = _DOCKER_IMAGE.match(spec)
        if not match:
            return None
        local = "/" not in match["name"] or any(
            flag == "--pull" and value == "never" for flag, value, _ in options)
        return Package("docker", match["name"], match["tag"], runner, spec, pointer, index,
                       digest=match["digest"], runner_options=options, source="image" if local else "registry")
    if ecosystem == "go":
        name, _, version = spec.partition("@")
        if name.startswith((".", "/")) or name.endswith(".go"):
            return Package("local", name, None, runner, spec, pointer, index, runner_options=options, source="path")
        return Package("go", name, version or None, runner, spec, pointer, index, runner_options=options)
    return None


SCRIPT_RUNNERS = frozenset({"node", "nodejs", "bun", "tsx", "ts-node"})
_NODE_MODULES = lazy_compile(r"(?:^|/)node_modules/((?:@[^/]+/)?[^/]+)/")
_MONOREPO = lazy_compile(r"(?:^|/)servers/src/([a-z0-9-]+)/")


def _local(command: str, name: str, args: list[str] = (), offset: int = 0) -> Package:
    """A binary or script run directly: ``github-mcp-server``, ``node /path/server.js``.

    A script inside a catalogued npm package (``node .../node_modules/@modelcontextprotocol/
    server-filesystem/dist/index.js``, a checkout of the reference servers) is that package,
    from a local path: what it is matters (its roots, its database) though nothing is fetched."""
    if name in SCRIPT_RUNNERS and args:
        script = next((a for a in args if not a.startswith("-")), None)
        known = _catalogued_npm(script.replace("\\", "/")) if script else None
        if known:
            return Package("npm", known, None, name, script, (), args.index(script) + offset, source="path")
    return Package("local", name, None, name, command, (), -1)


def _catalogued_npm(script: str) -> str | None:
    """The catalogued npm package a script path lies in, or None."""
    from mcplint.facts.known import catalog, package_key

    by_package = catalog().by_package
    candidates = [m.group(1) for m in _NODE_MODULES.finditer(script)]
    monorepo = _MONOREPO.search(script)
    if monorepo:
        candidates.append(f"@modelcontextprotocol/server-{monorepo.group(1)}")
    parts = [p for p in script.split("/") if p]
    candidates += [f"@modelcontextprotocol/{p}" for p in parts if p.startswith("server-")]
    for candidate in reversed(candidates):  # the innermost package
        if package_key("npm", candidate) in by_package:
            return candidate
    return None
