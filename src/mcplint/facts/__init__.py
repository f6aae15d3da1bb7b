"""Facts stage: what is true of each server (its package, transport, secrets, reach...).

An analyzer is a function ``analyze(server, facts) -> value`` registered under a name; rule
conditions read facts by that name (``database.read_only``). Facts are computed lazily, on a
rule's first use, so a run that selects no secret rule never loads the secret detector.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Callable, Iterator

from mcplint.model import Document, Server, SourceFile

Analyzer = Callable[[Server, "FactContext"], Any]

ANALYZERS: dict[str, str] = {
    "package": "mcplint.facts.package",
    "transport": "mcplint.facts.transport",
    "tls": "mcplint.facts.tls",
    "secrets": "mcplint.facts.secrets",
    "known": "mcplint.facts.known",
    "filesystem": "mcplint.facts.filesystem",
    "database": "mcplint.facts.database",
    "connections": "mcplint.facts.connections",
    "insecure_tls": "mcplint.facts.tls_verify",
    "auth": "mcplint.facts.auth",
    "exposure": "mcplint.facts.exposure",
    "shell": "mcplint.facts.shell",
    "container": "mcplint.facts.container",
    "launch": "mcplint.facts.launch",
    "loader_env": "mcplint.facts.loader_env",
    "approval": "mcplint.facts.approval",
    "toolsets": "mcplint.facts.toolsets",
    "reputation": "mcplint.facts.reputation",
    "policy": "mcplint.facts.policy",
    "placeholders": "mcplint.facts.placeholders",
}
"""Fact name -> module with an ``analyze`` function. Imported on first use."""

FILE_ANALYZERS: dict[str, str] = {
    "schema_violations": "mcplint.facts.schema",
    "approval_settings": "mcplint.facts.approval_settings",
}
"""File-scope fact name -> module with an ``analyze_file(file_facts)`` function; file rules read
them as ``file.NAME`` and each is computed on first use (engine.FileFacts)."""


@dataclass
class FactContext:
    """What analyzers may consult besides the server itself."""

    doc: Document | None
    source: SourceFile
    client: str
    extra: dict[str, Analyzer] = field(default_factory=dict)
    """Third-party analyzers (entry points), by fact name."""
    config: Any = None
    """The project configuration (config.Config), for facts that depend on it (policy)."""


def _analyzer(name: str, ctx: FactContext) -> Analyzer:
    if name in ctx.extra:
        return ctx.extra[name]
    return import_module(ANALYZERS[name]).analyze


class Facts(Mapping[str, Any]):
    """A server's facts, each computed when first read."""

    def __init__(self, server: Server, ctx: FactContext) -> None:
        self.server = server
        self.ctx = ctx
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            if name not in ANALYZERS and name not in self.ctx.extra:
                raise KeyError(name)
            self._values[name] = _analyzer(name, self.ctx)(self.server, self)
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**ANALYZERS, **self.ctx.extra})

    def __len__(self) -> int:
        return len({**ANALYZERS, **self.ctx.extra})


def known_fact(name: str, extra: Mapping[str, Analyzer] = {}) -> bool:
    return name in ANALYZERS or name in extra
