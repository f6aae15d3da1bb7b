"""``--format html``: one self-contained page, for people who would rather look than read.

No external script, font, style or image, and a Content-Security-Policy that forbids fetching
any: the file can be mailed, attached to a CI run or opened offline. It shows a summary with
charts (inline SVG) of findings by severity and by client, the servers found with their approval
(a table sortable and filterable by a few lines of inline script; without script it is still a
plain table), and each finding with its masked source line, the rule's explanation and fix.
Readable on a phone (one column under 700 px) and printed (details open, no controls).
Every config-controlled string is HTML-escaped; source lines are masked as in the text report.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from typing import Any, Iterable, TextIO

from mcplint.escape import UNSAFE
from mcplint.model import SEVERITIES, Finding, Report
from mcplint.report import ReportOptions

COLORS = {"critical": "#b3152a", "high": "#d9480f", "medium": "#b08800", "low": "#1c7ed6", "info": "#6c757d"}
_ORDER = tuple(reversed(SEVERITIES))  # critical first

_CSS = """
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--code:#f3f4f6}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;--code:#1f2630}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1100px;margin:0 auto;padding:16px}h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}.card b{display:block;font-size:1.6em}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}svg text{fill:var(--fg);font-size:12px}
.badge{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:.8em;font-weight:600;text-transform:uppercase}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td code{word-break:break-all}th,td.nowrap{white-space:nowrap}
th{cursor:pointer;user-select:none;background:var(--card)}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
input[type=search]{width:100%;padding:6px;margin:4px 0 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
.finding{border:1px solid var(--line);border-left:6px solid var(--sev);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding h3{font-size:1em;margin:0}.where{font-family:ui-monospace,monospace;font-size:.85em}
pre{background:var(--code);padding:6px 8px;border-radius:4px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
details summary{cursor:pointer;color:var(--muted)}.approved{color:#1a7f37}.blocked{color:#cf222e;font-weight:600}.pending{color:#9a6700}
@media (max-width:700px){.charts{grid-template-columns:1fr}.table-wrap{overflow-x:auto}}
@media print{input,.noprint{display:none}details::details-content{content-visibility:visible;display:block}.finding{break-inside:avoid}body{font-size:11pt}}
"""

_SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function(t){
  var body=t.tBodies[0];
  t.querySelectorAll('th').forEach(function(th,i){th.tabIndex=0;
    function sort(){var asc=th.getAttribute('aria-sort')!=='ascending';
      t.querySelectorAll('th').forEach(function(o){o.removeAttribute('aria-sort')});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      Array.from(body.rows).sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
        return (asc?1:-1)*x.localeCompare(y,undefined,{numeric:true})}).forEach(function(r){body.appendChild(r)})}
    th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort()})});
});
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});
document.querySelectorAll('input[data-filter]').forEach(function(box){
  var rows=document.querySelectorAll(box.getAttribute('data-filter'));
  box.addEventListener('input',function(){var q=box.value.toLowerCase();
    rows.forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':''})})});
"""


def _shown(match: re.Match[str]) -> str:
    """An unsafe character as ``\\uXXXX``; tab and line break kept (a source excerpt keeps its lines)."""
    char = match.group()
    return char if char in "\t\n" else f"\\u{ord(char):04x}"


def _e(text: Any) -> str:
    """HTML-escaped, with the characters ``mcplint.escape`` calls unsafe (controls, bidi marks,
    separators, lone surrogates) shown as escapes: a name must not reorder the page."""
    return escape(UNSAFE.sub(_shown, "" if text is None else str(text)), quote=True)


def _bars(title: str, counts: list[tuple[str, int, str]]) -> str:
    """A horizontal bar chart as inline SVG (label, count, colour)."""
    if not counts:
        return f"<figure><figcaption>{_e(title)}</figcaption><p class=muted>none</p></figure>"
    top = max(c for _, c, _ in counts) or 1
    height = 22 * len(counts) + 4
    rows = []
    for i, (label, count, color) in enumerate(counts):
        y = 22 * i + 2
        width = max(2, round(180 * count / top))
        rows.append(f'<text x="0" y="{y + 14}">{_e(label)}</text>'
                    f'<rect x="110" y="{y}" width="{width}" height="18" rx="3" fill="{color}"/>'
                    f'<text x="{114 + width}" y="{y + 14}">{count}</text>')
    return (f'<figure><figcaption>{_e(title)}</figcaption><svg role="img" aria-label="{_e(title)}" '
            f'viewBox="0 0 340 {height}" width="100%" style="max-width:420px">{"".join(rows)}</svg></figure>')


def _masked_line(views: dict[str, Any], report: Report, finding: Finding) -> str:
    """The finding's source line as the text report shows it: secrets masked by detection."""
    from mcplint.report.source import SourceView

    view = views.get(finding.file)
    if view is None:
        view = views[finding.file] = SourceView(report.sources.get(finding.file, ""))
    excerpt = view.excerpt(finding.line, finding.column, finding.end_column, 160)
    return excerpt.text.strip() if excerpt is not None else ""


def _finding(report: Report, f: Finding, views: dict[str, Any]) -> str:
    rule = report.rules.get(f.rule)
    shown = _masked_line(views, report, f)
    explain = ""
    if rule is not None:
        parts = [f"<p>{_e(getattr(rule, 'rationale', '')).strip()}</p>", f"<p><b>Fix:</b> {_e(getattr(rule, 'fix', '')).strip()}</p>"]
        from mcplint.taxonomies import references

        standards = references(rule)
        if standards:
            parts.append("<p><b>Standards:</b> " + "; ".join(_e(f"{r.id} {r.name}".rstrip()) for r in standards) + "</p>")
        explain = f"<details><summary>Why it matters and how to fix it (<code>mcplint rule {_e(f.rule)}</code>)</summary>{''.join(parts)}</details>"
    return (f'<article class="finding" style="--sev:{COLORS[f.severity]}" data-severity="{f.severity}">'
            f'<h3><span class="badge" style="background:{COLORS[f.severity]}">{f.severity}</span> '
            f'{_e(f.rule)} {_e(f.name)}</h3><p>{_e(f.message)}</p>'
            f'<div class="where muted">{_e(f.file)}:{f.line}:{f.column}'
            f'{" · server " + _e(f.server) if f.server else ""}{" · " + _e(f.client) if f.client else ""}</div>'
            f'{f"<pre>{_e(shown)}</pre>" if shown else ""}{explain}</article>')


def _inventory(rows: Iterable[Any]) -> str:
    rows = list(rows)
    if not rows:
        return ""
    head = ("Client", "Server", "Transport", "Command / URL", "Package", "Approval", "File")
    body = "".join(
        f"<tr><td class=nowrap>{_e(r.client)}</td><td>{_e(r.name)}{' (disabled)' if r.disabled else ''}</td><td class=nowrap>{_e(r.transport)}</td>"
        f"<td><code>{_e(r.target)}</code></td><td>{_e(r.package or '')}</td>"
        f'<td class="nowrap {_e(r.approval or "")}">{_e(r.approval or "")}</td><td><code>{_e(r.file)}:{r.line}</code></td></tr>'
        for r in rows)
    return (f'<h2 id="servers">Servers ({len(rows)})</h2>'
            f'<input type="search" placeholder="Filter servers…" aria-label="Filter servers" data-filter="#servers-table tbody tr">'
            f'<div class=table-wrap><table class="sortable" id="servers-table"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def page(report: Report, inventory: Any = None, title: str = "mcplint report") -> str:
    """The whole page as one string."""
    counts = Counter(f.severity for f in report.findings)
    clients = Counter(f.client or "unknown" for f in report.findings)
    rows = list(getattr(inventory, "rows", []) or [])
    cards = [("findings", len(report.findings)), ("files scanned", report.files_scanned), *(
        (s, counts[s]) for s in _ORDER)]
    if rows:
        cards.insert(2, ("servers", len(rows)))
    summary = "".join(f'<div class="card"><b>{n}</b>{_e(label)}</div>' for label, n in cards)
    charts = (_bars("Findings by severity", [(s, counts[s], COLORS[s]) for s in _ORDER if counts[s]])
              + _bars("Findings by client", [(c, n, "#6e7781") for c, n in clients.most_common(8)]))
    views: dict[str, Any] = {}
    findings = "".join(_finding(report, f, views) for f in report.findings)
    filter_box = ('<input type="search" placeholder="Filter findings…" aria-label="Filter findings" '
                  'data-filter="#findings article">' if report.findings else "")
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{_e(title)}</h1><p class=muted>mcplint {_e(report.version)}</p>"
        f'<section class="cards">{summary}</section><section class="charts">{charts}</section>'
        f"{_inventory(rows)}"
        f'<h2 id="findings-title">Findings ({len(report.findings)})</h2>{filter_box}'
        f'<section id="findings">{findings or "<p>No findings.</p>"}</section>'
        f"</main><script>{_SCRIPT}</script></body></html>\n"
    )


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    options = options or ReportOptions()
    out.write(page(report, options.extra.get("inventory")))
