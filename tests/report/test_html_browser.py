"""The HTML report in a real browser (headless Chromium through Playwright): it loads nothing
from outside, fits a phone and a desktop, sorts and filters, prints with its details open, and
the screenshot shows the severity chart in its colours.

Skipped where Playwright or a Chromium binary is missing (CI installs both; see .ci/run).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES
from mcplint.inventory import collect
from mcplint.machine import discover_all
from mcplint.report import ReportOptions, render
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

sync_api = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary on this machine")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = [str(FIXTURES / "demo"), str(FIXTURES / "clean")]
    report = scan_paths(paths, ScanOptions(rules=load_rules()))
    sources, missing = discover_all(None, paths, Path.cwd())
    out = io.StringIO()
    render(report, "html", out, ReportOptions(extra={"inventory": collect(sources, missing, {})}))
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_fits_the_screen_and_fetches_nothing(browser, page_file: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri())
    assert requests == [page_file.as_uri()]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("#findings article").count() == page_file.read_text().count('class="finding"') >= 13
    page.close()


def test_sorts_and_filters_the_server_table(browser, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_file.as_uri())
    names = lambda: page.eval_on_selector_all("#servers-table tbody tr", "rows => rows.map(r => r.cells[1].textContent)")  # noqa: E731
    before = names()
    page.click("#servers-table th:nth-child(2)")
    assert names() == sorted(before, key=str.lower)
    page.click("#servers-table th:nth-child(2)")
    assert names() == sorted(before, key=str.lower, reverse=True)
    page.fill("#servers input[type=search], input[aria-label='Filter servers']", "postgres")
    visible = page.eval_on_selector_all("#servers-table tbody tr", "rows => rows.filter(r => r.style.display !== 'none').length")
    assert visible == sum("postgres" in n for n in before) > 0
    page.close()


def test_print_opens_the_details(browser, page_file: Path) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    hidden = page.eval_on_selector("#findings details p", "p => p.checkVisibility()")
    page.emulate_media(media="print")
    shown = page.eval_on_selector("#findings details p", "p => p.checkVisibility()")
    assert hidden is False and shown is True
    page.close()


def test_screenshot_shows_the_severity_chart(browser, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_file.as_uri())
    shot = Image.open(io.BytesIO(page.locator("figure").first.screenshot())).convert("RGB")
    colours = set(shot.get_flattened_data() if hasattr(shot, "get_flattened_data") else shot.getdata())
    near = lambda rgb: any(sum(abs(a - b) for a, b in zip(rgb, c)) < 30 for c in colours)  # noqa: E731
    assert near((0xB3, 0x15, 0x2A)) and near((0xD9, 0x48, 0x0F)) and near((0x1C, 0x7E, 0xD6))  # critical, high, low bars
    assert not near((0x2B, 0x8A, 0x3E))  # a colour the chart does not use: the check can fail
    full = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert full.width == 1280 and full.height > 900
    page.close()
