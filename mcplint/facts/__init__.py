"""Facts stage: what is true of each server (its package, transport, secrets, reach...).

An analyzer is a function ``analyze(server, facts) -> value`` registered under a name; rule
conditions read facts by that name (``database.read_only``). Facts are computed lazily, on a
rule's first use, so a run that selects no secret rule never loads the secret detector.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from typing import Any, Callable

from mcplint.expr import Scope
from mcplint.model import Document, Server, SourceFile
from mcplint.record import Record, field

Analyzer = Callable[[Server, "Facts"], Any]
"""``analyze(server, facts)``: ``facts`` is the server's lazy :class:`Facts` mapping (its other
facts by name, ``facts.ctx`` the :class:`FactContext`), as ``Facts.__missing__`` calls it."""

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
    "env_file": "mcplint.facts.env_file",
    "advisories": "mcplint.facts.advisories",
}
"""Fact name -> module with an ``analyze`` function. Imported on first use."""

FILE_ANALYZERS: dict[str, str] = {
    "schema_violations": "mcplint.facts.schema",
    "approval_settings": "mcplint.facts.approval_settings",
    "trust_escalations": "mcplint.facts.trust_settings:escalations",
    "client_policy_issues": "mcplint.facts.client_policy_lint",
    "publisher": "mcplint.facts.publisher",
    "strict_json": "mcplint.facts.strict_json",
}
"""File-scope fact name -> module with an ``analyze_file(file_facts)`` function; file rules read
them as ``file.NAME`` and each is computed on first use (engine.FileFacts)."""


class FactContext(Record):
    """What analyzers may consult besides the server itself."""

    doc: Document | None
    source: SourceFile
    client: str
    extra: dict[str, Analyzer] = field(default_factory=dict)
    """Third-party analyzers (entry points), by fact name."""
    config: Any = None
    """The project configuration (config.Config), for facts that depend on it (policy)."""


SHARED: dict[str, str] = {
    "_env": "mcplint.facts.common:env_fact",
    "_context": "mcplint.facts.common:context_fact",
}
"""Values several facts read, computed once per server as facts are (``facts["_env"]``), by
``module:function``. The underscore keeps them out of rule conditions, which allow no such name."""

_loaded: dict[str, Analyzer] = {}
"""The built-in analyzers imported so far, by fact name (at most one per ``ANALYZERS`` or
``SHARED`` entry). A plain dict, not ``functools.cache``: ``Facts.__missing__`` reads it ~20
times a server."""


def _function(path: str, default: str) -> Callable[..., Any]:
    """The function at ``module`` (named ``default``) or ``module:function``, imported now."""
    module, _, function = path.partition(":")
    return getattr(import_module(module), function or default)


def _builtin(name: str) -> Analyzer:
    """The built-in analyzer of a fact (KeyError for an unknown name), imported on first use."""
    analyzer = _loaded.get(name)
    if analyzer is None:
        analyzer = _loaded[name] = _function(ANALYZERS.get(name) or SHARED[name], "analyze")
    return analyzer


@cache
def file_analyzer(name: str) -> Callable[[Any], Any]:
    """The ``analyze_file`` of a file fact (KeyError for an unknown name), imported on first use."""
    return _function(FILE_ANALYZERS[name], "analyze_file")


class Facts(Scope):
    """A server's facts, each computed when first read (``facts["package"]``).

    Also the scope its rules' conditions are evaluated in: the engine adds ``server``, ``file``
    and ``item``, and a condition reading ``database.read_only`` computes ``database`` here on
    first use (see ``expr.Scope``). A name that is no fact raises KeyError.
    """

    __slots__ = ("server", "ctx", "_extra")
    """(Slots, not an instance ``__dict__``: one Facts is made per server.)"""

    def __init__(self, server: Server, ctx: FactContext, names: Mapping[str, Any] = {}) -> None:
        Scope.__init__(self, names)  # (not super(): one Facts per server, and super() costs more)
        self.server = server
        self.ctx = ctx
        self._extra = ctx.extra

    def __missing__(self, name: str) -> Any:
        # (~20 calls a server: subscripts and ``in``, not ``.get`` calls, keep it ~15% cheaper)
        extra = self._extra
        if extra and name in extra:  # a third-party analyzer may replace a built-in fact
            analyzer = extra[name]
        else:
            try:
                analyzer = _loaded[name]
            except KeyError:
                analyzer = _builtin(name)
        self[name] = value = analyzer(self.server, self)
        return value
