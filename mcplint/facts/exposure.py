"""Servers that listen on every network interface (fact ``exposure``).

``--host 0.0.0.0``, ``HOST=0.0.0.0``, ``--bind ::``, docker ``-p 0.0.0.0:8080:8080`` — and
docker ``-p 8080:8080``, which publishes on every interface unless an address is given.
A server reachable from the network can be called by anyone on it; most MCP servers have no
authentication of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server

ALL_INTERFACES = frozenset({"0.0.0.0", "::", "[::]", "*", "0", "::0"})
HOST_FLAGS = lazy_compile(r"^--?(?:(?:http|sse|server|mcp|listen|bind|web)[-_]?)?(?:host|bind|listen|address|addr|interface)(?:[-_]?(?:address|addr))?$", re.I)
_HOST_WORDS = ("host", "bind", "listen", "addr", "interface")
HOST_ENV = lazy_compile(r"^(?:[A-Z0-9]+_)*(?:HOST|BIND|LISTEN|BIND_HOST|BIND_ADDRESS|BIND_ADDR|LISTEN_ADDRESS|LISTEN_ADDR|LISTEN_HOST|SERVER_HOST|HTTP_HOST|ADDRESS|ADDR)$")
CONNECT_WORDS = frozenset({
    "DB", "DATABASE", "SQL", "MYSQL", "MSSQL", "PG", "POSTGRES", "POSTGRESQL", "MONGO", "MONGODB", "REDIS", "VALKEY",
    "CLICKHOUSE", "NEO4J", "ELASTIC", "ELASTICSEARCH", "OPENSEARCH", "OLLAMA", "SMTP", "IMAP", "PROXY", "SSH",
    "REMOTE", "UPSTREAM", "API", "TARGET", "CLIENT", "DOCKER", "KAFKA", "RABBITMQ", "AMQP", "MQTT", "LDAP", "CHROMA",
    "QDRANT", "WEAVIATE", "MILVUS", "BACKEND", "UPSTREAM", "ORIGIN", "GRAFANA", "PROMETHEUS", "LOKI",
})
"""Words marking a host variable as a server to *connect to*, not an address to listen on."""


class Exposure(Item):
    where: str
    setting: str
    pointer: Pointer
    implicit: bool = False
    """Docker ``-p PORT:PORT`` without an address (publishes on every interface by default)."""


@lru_cache(maxsize=4096)
def _host_flag(arg: str) -> bool:
    """An argument that is (``--host``) or starts with (``--host=...``) a flag setting the address
    to listen on. Memoized on the whole argument: every argument of every server is asked."""
    flag = arg.partition("=")[0].lower()
    # (every flag the pattern accepts names one of these words: another compiles nothing)
    return flag.startswith("-") and any(word in flag for word in _HOST_WORDS) and bool(HOST_FLAGS.match(flag))


@lru_cache(maxsize=2048)
def _listen_key(key: str) -> bool:
    """A variable that sets the address to listen on, not the address of a server to connect to
    (memoized: every variable of every server)."""
    upper = key.upper()
    return bool(HOST_ENV.match(upper)) and not CONNECT_WORDS & set(upper.split("_")[:-1])


def _address(value: str) -> str:
    """``0.0.0.0:8080`` -> ``0.0.0.0``; ``[::]:80`` -> ``[::]``."""
    value = value.strip()
    if value.startswith("["):
        return value.split("]")[0] + "]"
    if value.count(":") == 1:
        return value.split(":")[0]
    return value


def analyze(server: Server, facts: Any) -> tuple[Exposure, ...]:
    found: list[Exposure] = []
    args = server.args
    package = facts["package"]
    for i, arg in enumerate(args):
        if not _host_flag(arg):
            continue
        flag, eq, value = arg.partition("=")
        if not eq:
            if i + 1 >= len(args):
                continue
            value = args[i + 1]
        if _address(value) in ALL_INTERFACES:
            found.append(Exposure(f"argument {i + 1}", f"{flag} {value}", server.at("args", i)))
    variables = facts["_env"]
    if variables:  # (most servers have none)
        for key, env in variables.items():
            if _listen_key(key) and _address(env.value) in ALL_INTERFACES:
                found.append(Exposure(env.where, f"{key}={env.value}", env.pointer))
    if package is not None and package.ecosystem == "docker":
        for flag, value, index in package.runner_options:
            if flag not in ("-p", "--publish"):
                continue
            parts = value.split(":")
            if len(parts) >= 3 or value.startswith("["):
                address = value.rsplit(":", 2)[0]
                if address in ALL_INTERFACES:
                    found.append(Exposure(f"docker {flag}", f"{flag} {value}", server.at("args", index)))
            elif len(parts) == 2 or (len(parts) == 1 and parts[0]):
                found.append(Exposure(f"docker {flag}", f"{flag} {value}", server.at("args", index), implicit=True))
        for flag, value, index in package.runner_options:
            if flag in ("-P", "--publish-all"):
                found.append(Exposure(f"docker {flag}", flag, server.at("args", index), implicit=True))
    return tuple(found) if found else ()
