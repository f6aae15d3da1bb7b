"""Server fact ``placeholders``: variable references the file's own client does not expand.

Every client expands its own syntaxes (data/clients.json ``variables``; the syntaxes themselves
are ``clients.VARIABLE_SYNTAXES``): ``${env:X}`` in VS Code and Cursor, ``${X}`` in Claude Code,
``{env:X}`` in opencode, nothing at all in Claude Desktop or Codex. Any other syntax reaches the
server as literal text — a token that is the string ``${env:GITHUB_TOKEN}``, a path that is
``${workspaceFolder}/data`` — which is what rule MCP003 reports.

Precision first: nothing is reported for the generic client (unknown: every syntax counts as
expanded), for clients whose variable support is not verified, for ``%VAR%`` (a Windows shell
may expand it), for shell syntaxes in the arguments of a shell (``sh -c "... $TOKEN"``), or for
a bare ``$name`` that is not an upper-case environment-variable name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from mcplint._lazyre import lazy_compile
from mcplint.model import Pointer, Server

EXAMPLES: dict[str, str] = {
    "continue": "${{ secrets.NAME }}",
    "env-colon": "${env:NAME}",
    "input": "${input:id}",
    "file-colon": "${file:/path}",
    "vscode-paths": "${workspaceFolder}",
    "plugin-root": "${CLAUDE_PLUGIN_ROOT}",
    "dollar-brace-default": "${NAME:-default}",
    "dollar-brace": "${NAME}",
    "shell": "$(command)",
    "brace-env": "{env:NAME}",
    "dollar": "$NAME",
    "percent": "%NAME%",
}
"""One example of each syntax, for messages."""

HINT_ORDER = ("dollar-brace", "dollar-brace-default", "dollar", "env-colon", "input", "file-colon", "brace-env",
              "continue", "shell", "vscode-paths", "plugin-root")
"""The order syntaxes are listed in a message (the everyday ones first)."""

NEVER_REPORTED = frozenset({"percent"})
"""Syntaxes that may be expanded outside the client (a Windows shell expands %VAR%)."""

SHELL_SYNTAXES = frozenset({"dollar", "dollar-brace", "dollar-brace-default", "shell"})
"""Syntaxes a shell expands itself: quiet in the arguments of ``sh -c`` and friends."""

SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "powershell", "pwsh", "env"})

UNVERIFIED = frozenset({"generic", "idx", "copilot-jetbrains"})
"""Clients whose expansion is unknown or undocumented (rather than documented as none): quiet."""

VERIFIED_EXTRA = frozenset({"antigravity"})
"""Clients below "high" catalog confidence whose variable support is nonetheless verified."""

_ENV_NAME = lazy_compile(r"^\$[A-Z][A-Z0-9_]+$")


@dataclass(frozen=True)
class Placeholder:
    text: str
    """The placeholder as written (``${env:TOKEN}``): a reference, never a secret."""
    syntax: str
    where: str
    """``env TOKEN``, ``argument 3``, ``url``, ``header Authorization``, ``command``, ``cwd``."""
    pointer: Pointer
    client: str
    """The client's display name."""
    expands: str
    """What the client does expand, for the message (``${NAME}, ${NAME:-default}`` or ``no variables``)."""

    @property
    def example(self) -> str:
        return EXAMPLES.get(self.syntax, self.text)


def _basename(command: str) -> str:
    name = re.split(r"[\\/]", command.strip())[-1].lower()
    for suffix in (".exe", ".cmd", ".bat"):
        name = name.removesuffix(suffix)
    return name


def _values(server: Server) -> Iterator[tuple[str, str, Pointer, bool]]:
    """(value, where, pointer, in_shell_args) for every field a client expands variables in."""
    shell = bool(server.command) and _basename(server.command) in SHELLS
    if server.command:
        yield server.command, "command", server.at("command"), False
    for i, arg in enumerate(server.args):
        yield arg, f"argument {i + 1}", server.at("args", i), shell
    for key, value in server.env.items():
        yield value, f"env {key}", server.at("env", key), False
    if server.url:
        yield server.url, "url", server.at("url"), False
    for key, value in server.headers.items():
        yield value, f"header {key}", server.at("headers", key), False
    if server.cwd:
        yield server.cwd, "cwd", server.at("cwd"), False


def _reported(syntax: str, text: str, in_shell: bool, expanded: frozenset[str]) -> bool:
    if syntax in expanded or syntax in NEVER_REPORTED:
        return False
    if in_shell and syntax in SHELL_SYNTAXES:
        return False
    if syntax == "dollar" and not _ENV_NAME.match(text):
        return False
    return True


def analyze(server: Server, facts: Any) -> tuple[Placeholder, ...]:
    from mcplint import clients

    try:
        client = clients.get(server.client)
    except KeyError:
        return ()
    if client.id in UNVERIFIED or (client.confidence != "high" and client.id not in VERIFIED_EXTRA):
        return ()
    expanded = client.variables
    name = client.name.split(" (")[0]
    expands = ", ".join(EXAMPLES[s] for s in HINT_ORDER if s in expanded) or "no variables"
    found: list[Placeholder] = []
    for value, where, pointer, in_shell in _values(server):
        if "$" not in value and "{" not in value:
            continue
        for syntax, text, _start, _end in clients.find_placeholders(value):
            if _reported(syntax, text, in_shell, expanded):
                found.append(Placeholder(text, syntax, where, pointer, name, expands))
    return tuple(found)
