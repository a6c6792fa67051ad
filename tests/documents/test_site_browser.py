"""`attu site` in a real browser: Debian's Chromium driven by Playwright (never Playwright's own download).

One browser for the module, one built site (the real dataset, four languages), served by a local
http.server on 127.0.0.1 and opened from file:// too. Screenshots of each home page go to
test-artifacts/ for CI to keep. Skipped, saying why, only when Chromium or Playwright is absent.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import DATA, REPO, run_cli

CHROMIUM = os.environ.get("ATTU_CHROMIUM", "/usr/bin/chromium")  # Debian's package; another Chromium by choice
LANGS = ("en", "fr", "es", "ar")
ARTIFACTS = REPO / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = run_cli("site", "--data", str(DATA), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # Under a sub-path, as GitHub Pages serves a project: relative links must still work.
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    # launch() gives the browser a fresh temporary profile (user-data dir), removed when it closes.
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    yield context
    context.close()


class Watched:
    """A page with every console error, failed request and request to another host recorded."""

    def __init__(self, context: Any, allowed_host: str | None) -> None:
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

        def request(r: Any) -> None:
            parts = urlsplit(r.url)
            if parts.scheme not in ("file", "data") and parts.hostname != allowed_host:
                self.problems.append(f"request to another host: {r.url}")

        self.page.on("request", request)

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.page.close()


PAGES = (
    "index.html",
    "states.html",
    "states/fra.html",
    "states/gmb.html",
    "regions.html",
    "regions/african.html",
    "downloads.html",
)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_type_loads_cleanly_over_http(browser: Any, server: str, lang: str) -> None:
    watched = Watched(browser, "127.0.0.1")
    try:
        for page_path in PAGES:
            page = watched.open(f"{server}{lang}/{page_path}")
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            assert page.locator("main h1").count() == 1
            # The language switch leads to the same page in every language.
            switch = page.locator("nav.languages a")
            assert switch.count() == len(LANGS)
        page = watched.open(f"{server}{lang}/index.html")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"site-home-{lang}.png"), full_page=True)
        if lang == "ar":
            direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
            assert direction == "rtl"
    finally:
        watched.close()
    assert not watched.problems, watched.problems


def test_a_state_on_the_map_leads_to_its_page(browser: Any, server: str) -> None:
    watched = Watched(browser, "127.0.0.1")
    try:
        page = watched.open(f"{server}fr/index.html")
        link = page.locator('figure.map svg a:has(path[data-iso3="BRA"])')
        assert link.get_attribute("aria-label") == "Brésil"
        link.focus()  # reachable from the keyboard
        page.keyboard.press("Enter")
        page.wait_for_url("**/fr/states/bra.html")
        assert page.locator("main h1").inner_text().startswith("Brésil")
        # Small states are drawn as markers, which are links too.
        page = watched.open(f"{server}en/index.html")
        marker = page.locator("figure.map svg a:has(circle.marker)").first
        href = marker.get_attribute("href")
        marker.click()
        page.wait_for_url(f"**/{href.split('/', 1)[1]}")
    finally:
        watched.close()
    assert not watched.problems, watched.problems


def test_the_table_filter_narrows_the_rows_and_sorting_reorders_them(browser: Any, server: str) -> None:
    watched = Watched(browser, "127.0.0.1")
    try:
        page = watched.open(f"{server}en/states.html")
        rows = page.locator("#states-table tbody tr")
        total = rows.count()
        assert total == 197
        page.fill("#filter-text", "gamb")
        visible = page.locator("#states-table tbody tr:visible")
        assert visible.count() == 1 and "Gambia" in visible.first.inner_text()
        assert page.locator("#filter-count").inner_text() == "1 of 197 states shown"
        page.fill("#filter-text", "")
        page.select_option("#filter-status", "signatory")
        signatories = page.locator("#states-table tbody tr:visible").count()
        assert 0 < signatories < total
        assert page.locator("#states-table tbody tr:visible[data-status='party']").count() == 0
        page.select_option("#filter-status", "")
        page.locator("#states-table thead th").nth(3).locator("button").click()  # deposited, oldest first
        first_dates = page.locator("#states-table tbody tr td:nth-of-type(3)").evaluate_all(
            "cells => cells.slice(0, 5).map(c => c.getAttribute('data-value'))"
        )
        assert first_dates == sorted(first_dates) and all(first_dates)
    finally:
        watched.close()
    assert not watched.problems, watched.problems


def test_without_javascript_the_counts_and_the_table_still_show(chromium: Any, site: Path) -> None:
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "en" / "index.html").as_uri())
        assert page.locator(".count-party .figure").inner_text().isdigit()
        page.goto((site / "en" / "states.html").as_uri())
        assert page.locator("#states-table tbody tr:visible").count() == 197
        assert not page.locator("form.table-filter").is_visible()  # the filter needs JavaScript: hidden without it
    finally:
        context.close()


def test_the_site_works_from_file_urls(browser: Any, site: Path) -> None:
    watched = Watched(browser, None)
    try:
        page = watched.open((site / "index.html").as_uri())
        page.locator('main a[hreflang="ar"]').click()
        page.wait_for_url("**/ar/index.html")
        page.locator("nav a[href$='states.html']").first.click()
        page.wait_for_url("**/ar/states.html")
        page.fill("#filter-text", "FRA")
        assert page.locator("#states-table tbody tr:visible").count() == 1
    finally:
        watched.close()
    assert not watched.problems, watched.problems
