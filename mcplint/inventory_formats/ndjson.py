"""``inventory --format ndjson``: one JSON object per server per line, for SIEM forwarders.

Every line stands alone: where it was seen (host, OS, user), which client and file, what runs
(package, redacted URL), its approval and fingerprint, and its findings by severity.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from mcplint.model import SEVERITIES
from mcplint.report.ndjson import origin

_ZERO = {s: 0 for s in reversed(SEVERITIES)}


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint import __version__

    base = {"tool": "mcplint", "version": __version__, "event": "mcp_server", **origin()}
    for row in inventory.rows:
        event = {
            **base,
            "client": row.client, "scope": row.scope, "file": row.file, "line": row.line,
            "name": row.name, "transport": row.transport, "command": row.command, "args": row.args,
            "package": row.package, "url": row.url, "env": row.env, "headers": row.headers,
            "disabled": row.disabled, "approval": row.approval, "fingerprint": row.fingerprint,
            "client_policy": getattr(row, "client_policy", None),
            "findings": {**_ZERO, **options.counts.get((row.file, row.name), {})},
        }
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
