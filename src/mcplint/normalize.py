"""Normalize stage: a Document -> Server records, one shape for every client format.

Where servers live (the container) and what each field is called (its aliases) differ by
client; both are tables below, so a new shape is one line, not a new branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from mcplint.model import Document, Pointer, Server

CONTAINERS: tuple[tuple[str, ...], ...] = (
    ("mcpServers",),
    ("servers",),
    ("mcp", "servers"),
    ("mcp",),
    ("mcp.servers",),
    ("context_servers",),
    ("mcp_servers",),
    ("extensions",),
    ("amp.mcpServers",),
    ("augment.advanced.mcpServers",),
    ("projects", "*", "mcpServers"),
    ("experimental", "modelContextProtocolServers"),
    ("settings", "mcp", "servers"),
    ("customizations", "vscode", "mcp", "servers"),
)
"""Every container path known (``*`` = any key); used when the file's client is unknown."""

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

TRANSPORTS: dict[str, str] = {
    "stdio": "stdio",
    "local": "stdio",
    "sse": "sse",
    "http": "http",
    "streamable-http": "http",
    "streamablehttp": "http",
    "streamable_http": "http",
    "remote": "http",
    "ws": "ws",
    "websocket": "ws",
}


URL_ONLY_TRANSPORT: dict[str, dict[str, str]] = {
    "cline": {"url": "sse"},
    "gemini-cli": {"url": "sse", "httpUrl": "http"},
    "qwen-code": {"url": "sse", "httpUrl": "http"},
}
"""Transport of an entry with a URL and no type, when the client's default is not HTTP: Cline and
Gemini CLI (and its fork Qwen) take a bare ``url`` as SSE; Gemini's ``httpUrl`` is streamable HTTP."""


@dataclass(frozen=True)
class Container:
    """Where a document keeps servers: the pointer, and the project path for nested maps."""

    pointer: Pointer
    project: str | None = None


def find_containers(data: Any, keys: tuple[tuple[str, ...], ...] = CONTAINERS, flat: bool = True) -> list[Container]:
    """Every container in ``data`` matching one of ``keys``; a flat map when none does."""
    found: list[Container] = []
    for path in keys:
        found.extend(_walk(data, path, ()))
    if found:
        # "mcp" alone is opencode v1; skip it when it is the parent of "mcp.servers" (v2)
        pointers = {c.pointer for c in found}
        found = [c for c in found if not (c.pointer == ("mcp",) and ("mcp", "servers") in pointers)]
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
               keys: tuple[tuple[str, ...], ...] = CONTAINERS, flat: bool = True) -> list[Server]:
    """All servers in a document, in document order."""
    servers: list[Server] = []
    for container in find_containers(doc.data, keys, flat):
        node = _get(doc.data, container.pointer)
        if isinstance(node, dict):
            items = [(str(k), v, container.pointer + (k,)) for k, v in node.items()]
        else:
            items = [
                (str(v.get("name", i)) if isinstance(v, dict) else str(i), v, container.pointer + (i,))
                for i, v in enumerate(node)
            ]
        for name, entry, pointer in items:
            if isinstance(entry, dict):
                servers.append(server_from_entry(name, entry, pointer, client, file, scope, container.project))
    return servers


def _get(data: Any, pointer: Pointer) -> Any:
    for part in pointer:
        data = data[part]
    return data


def _first(entry: dict[str, Any], field: str) -> tuple[str, Any] | None:
    for alias in FIELD_ALIASES[field]:
        if alias in entry:
            return alias, entry[alias]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def server_from_entry(name: str, entry: dict[str, Any], pointer: Pointer, client: str, file: str,
                      scope: str = "project", project: str | None = None) -> Server:
    """Turn one raw entry into a Server, recording the pointer of every field it used."""
    server = Server(name=name, client=client, file=file, pointer=pointer, raw=entry, scope=scope, project=project)
    fields = dict(entry)
    base = pointer
    nested = entry.get("transport")
    if isinstance(nested, dict):  # Cline's nested form: {"transport": {"type": ..., "url": ...}}
        fields = {**{k: v for k, v in entry.items() if k != "transport"}, **nested}
    paths = server.paths

    def where(alias: str) -> Pointer:
        if isinstance(nested, dict) and alias in nested:
            return base + ("transport", alias)
        return base + (alias,)

    found = _first(fields, "command")
    if found:
        alias, value = found
        if isinstance(value, list):  # opencode: argv array
            if value:
                server.command = _text(value[0])
                paths["command"] = where(alias) + (0,)
            server.args = [_text(v) for v in value[1:]]
            for i in range(len(server.args)):
                server.item_paths[("args", i)] = where(alias) + (i + 1,)
            paths["args"] = where(alias)
        elif isinstance(value, dict):  # Zed legacy: {"path", "args", "env"}
            server.command = _text(value.get("path")) or None
            paths["command"] = where(alias) + ("path",)
            if isinstance(value.get("args"), list):
                server.args = [_text(v) for v in value["args"]]
                paths["args"] = where(alias) + ("args",)
            if isinstance(value.get("env"), dict):
                server.env = {str(k): _text(v) for k, v in value["env"].items()}
                paths["env"] = where(alias) + ("env",)
        elif value is not None:
            server.command = _text(value)
            paths["command"] = where(alias)

    found = _first(fields, "args")
    if found:
        alias, value = found
        server.args = [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
        paths["args"] = where(alias)

    for field in ("env", "headers"):
        found = _first(fields, field)
        if found and isinstance(found[1], dict):
            setattr(server, field, {str(k): _text(v) for k, v in found[1].items()})
            paths[field] = where(found[0])
    options = fields.get("requestOptions")
    if not server.headers and isinstance(options, dict) and isinstance(options.get("headers"), dict):
        server.headers = {str(k): _text(v) for k, v in options["headers"].items()}
        paths["headers"] = base + ("requestOptions", "headers")

    found = _first(fields, "url")
    if found and isinstance(found[1], str):
        server.url = found[1]
        paths["url"] = where(found[0])

    found = _first(fields, "cwd")
    if found and isinstance(found[1], str):
        server.cwd = found[1]
        paths["cwd"] = where(found[0])

    found = _first(fields, "type")
    declared = found[1].strip().lower() if found and isinstance(found[1], str) else None
    if found and declared:
        paths["type"] = where(found[0])
    if declared in TRANSPORTS:
        server.transport = TRANSPORTS[declared]
    elif declared:
        server.transport = declared
    elif server.url and not server.command:
        server.transport = URL_ONLY_TRANSPORT.get(client, {}).get(paths["url"][-1], "http")
    else:
        server.transport = "stdio"

    found = _first(fields, "auto_approve")
    if found and isinstance(found[1], list):
        server.auto_approve = [_text(v) for v in found[1]]
        paths["auto_approve"] = base + (found[0],)
    if fields.get("trust") is True:
        server.auto_approve = ["*"]
        paths["auto_approve"] = base + ("trust",)

    server.disabled = fields.get("disabled") is True or fields.get("enabled") is False
    return server


CONTENT_CLIENTS: tuple[tuple[str, str], ...] = (
    ("servers", "vscode"),
    ("context_servers", "zed"),
    ("mcp_servers", "codex"),
    ("extensions", "goose"),
    ("amp.mcpServers", "amp"),
    ("projects", "claude-code"),
    ("mcp", "opencode"),
    ("mcpServers", "generic"),
)
"""For a file whose path names no client: the top-level key that gives the client away."""


def infer_client(data: Any) -> str:
    if isinstance(data, dict):
        projects = data.get("projects")
        if isinstance(projects, dict) and any(isinstance(p, dict) and "mcpServers" in p for p in projects.values()):
            return "claude-code"  # ~/.claude.json (also a copy of it found in a folder)
        if "mcpServers" in data:
            return "generic"
        for key, client in CONTENT_CLIENTS:
            if isinstance(data.get(key), (dict, list)):
                return client
    return "generic"
