"""``inventory --format html``: the HTML report's page with the servers and no findings."""

from __future__ import annotations

from typing import Any, TextIO


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint import __version__
    from mcplint.model import Report
    from mcplint.report.html import page

    empty = Report(version=__version__, files_scanned=len(inventory.files), findings=[], rules={})
    out.write(page(empty, inventory, title="mcplint inventory"))
