"""`attu site`: the website's files, links, determinism, and the confidentiality guard.

Expectations come from the dataset's files and from the pages themselves, not from the site builder.
The browser checks are in test_site_browser.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import io
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from att_univ.data.loader import load_dataset
from tests.conftest import DATA, FIXTURES, run_cli

CANARY = FIXTURES / "canary"
MARKS = ("qqrstr", "qqptnr")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(str(values[name]))


def crawl(root: Path) -> tuple[set[str], list[str], list[str]]:
    """Pages and files reached from index.html by following links; broken links; links to other hosts."""
    seen: set[str] = set()
    broken: list[str] = []
    external: list[str] = []
    queue = ["index.html"]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        if not page.endswith(".html"):
            continue
        parser = _Links()
        parser.feed((root / page).read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if link == "data:,":  # the empty icon, so that browsers do not ask for /favicon.ico
                continue
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https"):
                    broken.append(f"{page}: {link} (not a web address)")
                external.append(link)
                continue
            if link.startswith("/"):
                broken.append(f"{page}: {link} (absolute path: breaks under a sub-path)")
                continue
            target = urlsplit(urljoin(f"http://site/{page}", link)).path.lstrip("/")
            if not target:
                continue
            if not (root / target).is_file():
                broken.append(f"{page}: {link}")
            elif target not in seen:
                queue.append(target)
    return seen, broken, external


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    result = run_cli("site", "--data", str(DATA), "--out", str(out), "--lang", "en,ar")
    assert result.exit_code == 0, result.stderr
    return out


def test_every_page_and_download_is_reachable_and_no_link_is_broken(real_site: Path) -> None:
    reached, broken, external = crawl(real_site)
    assert not broken, broken[:20]
    written = {str(p.relative_to(real_site)) for p in real_site.rglob("*") if p.is_file()}
    unreached = sorted(written - reached - {"attu-site.json"})
    assert not unreached, unreached[:20]
    # External links are the sources' own addresses, to the depositary and others; never a script or a style.
    assert all(link.startswith("https://") or link.startswith("http://") for link in external)
    states = sorted(p.stem.upper() for p in (DATA / "states").glob("*.yaml"))
    assert len(states) == 197
    for lang in ("en", "ar"):
        assert {f"{lang}/states/{code.lower()}.html" for code in states} <= reached
        regions = {f"{lang}/regions/{p.stem}.html" for p in (DATA / "regions").glob("*.yaml")}
        assert regions <= reached


def test_the_home_page_shows_the_counts_the_dataset_gives(real_site: Path) -> None:
    # The dataset's own description says how many parties and signatories it counts.
    description = (DATA / "dataset.yaml").read_text(encoding="utf-8")
    parties, signatories = re.search(r"Counts by deposit: (\d+) States Parties and (\d+) signatories", description).groups()  # type: ignore[union-attr]
    home = (real_site / "en" / "index.html").read_text(encoding="utf-8")
    counts = re.findall(r'<div class="count count-([a-z-]+)">.*?<span class="figure">([\d,]+)</span>', home)
    figures = dict(counts)
    assert figures["party"] == parties and figures["signatory"] == signatories
    assert int(figures["party"]) + int(figures["signatory"]) + int(figures["non-signatory"]) == 197
    assert 'dir="rtl"' in (real_site / "ar" / "index.html").read_text(encoding="utf-8")


def test_pages_are_self_contained_and_files_readable_by_all(real_site: Path) -> None:
    for path in real_site.rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
    for page in real_site.rglob("*.html"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "Content-Security-Policy" in text and "default-src 'none'" in text, page
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', text), page
        assert "<script>" not in text and " style=" not in text, page  # the policy allows no inline script or style


def test_no_page_but_the_home_pages_world_map_is_over_200_kb(real_site: Path) -> None:
    pages = list(real_site.rglob("*.html"))
    homes = {real_site / lang / "index.html" for lang in ("en", "ar")}
    assert homes <= set(pages)
    sizes = {str(page.relative_to(real_site)): page.stat().st_size for page in pages if page not in homes}
    heavy = {page: size for page, size in sizes.items() if size > 200_000}
    assert heavy == {}
    # The region pages carry a map too: the largest region's page is the one to watch.
    assert max((real_site / "ar" / "regions").glob("*.html"), key=lambda p: p.stat().st_size).stat().st_size < 200_000


def test_the_same_dataset_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run_cli(
            "site", "--data", str(CANARY), "--out", str(out), "--base-url", "https://example.org/att", "--lang", "en,fr"
        )
        assert result.exit_code == 0, result.stderr

    def digest(root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
        }

    assert digest(first) == digest(second)
    assert "https://example.org/att/fr/index.html" in (first / "sitemap.xml").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/att/en/index.html">' in (first / "en" / "index.html").read_text(
        encoding="utf-8"
    )


def _all_text(root: Path) -> str:
    texts = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
                texts += [archive.read(name).decode("utf-8") for name in archive.namelist()]
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts).casefold()


def test_no_canary_reaches_the_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("site", "--data", str(CANARY), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = _all_text(out)
    assert "xca" in text  # the canary state is there, with its public facts
    assert not [mark for mark in MARKS if mark in text]
    assert "+99 555 0173 0000" not in text


def test_a_view_that_lets_restricted_data_through_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import att_univ.views.site as site_module

    real_build = site_module.build_site
    full = load_dataset(CANARY).dataset
    assert full is not None

    def leaking_build(view: object, **options: object) -> dict[str, bytes]:
        # A builder handed everything, restricted included, under the public label.
        return real_build(dataclasses.replace(full, audience="public"), **options)  # type: ignore[arg-type]

    monkeypatch.setattr(site_module, "build_site", leaking_build)
    out = tmp_path / "site"
    result = run_cli("site", "--data", str(CANARY), "--out", str(out), "--lang", "en,ar")
    assert result.exit_code == 4, result.stderr
    assert "refused" in result.stderr and "website" in result.stderr
    assert not out.exists()
    assert not [mark for mark in MARKS if mark in result.stderr.casefold()]
    assert [p.name for p in tmp_path.iterdir()] == []  # no staging directory left behind either


def test_an_earlier_site_is_replaced_but_other_files_are_not(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cli("site", "--data", str(CANARY), "--out", str(out), "--lang", "en").exit_code == 0
    assert run_cli("site", "--data", str(CANARY), "--out", str(out), "--lang", "fr").exit_code == 0
    assert (out / "fr" / "index.html").is_file() and not (out / "en").exists()  # nothing of the earlier site survives
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("site", "--data", str(CANARY), "--out", str(other))
    assert result.exit_code == 2 and "not an attu website" in result.stderr
    assert (other / "letter.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "en,de"], "--lang"),
        (["--lang", ""], "--lang"),
        (["--base-url", "javascript:alert(1)"], "--base-url"),
        (["--base-url", 'https://example.org/"><script>'], "--base-url"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("site", "--data", str(CANARY), "--out", str(tmp_path / "site"), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "site").exists()


def test_data_text_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CANARY, data)
    meta = data / "dataset.yaml"
    text = meta.read_text(encoding="utf-8")
    sources = re.search(r"^  ([a-z0-9-]+):\n    title: .*$", text, re.MULTILINE)
    assert sources is not None
    meta.write_text(
        text.replace(sources.group(0), f"  {sources.group(1)}:\n    title: <script>alert(1)</script> & co", 1), encoding="utf-8"
    )
    out = tmp_path / "site"
    result = run_cli("site", "--data", str(data), "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    pages = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "<script>alert(1)" not in pages
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in pages
