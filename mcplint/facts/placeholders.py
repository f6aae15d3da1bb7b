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

from functools import lru_cache
from typing import Any, Iterator

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server

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

PROGRAM_EXPANDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # mcp-remote replaces ${VAR} in --header values from its environment (its README's
    # `--header "Authorization:${AUTH_HEADER}"` with AUTH_HEADER in `env`)
    "mcp-remote": (frozenset({"--header"}), frozenset({"dollar-brace"})),
}
"""Programs that expand references themselves: npm package -> (option whose value they expand,
syntaxes). Quiet only when the variable is set in the server's own ``env``."""

HINTS: dict[str, str] = {
    "codex": "; forward variables with env_vars = [\"NAME\"], bearer_token_env_var or env_http_headers",
}
"""What to use instead, for clients that expand no reference at all (by client id)."""
_REF_NAME = lazy_compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")


class Placeholder(Item):
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
    hint: str = ""
    """The client's own mechanism, when it expands nothing (Codex ``env_vars``), for the message."""

    @property
    def example(self) -> str:
        return EXAMPLES.get(self.syntax, self.text)


@lru_cache(maxsize=1024)
def _is_shell(command: str) -> bool:
    """``command`` starts a shell (memoized: servers repeat the same few commands)."""
    return _basename(command) in SHELLS


def _basename(command: str) -> str:
    name = command.strip().replace("\\", "/").rsplit("/", 1)[-1].lower()
    for suffix in (".exe", ".cmd", ".bat"):
        name = name.removesuffix(suffix)
    return name


def _values(server: Server) -> Iterator[tuple[Any, str, str | int | None, bool]]:
    """(value, field, key or index, in_shell_args) for every field a client expands variables in.

    Where the value sits (``argument 3``, its pointer) is built by ``_place`` only for the few
    values that hold a placeholder."""
    if server.command:
        yield server.command, "command", None, False
    if server.args:
        shell = bool(server.command) and _is_shell(server.command)
        for i, arg in enumerate(server.args):
            yield arg, "args", i, shell
    for key, value in server.env.items():
        yield value, "env", key, False
    if server.url:
        yield server.url, "url", None, False
    for key, value in server.headers.items():
        yield value, "headers", key, False
    if server.cwd:
        yield server.cwd, "cwd", None, False


_WHERE = {"args": "argument", "env": "env", "headers": "header"}


def _place(server: Server, field: str, sub: str | int | None) -> tuple[str, Pointer]:
    """(where, pointer) of a value ``_values`` gave: ``argument 3`` (1-based), ``env TOKEN``, ``url``."""
    if sub is None:
        return field, server.at(field)
    shown = sub + 1 if field == "args" else sub  # type: ignore[operator]
    return f"{_WHERE[field]} {shown}", server.at(field, sub)


def _reported(syntax: str, text: str, in_shell: bool, expanded: frozenset[str]) -> bool:
    if syntax in expanded or syntax in NEVER_REPORTED:
        return False
    if in_shell and syntax in SHELL_SYNTAXES:
        return False
    if syntax == "dollar" and not _ENV_NAME.match(text):
        return False
    return True


@lru_cache(maxsize=256)
def _client_view(client_id: Any) -> tuple[frozenset[str], str, str] | None:
    """(syntaxes it expands, display name, what it expands for messages) of a client whose
    expansion is verified; None otherwise. Per client id: the catalog is fixed per process."""
    from mcplint import clients

    try:
        client = clients.get(client_id)
    except KeyError:
        return None
    if client.id in UNVERIFIED or (client.confidence != "high" and client.id not in VERIFIED_EXTRA):
        return None
    expanded = client.variables
    expands = ", ".join(EXAMPLES[s] for s in HINT_ORDER if s in expanded) or "no variables"
    return expanded, client.name.split(" (")[0], expands


@lru_cache(maxsize=4096)
def _placeholders(value: str) -> tuple[tuple[str, str], ...]:
    """(syntax, text) of each placeholder in ``value`` (memoized: values recur across servers)."""
    from mcplint import clients

    return tuple((syntax, text) for syntax, text, _start, _end in clients.find_placeholders(value))


def _marked(server: Server) -> bool:
    """Whether a value ``_values`` gives holds ``$`` or ``{`` (every reported syntax does): most
    servers have none, and are done without building the value list."""
    for value in (server.command, server.url, server.cwd):
        if value and ("$" in value or "{" in value):
            return True
    for values in (server.args, server.env.values(), server.headers.values()):
        for value in values:
            if "$" in value or "{" in value:
                return True
    return False


def _program_expanded(server: Server, facts: Any) -> dict[int, frozenset[str]]:
    """Argument index -> syntaxes the server's own program expands there (mcp-remote headers)."""
    package = facts["package"] if facts is not None else None
    if package is None or package.ecosystem != "npm" or package.name not in PROGRAM_EXPANDS:
        return {}
    options, syntaxes = PROGRAM_EXPANDS[package.name]
    found: dict[int, frozenset[str]] = {}
    args = server.args
    for i in range(max(package.index, 0) + 1, len(args)):
        flag, eq, _ = args[i].partition("=")
        if flag in options:
            found[i if eq else i + 1] = syntaxes
    return found


def _forwarded(server: Server) -> frozenset[str]:
    """Variables the client forwards from its own environment (Codex ``env_vars``)."""
    names = server.raw.get("env_vars")
    if not isinstance(names, list):
        return frozenset()
    return frozenset(n if isinstance(n, str) else str(n.get("name")) for n in names if isinstance(n, (str, dict)))


def analyze(server: Server, facts: Any) -> tuple[Placeholder, ...]:
    view = _client_view(server.client)
    if view is None or not _marked(server):
        return ()
    expanded, name, expands = view
    hint = HINTS.get(server.client, "")
    program = _program_expanded(server, facts) if server.args else {}
    found: list[Placeholder] = []
    for value, field, sub, in_shell in _values(server):
        if "$" not in value and "{" not in value:
            continue
        own = program.get(sub) if field == "args" else None  # type: ignore[arg-type]
        placeholders = _placeholders(value) if type(value) is str else _placeholders.__wrapped__(value)
        where_pointer = None
        for syntax, text in placeholders:
            if own and syntax in own:
                ref = _REF_NAME.match(text)
                if ref and (ref.group(1) in server.env or ref.group(1) in _forwarded(server)):
                    continue
            if _reported(syntax, text, in_shell, expanded):
                if where_pointer is None:
                    where_pointer = _place(server, field, sub)
                found.append(Placeholder(text, syntax, where_pointer[0], where_pointer[1], name, expands, hint))
    return tuple(found)
