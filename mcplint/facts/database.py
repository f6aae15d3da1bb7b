"""Whether a database server can write, and whether its queries are bounded.

The catalog says how each known server is made read-only (``read_only``), which settings turn
writing on (``writes_when``) and which row or time limits it supports (``limits``).
"""

from __future__ import annotations

from typing import Any

from mcplint.facts.common import Context, configured_elsewhere, match_setting, options_text, server_pointer
from mcplint.model import Pointer, Server
from mcplint.record import Frozen


class Database(Frozen):
    is_database: bool
    engine: str | None = None
    server_name: str | None = None
    read_only: bool = True
    reason: str = ""
    """Why it can write: ``--access-mode=unrestricted``, ``no --read-only flag``..."""
    pointer: Pointer = ()
    limited: bool = True
    """A row or time limit applies (or mcplint knows of none the server supports)."""
    limit_options: str = ""
    """How to set one (``--max-rows``), when ``limited`` is false."""
    read_only_by: str = ""
    """The setting that makes it read-only, when one does."""


NOT_A_DATABASE = Database(False)


def _limits(known: Any, ctx: Context) -> tuple[bool, str]:
    spec = known.limits
    if not spec or spec.get("default"):
        return True, ""
    if match_setting(spec, ctx) or configured_elsewhere(spec, ctx):
        return True, ""
    return False, options_text(spec)


def analyze(server: Server, facts: Any) -> Database:
    known = facts["known"]
    if known is None or known.kind != "database":
        return NOT_A_DATABASE
    ctx = facts["_context"]
    limited, limit_options = _limits(known, ctx)
    base = dict(engine=known.database, server_name=known.name, limited=limited, limit_options=limit_options)
    here = server_pointer(server, facts)
    writes = match_setting(known.writes_when, ctx) if known.writes_when else None
    if writes:
        return Database(True, read_only=False, reason=writes[0], pointer=writes[1], **base)
    spec = known.read_only
    elsewhere = configured_elsewhere(spec, ctx)
    if elsewhere:
        return Database(True, read_only=True, read_only_by=f"{elsewhere[0]} (a separate config file)", pointer=here, **base)
    if spec.get("default"):
        if spec.get("escape"):
            return Database(True, read_only=False, reason=spec["escape"], pointer=here, **base)
        return Database(True, read_only=True, read_only_by="read-only by default", pointer=here, **base)
    found = match_setting(spec, ctx)
    if found:
        return Database(True, read_only=True, read_only_by=found[0], pointer=here, **base)
    options = options_text(spec, remote=known.matched_by == "host")
    reason = f"no read-only setting ({options})" if options else "mcplint knows of no read-only setting for it"
    return Database(True, read_only=False, reason=reason, pointer=here, **base)
