"""Which files hold an MCP client's own managed policy, by their name and client.

The one place these name rules live: the load stage (scan.py) asks whether a file's tables are
server entries or a policy's, the schema fact skips Codex's ``requirements.toml``, and the policy
module (client_policy.py, imported only for a policy file) reads the policy itself.
"""

from __future__ import annotations

from pathlib import Path


def kind_of(path: str | Path, client: str | None) -> str | None:
    """What policy a loaded file holds: ``claude-managed``, ``claude-managed-mcp``,
    ``claude-settings``, ``copilot-managed``, ``codex-requirements``, ``gemini-settings``; None
    for a file that holds none."""
    parts = [part for part in str(path).replace("\\", "/").split("/") if part not in ("", ".")]  # (no Path: once a file)
    name, parent = (parts[-1] if parts else ""), (parts[-2] if len(parts) > 1 else "")
    if name == "managed-mcp.json" and client in (None, "claude-code", "generic"):
        return "claude-managed-mcp"
    if name == "managed-settings.json" or (parent == "managed-settings.d" and name.endswith(".json")
                                           and not name.startswith(".")):
        return "copilot-managed" if client == "copilot-cli" else "claude-managed"
    if client == "claude-code" and parent == ".claude" and name in ("settings.json", "settings.local.json"):
        return "claude-settings"
    if name == "requirements.toml" and client in (None, "codex", "generic"):
        return "codex-requirements"
    if name in ("settings.json", "system-defaults.json") and (
            client == "gemini-cli" or parent in ("gemini-cli", "GeminiCli", ".gemini")):
        return "gemini-settings"
    return None


def holds_policy(path: str | Path, client: str | None) -> bool:
    """A client's policy file: its client is known by its path, whatever keys it holds (Gemini's
    ``mcp`` is a policy table there, not another client's server container)."""
    return kind_of(path, client) is not None


def holds_no_servers(path: str | Path, client: str | None) -> bool:
    """A policy file whose tables look like server entries but are not (Codex requirements.toml)."""
    return kind_of(path, client) == "codex-requirements"
