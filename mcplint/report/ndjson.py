"""``--format ndjson``: one JSON object per finding per line, the shape SIEM forwarders ingest.

Each line stands alone (a forwarder may split the stream anywhere between lines), so it carries
where it was seen — host, OS and user — next to the finding's own fields from the JSON report.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from mcplint.model import Report
from mcplint.report import ReportOptions


def origin() -> dict[str, str]:
    """Where the scan ran: what a SIEM needs to tell one laptop's events from another's."""
    import getpass
    import platform
    import socket

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name (a container without passwd): leave it empty
        user = ""
    return {"host": socket.gethostname(), "os": platform.system().lower(), "user": user}


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    base: dict[str, Any] = {"tool": "mcplint", "version": report.version, "event": "finding", **origin()}
    from mcplint.taxonomies import as_json

    standards = {rule_id: as_json(rule) for rule_id, rule in report.rules.items()}
    for f in report.findings:
        event = {**base, **f.to_json(), "standards": standards.get(f.rule)}
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
