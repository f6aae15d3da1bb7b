"""File fact ``publisher``: what is wrong in a publisher's own file (registry ``server.json``,
MCPB ``manifest.json``) beyond what the installed servers would show.

The servers these files install are judged by every server rule already (publisher.py turns
them into Server records). What only the publisher's file says — an ``mcpb`` package without its
hash, a secret input with a built-in value, a ``user_config`` secret the client will not mask,
a platform override riskier than the main command, a launcher that fetches other code — is
collected here for the MCP80x rules, each item with the pointer of the field at fault.
"""

from __future__ import annotations

from typing import Any, Iterator

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer
from mcplint.record import Frozen


class Issue(Item):
    what: str
    """What is wrong, naming fields and keys (never a value)."""
    pointer: Pointer
    at_key: bool = False


class Publisher(Frozen):
    unhashed_bundles: tuple[Issue, ...] = ()
    secret_defaults: tuple[Issue, ...] = ()
    insensitive_secrets: tuple[Issue, ...] = ()
    secrets_in_args: tuple[Issue, ...] = ()
    shell_arguments: tuple[Issue, ...] = ()
    launcher_fetches: tuple[Issue, ...] = ()
    riskier_overrides: tuple[Issue, ...] = ()
    missing_compatibility: tuple[Issue, ...] = ()


EMPTY = Publisher()

_SHA256 = lazy_compile(r"^[a-f0-9]{64}$")
_REFERENCE = lazy_compile(r"^\s*(?:\$\{[^}]*\}|\{[A-Za-z_][\w.-]*\}|<[^<>]*>)\s*$")
"""A value that only names what the user enters (``${X}``, ``{token}``, ``<token>``)."""
_SHELL_STRING = lazy_compile(
    r";\s*[\w./~$-]|&&|\|\||\$\(|`|\|\s*(?:sh|bash|zsh|dash|pwsh|powershell|iex|cmd|python\d*|node|perl|ruby)\b"
    r"|>\s*[/~$]|\n")
"""Shell syntax that chains or substitutes commands: a plain argument never needs it."""
LAUNCHERS_OF: dict[str, frozenset[str]] = {
    "npm": frozenset({"npx", "bunx", "pnpx", "pnpm", "yarn", "npm", "bun"}),
    "pypi": frozenset({"uvx", "uv", "pipx", "python", "python3", "py"}),
    "oci": frozenset({"docker", "podman"}),
    "nuget": frozenset({"dnx", "dotnet"}),
}
"""registryType -> the runtimeHints that fetch from that registry."""
FETCH_FLAGS: dict[str, frozenset[str]] = {
    "npx": frozenset({"-p", "--package"}), "bunx": frozenset({"-p", "--package"}),
    "uvx": frozenset({"--from", "--with"}), "uv": frozenset({"--from", "--with"}),
    "pipx": frozenset({"--spec"}),
}
"""Runner options that make it fetch a package besides the declared one."""
_PINNED = lazy_compile(r"^(?:@?[^@\s]+@\d[\w.+-]*|[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?===?\d[\w.+!-]*)$")
SECRET_WORDS = frozenset({"token", "secret", "password", "passwd", "passphrase", "apikey", "credential",
                          "credentials", "pat", "pwd"})
SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"), ("client", "secret"),
                          ("secret", "key"), ("auth", "key"), ("signing", "key")})
NOT_SECRET_WORDS = frozenset({"max", "min", "limit", "limits", "count", "size", "length", "budget", "tokens", "file",
                              "path", "dir", "directory", "url", "uri", "endpoint", "name", "type", "expiry",
                              "expires", "ttl", "timeout", "env", "var", "header", "id", "username", "user"})
"""A key about a secret rather than holding one (``token_file``, ``max_tokens``, ``api_key_env``)."""
_WORDS = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_USER_CONFIG = lazy_compile(r"\$\{user_config\.([^}\s]+)\}")
TEMP_PREFIXES = ("/tmp/", "/var/tmp/", "/dev/shm/", "/private/tmp/", "${tmpdir}", "$tmpdir", "%temp%", "%tmp%",
                 "c:\\windows\\temp", "c:/windows/temp")
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "powershell", "pwsh", "wsl"})
_FETCHERS = frozenset({"npx", "bunx", "pnpx", "uvx", "pipx", "docker", "podman", "curl", "wget", "iwr", "irm",
                       "invoke-webrequest", "invoke-restmethod"})


def secret_name(*texts: str) -> bool:
    """Whether a key (or its title) names a secret value: ``api_key``, ``GitHub Token``, ``dbPassword``."""
    for text in texts:
        words = [w.lower() for w in _WORDS.findall(text or "")]
        if NOT_SECRET_WORDS.intersection(words):
            continue
        if SECRET_WORDS.intersection(words) or any(pair in SECRET_PAIRS for pair in zip(words, words[1:])):
            return True
    return False


def _program(command: Any) -> str:
    """The program a command names: base name, lower-case, without a Windows suffix."""
    text = str(command or "").strip().replace("\\", "/")
    first = text.split()[0] if text.split() else ""
    name = first.rsplit("/", 1)[-1].lower()
    for suffix in (".exe", ".cmd", ".bat", ".ps1"):
        name = name.removesuffix(suffix)
    return name


# ---------------------------------------------------------------------------------------------
# Registry server.json
# ---------------------------------------------------------------------------------------------


def _inputs(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Pointer, str]]:
    """Every input a user fills in: (input, pointer, what it is), env vars, headers, arguments."""
    for key in ("packages", "remotes"):
        for i, entry in enumerate(data.get(key) if isinstance(data.get(key), list) else ()):
            if not isinstance(entry, dict):
                continue
            at: Pointer = (key, i)
            lists = [("environmentVariables", "environment variable"), ("runtimeArguments", "runtime argument"),
                     ("packageArguments", "package argument"), ("headers", "header")]
            for field, kind in lists:
                for j, item in enumerate(entry.get(field) if isinstance(entry.get(field), list) else ()):
                    if isinstance(item, dict):
                        yield item, at + (field, j), kind
            transport = entry.get("transport")
            if isinstance(transport, dict) and isinstance(transport.get("headers"), list):
                for j, item in enumerate(transport["headers"]):
                    if isinstance(item, dict):
                        yield item, at + ("transport", "headers", j), "header"
            variables = entry.get("variables")
            for name, item in (variables.items() if isinstance(variables, dict) else ()):
                if isinstance(item, dict):
                    yield {"name": name, **item}, at + ("variables", name), "URL variable"


def _registry(data: dict[str, Any]) -> Publisher:
    unhashed: list[Issue] = []
    fetches: list[Issue] = []
    shell: list[Issue] = []
    for i, package in enumerate(data.get("packages") if isinstance(data.get("packages"), list) else ()):
        if not isinstance(package, dict):
            continue
        at: Pointer = ("packages", i)
        registry = str(package.get("registryType", "")).lower()
        identifier = str(package.get("identifier", ""))
        if registry == "mcpb":
            sha = package.get("fileSha256")
            if sha is None:
                unhashed.append(Issue(f"mcpb package {identifier!r} has no fileSha256: clients cannot check "
                                      "that the bundle they download is the one published", at + ("registryType",)))
            elif not isinstance(sha, str) or not _SHA256.match(sha):
                unhashed.append(Issue(f"mcpb package {identifier!r} has a fileSha256 that is not 64 lower-case "
                                      "hex digits: no client can verify the bundle", at + ("fileSha256",)))
        hint = package.get("runtimeHint")
        if isinstance(hint, str) and hint:
            expected = LAUNCHERS_OF.get(registry)
            foreign = any(hint.lower() in names for other, names in LAUNCHERS_OF.items() if other != registry)
            if expected is not None and hint.lower() not in expected and foreign:
                fetches.append(Issue(f"runtimeHint {hint!r} for a {registry} package: the launcher fetches "
                                     f"{identifier!r} from another registry than the one declared",
                                     at + ("runtimeHint",)))
            if hint.lower() in _SHELLS:
                shell.append(Issue(f"runtimeHint {hint!r} is a shell: the arguments become a shell command",
                                   at + ("runtimeHint",)))
        runtime = package.get("runtimeArguments") if isinstance(package.get("runtimeArguments"), list) else []
        flags = FETCH_FLAGS.get(str(hint or "").lower(), frozenset())
        for j, arg in enumerate(runtime):
            if not isinstance(arg, dict):
                continue
            name, value = arg.get("name"), arg.get("value")
            if arg.get("type") == "named" and isinstance(name, str) and "=" in name:
                name, _, value = name.partition("=")
            if name in flags and isinstance(value, str) and not _PINNED.match(value):
                fetches.append(Issue(f"runtime argument {name} makes {hint} fetch {value.split('@')[0]!r} "
                                     "without a fixed version as well", at + ("runtimeArguments", j)))
        for field in ("runtimeArguments", "packageArguments"):
            items = package.get(field) if isinstance(package.get(field), list) else []
            for j, arg in enumerate(items):
                for key in ("value", "default"):
                    value = arg.get(key) if isinstance(arg, dict) else (arg if key == "value" else None)
                    if isinstance(value, str) and _SHELL_STRING.search(value):
                        pointer = at + (field, j, key) if isinstance(arg, dict) else at + (field, j)
                        shell.append(Issue(f"{field}[{j}] is a shell command string, not an argument: a client "
                                           "that starts the server through a shell runs the rest", pointer))
    defaults: list[Issue] = []
    for item, at, kind in _inputs(data):
        if item.get("isSecret") is not True:
            continue
        for key in ("value", "default"):
            value = item.get(key)
            if isinstance(value, str) and value.strip() and not _REFERENCE.match(value):
                defaults.append(Issue(f"secret {kind} {item.get('name', '?')!r} has a literal {key!r}: every "
                                      "install gets the same value, and the file publishes it", at + (key,)))
    return Publisher(unhashed_bundles=tuple(unhashed), secret_defaults=tuple(defaults),
                     shell_arguments=tuple(shell), launcher_fetches=tuple(fetches))


# ---------------------------------------------------------------------------------------------
# MCPB manifest.json
# ---------------------------------------------------------------------------------------------


def _risks(config: dict[str, Any]) -> set[str]:
    """What makes a command line riskier: a shell, a temporary folder, code fetched at start."""
    command = str(config.get("command") or "")
    args = [str(a) for a in config.get("args", ())] if isinstance(config.get("args"), list) else []
    line = " ".join([command, *args]).lower()
    program = _program(command)
    risks = set()
    if program in _SHELLS or (command.strip() and any(c.isspace() for c in command.strip())):
        risks.add("runs a shell command")
    if command.strip().lower().replace("\\", "/").startswith(tuple(p.replace("\\", "/") for p in TEMP_PREFIXES)) \
            or "\\appdata\\local\\temp\\" in command.lower():
        risks.add("starts from a temporary folder")
    if program in _FETCHERS or any(f in line.split() for f in ("curl", "wget", "iwr", "irm")) or "http://" in line \
            or "https://" in line:
        risks.add("fetches code or data from the network")
    return risks


def _bundle(data: dict[str, Any]) -> Publisher:
    user_config = data.get("user_config") if isinstance(data.get("user_config"), dict) else {}
    insensitive: list[Issue] = []
    secret_keys: set[str] = set()
    for key, spec in user_config.items():
        if not isinstance(spec, dict):
            continue
        secret = secret_name(str(key), str(spec.get("title", "")))
        if spec.get("sensitive") is True:
            secret_keys.add(str(key))
        elif secret and spec.get("type", "string") == "string":
            secret_keys.add(str(key))
            insensitive.append(Issue(f"user_config {key!r} holds a secret but is not marked sensitive: the client "
                                     "shows it in plain text and stores it unencrypted", ("user_config", key), True))
    server = data.get("server") if isinstance(data.get("server"), dict) else {}
    config = server.get("mcp_config") if isinstance(server.get("mcp_config"), dict) else None
    in_args: list[Issue] = []
    riskier: list[Issue] = []
    if config is not None:
        base: Pointer = ("server", "mcp_config")
        configs = [(base, config)]
        overrides = config.get("platform_overrides")
        for platform, override in (overrides.items() if isinstance(overrides, dict) else ()):
            if isinstance(override, dict):
                configs.append((base + ("platform_overrides", platform), override))
        for at, entry in configs:
            args = entry.get("args")
            for i, arg in enumerate(args if isinstance(args, list) else ()):
                for key in _USER_CONFIG.findall(str(arg)):
                    if key in secret_keys:
                        in_args.append(Issue(f"sensitive user_config {key!r} is passed in argument {i + 1}: command "
                                             "lines are visible to other local users and land in logs; pass it "
                                             "through env", at + ("args", i)))
        main_risks = _risks(config)
        main_program = _program(config.get("command"))
        for at, override in configs[1:]:
            merged = {**config, **override}
            added = sorted(_risks(merged) - main_risks)
            program = _program(merged.get("command"))
            if program and main_program and program != main_program:
                added.insert(0, f"runs {program!r} instead of {main_program!r}")
            if added:
                riskier.append(Issue(f"platform override {at[-1]!r} {', '.join(added)}, unlike the main command: "
                                     "review each platform's command line", at, True))
    missing: list[Issue] = []
    if "compatibility" not in data:
        missing.append(Issue("no compatibility: the bundle declares no platforms, runtimes or client versions, so "
                             "it installs where its command was never meant to run", ("manifest_version",), True))
    return Publisher(insensitive_secrets=tuple(insensitive), secrets_in_args=tuple(in_args),
                     riskier_overrides=tuple(riskier), missing_compatibility=tuple(missing))


def analyze_file(file: Any) -> Publisher:
    from mcplint.publisher import MCPB, REGISTRY

    if file.client not in (REGISTRY, MCPB) or not isinstance(file.data, dict):
        return EMPTY
    return _bundle(file.data) if file.client == MCPB else _registry(file.data)
