"""What a publisher ships, as the servers it would install: registry ``server.json`` and MCPB
(``.mcpb`` bundle) ``manifest.json`` -> Server records.

Both files describe a server before any client config exists. Each package, remote and bundle
command becomes the Server a client would write once it is installed, so every rule family
(secrets, transport, pinning, shell...) judges it as it would judge the installed entry, at the
manifest's own line and column, and ``identity.fingerprint`` gives it the fingerprint the
installed entry will have. The command a registry package becomes is a table (``LAUNCHERS``),
following the installer of VS Code, the client that installs from the registry.

Detection is by positive evidence only: the registry ``$schema`` (or, for a file named on the
command line, the registry's required fields), ``manifest_version`` with ``server.mcp_config``.
"""

from __future__ import annotations

from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Document, LoadError, Pointer, Server, SourceFile
from mcplint.record import Frozen

REGISTRY = "mcp-registry"
MCPB = "mcpb"
"""The client ids these files' servers carry (not client configs: no client catalog entry)."""

REGISTRY_SCHEMA = "modelcontextprotocol.io/schemas/"
"""In every published registry ``$schema`` URL (``…/schemas/2025-12-11/server.schema.json``)."""
BUNDLE_SUFFIXES = (".mcpb", ".dxt")
"""``.dxt`` is the format's former name (Desktop Extensions); the manifest is the same."""


class Launcher(Frozen):
    """How a client runs a registry package: the runner, its leading arguments, the package spec
    (``{id}``, ``{version}``; the bare identifier without a version) and what follows the spec."""

    command: str
    args: tuple[str, ...]
    spec: str
    after: tuple[str, ...] = ()
    env_flag: str | None = None
    """The runner's option that passes an environment variable into the server (docker's ``-e``)."""


LAUNCHERS: dict[str, Launcher] = {
    "npm": Launcher("npx", (), "{id}@{version}"),
    "pypi": Launcher("uvx", (), "{id}=={version}"),
    "oci": Launcher("docker", ("run", "-i", "--rm"), "{id}:{version}", env_flag="-e"),
    "nuget": Launcher("dnx", (), "{id}@{version}", after=("--yes",)),
}
"""registryType -> the command line the installed entry runs, as VS Code writes it when it
installs from the registry (``mcpManagementService.getMcpServerConfigurationFromManifest``):
``npx @scope/pkg@1.2.3``, ``uvx pkg==1.2.3``, ``docker run -i --rm [-e NAME...] image:1.2.3``,
``dnx Pkg@1.2.3 --yes [--]``; runtime arguments before the spec, package arguments after it.
VS Code ignores ``runtimeHint``: so does the installed entry (MCP805/MCP806 judge the hint)."""

_EXACT_PYPI = lazy_compile(r"^[0-9][0-9A-Za-z.+!-]*$")
"""A PyPI version written as one exact release (``1.2.0``), not a range or tag."""


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------


def kind_of(data: Any, named: bool = True) -> str | None:
    """``REGISTRY``, ``MCPB`` or None. ``named``: the file was named on the command line, so a
    registry file without ``$schema`` counts when it has the registry's required shape."""
    if not isinstance(data, dict):
        return None
    server = data.get("server")
    if ("manifest_version" in data or "dxt_version" in data) and isinstance(server, dict) and (
            isinstance(server.get("mcp_config"), dict) or server.get("type") in ("node", "python", "binary", "uv")):
        return MCPB
    schema = data.get("$schema")
    if isinstance(schema, str) and REGISTRY_SCHEMA in schema and schema.endswith("server.schema.json"):
        return REGISTRY
    if named and isinstance(data.get("name"), str) and "/" in data["name"] and isinstance(data.get("version"), str) \
            and isinstance(data.get("description"), str) and (
                _holds(data.get("packages"), ("registryType", "identifier"))
                or _holds(data.get("remotes"), ("type", "url"))):
        return REGISTRY
    return None


def _holds(entries: Any, keys: tuple[str, ...]) -> bool:
    """Whether a list holds an object with all of ``keys`` (a registry package or remote)."""
    return isinstance(entries, list) and any(isinstance(e, dict) and all(k in e for k in keys) for e in entries)


def discovered(name: str) -> tuple[str | None, bytes | None] | None:
    """For a file met in a directory walk: (format, bytes its head must hold) when its name
    marks a publisher file, else None. ``*.mcpb`` is one by name; ``server.json`` and
    ``manifest.json`` only with their markers (strong ones: such a file that does not parse is
    an MCP001, one that parses but is not a publisher file is read as any other config)."""
    lower = name.lower()
    if lower.endswith(BUNDLE_SUFFIXES):
        return "mcpb", None
    if name == "server.json":
        return None, REGISTRY_SCHEMA.encode()
    if name == "manifest.json":
        return None, b'"mcp_config"'
    return None


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def bundle_display(source: SourceFile) -> str:
    """Where a bundle's findings point: the manifest inside it, as ``bundle.mcpb!manifest.json``
    (the ``jar:…!/entry`` convention); errors about the archive itself name the bundle."""
    return f"{source.display}!manifest.json"


def load_bundle(source: SourceFile) -> tuple[SourceFile, Document]:
    """The bundle's manifest, parsed; the source shown as ``bundle.mcpb!manifest.json``.
    LoadError (archive problems at the bundle, JSON problems at the manifest's line)."""
    from mcplint.load import decode, parse
    from mcplint.load.bundle import read_manifest

    data = read_manifest(source.path)
    inner = source._replace(display=bundle_display(source))
    try:
        return inner, parse(decode(data), "json")
    except LoadError as error:
        error.inner = inner  # type: ignore[attr-defined] - the caller reports it at the manifest
        raise


def servers_of(doc: Document, kind: str, file: str, scope: str = "project") -> list[Server]:
    """The servers a publisher file would install, in document order."""
    if kind == MCPB:
        return _bundle_servers(doc.data, file, scope)
    return _registry_servers(doc.data, file, scope)


# ---------------------------------------------------------------------------------------------
# Registry server.json
# ---------------------------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _argument(arg: Any, at: Pointer) -> list[tuple[str, Pointer]]:
    """One registry Argument as the command-line words the installer writes, each with its
    pointer: ``{var}`` in a value becomes ``${input:var}``; a value the user enters is
    ``${input:hint}``; a positional with only a hint is the hint itself."""
    if isinstance(arg, str):
        return [(arg, at)]
    if not isinstance(arg, dict):
        return []
    variables = arg.get("variables") if isinstance(arg.get("variables"), dict) else {}
    value = arg.get("value") if isinstance(arg.get("value"), str) and arg.get("value") else None
    if value is not None:
        for name in variables:
            value = value.replace("{" + str(name) + "}", "${input:" + str(name) + "}")
    asks = bool(arg.get("description")) or "default" in arg
    hint = _str(arg.get("valueHint"))
    if arg.get("type") == "named":
        name = _str(arg.get("name"))
        if name is None:
            return []
        words = [(name, at + ("name",))]
        if value is not None:
            words.append((value, at + ("value",)))
        elif asks:
            words.append(("${input:" + name.lstrip("-") + "}", at))
        return words
    if value is not None:
        return [(value, at + ("value",))]
    if hint and asks:
        return [("${input:" + hint + "}", at)]
    return [(hint or "", at + ("valueHint",))]


def _inputs(entries: Any, at: Pointer) -> tuple[dict[str, str], dict[tuple[str, Any], Pointer]]:
    """KeyValueInputs (environment variables, headers) as name -> the value the client sets
    (``value``, else ``default``, else a ``${NAME}`` reference to what the user enters)."""
    values: dict[str, str] = {}
    pointers: dict[tuple[str, Any], Pointer] = {}
    for j, entry in enumerate(entries if isinstance(entries, list) else ()):
        if not isinstance(entry, dict) or not _str(entry.get("name")):
            continue
        name = entry["name"]
        for key in ("value", "default"):
            if isinstance(entry.get(key), (str, int, float)) and not isinstance(entry.get(key), bool):
                values[name] = str(entry[key])
                pointers[name] = at + (j, key)
                break
        else:
            values[name] = "${" + name + "}"
            pointers[name] = at + (j,)
    return values, pointers


def _spec(registry: str, identifier: str, version: str | None, launcher: Launcher) -> str:
    if not version:
        return identifier
    if registry == "oci" and (":" in identifier.rsplit("/", 1)[-1] or "@sha256:" in identifier):
        return identifier  # the tag (or digest) is part of the reference already (schema 2025-10-11)
    if registry == "pypi" and not _EXACT_PYPI.match(version):
        # ``uvx pkg==^1.2`` / ``==latest`` cannot install: read as the range it means (MCP501)
        return identifier + (version if version[:1] in "<>=!~" else "")
    return launcher.spec.format(id=identifier, version=version)


def registry_server(name: str, package: dict[str, Any], at: Pointer, file: str, scope: str = "project") -> Server:
    """The Server a client installs for one ``packages[]`` entry (``LAUNCHERS``)."""
    registry = str(package.get("registryType", "")).lower()
    identifier = _str(package.get("identifier")) or ""
    version = package.get("version")
    version = str(version) if isinstance(version, (str, int, float)) and not isinstance(version, bool) else None
    launcher = LAUNCHERS.get(registry)
    paths: dict[str, Pointer] = {}
    item_paths: dict[tuple[str, Any], Pointer] = {}
    env, env_at = _inputs(package.get("environmentVariables"), at + ("environmentVariables",))
    if env:
        paths["env"] = at + ("environmentVariables",)
        item_paths.update({("env", k): v for k, v in env_at.items()})
    command: str | None = None
    args: list[str] = []
    if launcher is not None and identifier:
        command = launcher.command
        paths["command"] = at + ("registryType",)
        words = [(a, at + ("registryType",)) for a in launcher.args]
        runtime = package.get("runtimeArguments")
        for i, arg in enumerate(runtime if isinstance(runtime, list) else ()):
            words.extend(_argument(arg, at + ("runtimeArguments", i)))
        if launcher.env_flag:
            for key in env:
                words += [(launcher.env_flag, env_at[key]), (key, env_at[key])]
        spec_at = at + ("version",) if "version" in package else at + ("identifier",)
        words.append((_spec(registry, identifier, version, launcher), spec_at))
        extra = package.get("packageArguments")
        extra = extra if isinstance(extra, list) else []
        words += [(a, at + ("registryType",)) for a in launcher.after]
        if launcher.after and extra:
            words.append(("--", at + ("packageArguments",)))
        for i, arg in enumerate(extra):
            words.extend(_argument(arg, at + ("packageArguments", i)))
        args = [w for w, _ in words]
        paths["args"] = at
        for i, (_, pointer) in enumerate(words):
            item_paths[("args", i)] = pointer
    transport, url, headers = _transport(package.get("transport"), at + ("transport",), paths, item_paths)
    return Server(name=name, client=REGISTRY, file=file, pointer=at, transport=transport if url else "stdio",
                  command=command, args=args, env=env, url=url, headers=headers, raw=package, paths=paths,
                  item_paths=item_paths, scope=scope)


def _transport(value: Any, at: Pointer, paths: dict[str, Pointer],
               item_paths: dict[tuple[str, Any], Pointer]) -> tuple[str, str | None, dict[str, str]]:
    from mcplint.clients import transports

    if not isinstance(value, dict):
        return "stdio", None, {}
    kind = str(value.get("type", "stdio")).lower()
    url = _str(value.get("url"))
    if url:
        paths["url"] = at + ("url",)
    headers, header_at = _inputs(value.get("headers"), at + ("headers",))
    if headers:
        paths["headers"] = at + ("headers",)
        item_paths.update({("headers", k): v for k, v in header_at.items()})
    if "type" in value:
        paths["type"] = at + ("type",)
    return transports().get(kind, kind), url, headers


def remote_server(name: str, remote: dict[str, Any], at: Pointer, file: str, scope: str = "project") -> Server:
    """The Server a client connects to for one ``remotes[]`` entry."""
    paths: dict[str, Pointer] = {}
    item_paths: dict[tuple[str, Any], Pointer] = {}
    transport, url, headers = _transport(remote, at, paths, item_paths)
    return Server(name=name, client=REGISTRY, file=file, pointer=at, transport=transport, url=url,
                  headers=headers, raw=remote, paths=paths, item_paths=item_paths, scope=scope)


def _registry_servers(data: dict[str, Any], file: str, scope: str) -> list[Server]:
    base = _str(data.get("name")) or "server"
    entries = [(key, i, entry) for key in ("packages", "remotes")
               for i, entry in enumerate(data.get(key) if isinstance(data.get(key), list) else ())
               if isinstance(entry, dict)]
    servers: list[Server] = []
    for key, i, entry in entries:
        if key == "packages" and str(entry.get("registryType", "")).lower() == "mcpb":
            continue  # what a bundle runs is in its own manifest: scan the bundle (MCP801 checks its hash)
        name = base if len(entries) == 1 else f"{base} [{key}/{i}]"
        make = registry_server if key == "packages" else remote_server
        servers.append(make(name, entry, (key, i), file, scope))
    return servers


# ---------------------------------------------------------------------------------------------
# MCPB manifest.json
# ---------------------------------------------------------------------------------------------

ENTRY_RUNNERS = {"node": ("node", True), "python": ("python", True), "binary": (None, True), "uv": ("uv", False)}
"""server.type -> (interpreter, takes the entry point as its argument) when there is no mcp_config."""


def _bundle_servers(data: dict[str, Any], file: str, scope: str) -> list[Server]:
    from mcplint.normalize import server_from_entry

    name = _str(data.get("name")) or "bundle"
    server = data.get("server") if isinstance(data.get("server"), dict) else {}
    config = server.get("mcp_config")
    if not isinstance(config, dict):
        entry_point = _str(server.get("entry_point"))
        runner = ENTRY_RUNNERS.get(server.get("type"))
        if not entry_point or runner is None:
            return []
        command, with_entry = runner
        entry = {"command": command or entry_point, "args": ["run", entry_point] if not with_entry else
                 ([entry_point] if command else [])}
        found = server_from_entry(name, entry, ("server",), MCPB, file, scope)
        found.paths = {"command": ("server", "entry_point"), "args": ("server", "entry_point")}
        found.item_paths = {("args", i): ("server", "entry_point") for i in range(len(found.args))}
        return [found]
    main_at: Pointer = ("server", "mcp_config")
    main_entry = {k: v for k, v in config.items() if k != "platform_overrides"}
    main = server_from_entry(name, main_entry, main_at, MCPB, file, scope)
    main.raw = config
    servers = [main]
    overrides = config.get("platform_overrides")
    for platform, override in (overrides.items() if isinstance(overrides, dict) else ()):
        if not isinstance(override, dict):
            continue
        at = main_at + ("platform_overrides", platform)
        merged = {**main_entry, **override}
        if isinstance(main_entry.get("env"), dict) and isinstance(override.get("env"), dict):
            merged["env"] = {**main_entry["env"], **override["env"]}
        found = server_from_entry(f"{name} ({platform})", merged, at, MCPB, file, scope)
        for field, pointer in list(found.paths.items()):  # inherited fields stand in the main config
            if pointer[-1] not in override:
                found.paths[field] = main.paths.get(field, pointer)
        if isinstance(override.get("env"), dict) and isinstance(main_entry.get("env"), dict):
            for key in main_entry["env"]:
                if key not in override["env"]:
                    found.item_paths[("env", key)] = main.at("env", key)
        servers.append(found)
    return servers
