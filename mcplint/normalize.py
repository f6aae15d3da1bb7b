"""Normalize stage: a Document -> Server records, one shape for every client format.

Where servers live (the container), what each field is called (its aliases) and what a
transport is called differ by client; all are tables, so a new shape is a line of data, not a
new branch: the field aliases below, the rest in the client catalog (data/clients.json: each
client's ``servers_keys``, ``flat`` and ``url_transports``; ``containers``, ``content_keys``
and ``transports`` for every client).
"""

from __future__ import annotations

from typing import Any, Iterator

from mcplint import clients
from mcplint.model import Document, Pointer, Server
from mcplint.shown import shown_keys, shown_name
from mcplint.record import Frozen

ENTRY_KEYS = frozenset({"command", "cmd", "url", "serverUrl", "httpUrl", "uri", "transport"})
"""An object holding any of these is a server entry (the discriminator for flat maps)."""

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "command": ("command", "cmd"),
    "args": ("args",),
    "env": ("env", "environment", "envs"),
    "url": ("url", "serverUrl", "httpUrl", "uri"),
    "headers": ("headers", "http_headers"),
    "type": ("type", "transportType", "transport"),
    "cwd": ("cwd",),
    "auto_approve": ("autoApprove", "alwaysAllow"),
}

class Container(Frozen):
    """Where a document keeps servers: the pointer, and the project path for nested maps."""

    pointer: Pointer
    project: str | None = None


Keys = tuple[tuple[str, ...], ...]
"""Container paths (``*`` = any key)."""

_CLIENT_CONTAINERS: dict[str, tuple[Keys, bool, bool]] = {}
"""``client_containers`` answers by client id: the catalog does not change during a run."""


def client_containers(client_id: str) -> tuple[Keys, bool, bool]:
    """Where a client keeps servers (its catalog ``servers_keys``), whether a flat map of entries
    counts (``flat``), and whether the catalog knows the client; for a client it does not know
    (or ``generic``), every known container, flat maps included."""
    found = _CLIENT_CONTAINERS.get(client_id)
    if found is None:
        try:
            client = clients.get(client_id)
        except KeyError:
            found = clients.containers(), True, False
        else:
            found = client.servers_keys, client.flat, client_id != "generic"
        _CLIENT_CONTAINERS[client_id] = found
    return found


def find_containers(data: Any, keys: Keys | None = None, flat: bool = True) -> list[Container]:
    """Every container in ``data`` matching one of ``keys`` (default: every known container);
    a flat map when none does."""
    if keys is None:
        keys = clients.containers()
    found: list[Container] = []
    for path in keys:
        if "*" in path:
            found.extend(_walk(data, path, ()))
            continue
        node: Any = data
        for part in path:  # a plain path: dict lookups, no generator per level
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            if isinstance(node, (dict, list)):
                found.append(Container(tuple(path)))
    if found:
        # "mcp" alone is opencode v1; skip it when it is the parent of "mcp.servers" (v2)
        if len(found) > 1 and any(c.pointer == ("mcp", "servers") for c in found):
            found = [c for c in found if c.pointer != ("mcp",)]
        return found
    if flat and isinstance(data, dict) and data and all(
        isinstance(v, dict) and ENTRY_KEYS & v.keys() for v in data.values()
    ):
        return [Container(())]
    return []


def _walk(data: Any, path: tuple[str, ...], at: Pointer, project: str | None = None) -> Iterator[Container]:
    if not path:
        if isinstance(data, (dict, list)):
            yield Container(at, project)
        return
    if not isinstance(data, dict):
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for key, value in data.items():
            yield from _walk(value, rest, at + (key,), key)
    elif head in data:
        yield from _walk(data[head], rest, at + (head,), project)


def servers_of(doc: Document, client: str, file: str, scope: str = "project",
               keys: Keys | None = None, flat: bool = True) -> list[Server]:
    """All servers in a document, in document order (``keys``: where to look, default every
    known container)."""
    servers: list[Server] = []
    for container in find_containers(doc.data, keys, flat):
        base, project = container
        node = _get(doc.data, base)
        if isinstance(node, dict):
            for key, entry in node.items():
                if isinstance(entry, dict):
                    servers.append(server_from_entry(shown_name(str(key)), entry, base + (key,), client, file, scope,
                                                     project))
        else:
            for i, entry in enumerate(node):
                if isinstance(entry, dict):
                    name = shown_name(_list_entry_name(entry, i))
                    servers.append(server_from_entry(name, entry, base + (i,), client, file, scope, project))
    return servers


def _list_entry_name(entry: dict[str, Any], index: int) -> str:
    """A server in a list has no key: its ``name``, else its command (and package), else its
    position — so Continue's legacy ``modelContextProtocolServers`` entries read as what they run."""
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        return name
    nested = entry.get("transport")
    fields = nested if isinstance(nested, dict) else entry
    command = fields.get("command")
    if isinstance(command, str) and command.strip():
        args = fields.get("args")
        first = next((a for a in args if isinstance(a, str) and a and not a.startswith("-")), None) \
            if isinstance(args, list) else None
        return f"{command.strip()} {first}" if first else command.strip()
    url = fields.get("url")
    if isinstance(url, str) and url.strip():
        from mcplint.identity import safe_url  # no userinfo, no query: a name is shown everywhere

        return safe_url(url.strip())
    return str(index)


def _get(data: Any, pointer: Pointer) -> Any:
    for part in pointer:
        data = data[part]
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _texts(values: Any) -> list[str]:
    return [v if type(v) is str else _text(v) for v in values]


def _text_map(values: dict[Any, Any]) -> dict[str, str]:
    """Env and header maps as text; a key that holds a secret is redacted (mcplint/shown.py)."""
    return shown_keys({k if type(k) is str else str(k): v if type(v) is str else _text(v) for k, v in values.items()})


_ALIAS_OF: dict[str, tuple[tuple[str, int], ...]] = {}
for _field, _names in FIELD_ALIASES.items():
    for _rank, _alias in enumerate(_names):
        _ALIAS_OF[_alias] = (*_ALIAS_OF.get(_alias, ()), (_field, _rank))
del _field, _names, _rank, _alias
_PLANS: dict[frozenset[str], dict[str, str]] = {}
_PLANS_KEPT = 512
"""Entries come in few shapes (command/args/env, url/headers/type...): their plans are kept."""


def _plan(entry: dict[str, Any]) -> dict[str, str]:
    """Field -> the first of its FIELD_ALIASES that ``entry`` has, worked out once per key set."""
    present = frozenset(entry.keys() & _ALIAS_OF.keys())
    plan = _PLANS.get(present)
    if plan is None:
        best: dict[str, tuple[int, str]] = {}
        for alias in present:
            for field, rank in _ALIAS_OF[alias]:
                if field not in best or rank < best[field][0]:
                    best[field] = (rank, alias)
        plan = {field: alias for field, (_, alias) in best.items()}
        if len(_PLANS) < _PLANS_KEPT:
            _PLANS[present] = plan
    return plan


def server_from_entry(name: str, entry: dict[str, Any], pointer: Pointer, client: str, file: str,
                      scope: str = "project", project: str | None = None) -> Server:
    """Turn one raw entry into a Server, recording the pointer of every field it used.

    Which alias names each field is looked up once per shape of entry (``_plan``), and the
    Server is made once with every field: per-field alias scans and a setattr per field cost
    more than the rest.
    """
    base = pointer
    fields = entry
    nested = entry.get("transport")
    if isinstance(nested, dict):  # Cline's nested form: {"transport": {"type": ..., "url": ...}}
        fields = {**{k: v for k, v in entry.items() if k != "transport"}, **nested}
    else:
        nested = None

    def where(alias: str) -> Pointer:
        if nested is not None and alias in nested:
            return base + ("transport", alias)
        return base + (alias,)

    plan = _plan(fields)
    paths: dict[str, Pointer] = {}
    item_paths: dict[tuple[str, int], Pointer] = {}
    command: str | None = None
    args: list[str] = []
    env: dict[str, str] = {}
    headers: dict[str, str] = {}
    url = cwd = None

    alias = plan.get("command")
    if alias is not None:
        command, args, env = _command(alias, fields[alias], where, paths, item_paths)
    alias = plan.get("args")
    if alias is not None:
        value = fields[alias]
        args = _texts(value) if isinstance(value, list) else [_text(value)]
        paths["args"] = where(alias)
    alias = plan.get("env")
    if alias is not None and isinstance(fields[alias], dict):
        env = _text_map(fields[alias])
        paths["env"] = where(alias)
    alias = plan.get("headers")
    if alias is not None and isinstance(fields[alias], dict):
        headers = _text_map(fields[alias])
        paths["headers"] = where(alias)
    options = fields.get("requestOptions")
    if not headers and isinstance(options, dict) and isinstance(options.get("headers"), dict):
        headers = _text_map(options["headers"])
        paths["headers"] = base + ("requestOptions", "headers")
    alias = plan.get("url")
    if alias is not None and isinstance(fields[alias], str):
        url = fields[alias]
        paths["url"] = where(alias)
    alias = plan.get("cwd")
    if alias is not None and isinstance(fields[alias], str):
        cwd = fields[alias]
        paths["cwd"] = where(alias)
    alias = plan.get("type")
    transport = _transport(alias, None if alias is None else fields[alias], url, command, client, paths, where)
    auto_approve: list[str] = []
    alias = plan.get("auto_approve")
    if alias is not None and isinstance(fields[alias], list):
        auto_approve = _texts(fields[alias])
        paths["auto_approve"] = base + (alias,)
    if fields.get("trust") is True:
        auto_approve = ["*"]
        paths["auto_approve"] = base + ("trust",)

    return Server(
        name=name, client=client, file=file, pointer=pointer, transport=transport, command=command, args=args,
        env=env, url=url, headers=headers, cwd=cwd,
        disabled=fields.get("disabled") is True or fields.get("enabled") is False,
        auto_approve=auto_approve, raw=entry, paths=paths, item_paths=item_paths, scope=scope, project=project,
    )


def _command(alias: str, value: Any, where: Any, paths: dict[str, Pointer],
             item_paths: dict[tuple[str, int], Pointer]) -> tuple[str | None, list[str], dict[str, str]]:
    """(command, args, env) from the command field, in its three shapes."""
    command: str | None = None
    args: list[str] = []
    env: dict[str, str] = {}
    if isinstance(value, list):  # opencode: argv array
        if value:
            command = _text(value[0])
            paths["command"] = where(alias) + (0,)
        args = _texts(value[1:])
        for i in range(len(args)):
            item_paths[("args", i)] = where(alias) + (i + 1,)
        paths["args"] = where(alias)
    elif isinstance(value, dict):  # Zed legacy: {"path", "args", "env"}
        command = _text(value.get("path")) or None
        paths["command"] = where(alias) + ("path",)
        if isinstance(value.get("args"), list):
            args = _texts(value["args"])
            paths["args"] = where(alias) + ("args",)
        if isinstance(value.get("env"), dict):
            env = _text_map(value["env"])
            paths["env"] = where(alias) + ("env",)
    elif value is not None:
        command = _text(value)
        paths["command"] = where(alias)
    return command, args, env


def _transport(alias: str | None, value: Any, url: str | None, command: str | None, client: str,
               paths: dict[str, Pointer], where: Any) -> str:
    """The transport a declared type names, else the one the entry's shape implies."""
    written = value.strip() if alias is not None and isinstance(value, str) else None
    declared = written.lower() if written else None
    if alias is not None and declared:
        paths["type"] = where(alias)
    transport = clients.transports().get(declared) if declared else None
    if transport is not None:
        return transport
    if declared:
        # an unknown type is shown as written, unless it is a token (judged as written: lowered,
        # a token no longer looks like one) or too long to be a type name
        return shown_name(written) if len(written) <= 40 and shown_name(written) == written else "(unknown type)"
    if url and not command:
        try:
            by_key = clients.get(client).url_transports
        except KeyError:  # a pseudo-client (mcp-registry, dotenv): the default
            return "http"
        return by_key.get(paths["url"][-1], "http")
    return "stdio"


def infer_client(data: Any) -> str:
    """The client of a file whose path names none, from its content (the catalog's ``content_keys``)."""
    if isinstance(data, dict):
        projects = data.get("projects")
        if isinstance(projects, dict) and any(isinstance(p, dict) and "mcpServers" in p for p in projects.values()):
            return "claude-code"  # ~/.claude.json (also a copy of it found in a folder)
        if "mcpServers" in data:
            return "generic"
        for key, client in clients.content_keys():
            if isinstance(data.get(key), (dict, list)):
                return client
    return "generic"
