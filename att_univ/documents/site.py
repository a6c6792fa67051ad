"""`attu site`: a static website of the treaty's universalization, from the public view of the dataset.

Pure: the public view in, a mapping of relative path → bytes out; no I/O, no clock (the date is
the dataset's). Pages are laid out by `templates/site/*.html.j2`, whose words live in one file per
language (`templates/site/words.<lang>.j2`); figures come from the services that `attu status`,
`attu timeline`, `attu show` and `attu export` use, names and dates from `languages`.

Built to be hosted anywhere: every link is relative (it works from `file://`, a sub-path of GitHub
Pages or any server), nothing is fetched from another host, a Content-Security-Policy allows only
the site's own stylesheet and script, and the same dataset gives byte-identical files.
`write_site` checks nothing: the command guards every file before it calls it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import UsageError
from att_univ.data.dataset import Dataset
from att_univ.documents.languages import REPORT_LANGUAGES, language_name, sort_key, state_name, text_direction
from att_univ.treaty.index import TreatyIndex
from att_univ.treaty.status import SCHEMES, StateStatus, treaty_status

if TYPE_CHECKING:
    from att_univ.data.guard import Guard

SITE_LANGUAGES = REPORT_LANGUAGES
MARKER = "attu-site.json"  # says "an attu site lives here", so that a rebuild may replace the directory
ASSETS = ("site.css", "site.js")
EXPORT_FORMATS = ("csv", "json", "yaml")
LOOSE_DOWNLOADS = {("json", "dataset.json"), ("csv", "states.csv")}  # offered on their own too, beside the archives
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)
UN_GROUPS = "un-regional-group"
REGION_MAP_WIDTH = 640  # fewer points survive at this size: a region's page stays small
FILE_MODE = 0o644
DIRECTORY_MODE = 0o755


# --- the view ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A dated line of a state's page, with the numbers of the sources it cites."""

    key: str  # what it is (the template words it): signature, deposit, process...
    date: dt.date | None
    value: str | None = None  # a code the template words (instrument, stage, level), or data text
    text: str | None = None  # data text, in the dataset's language (English)
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class SourceLine:
    number: int
    title: str
    publisher: str | None
    url: str | None  # http(s) only
    date: dt.date | None


@dataclass(frozen=True)
class RegionLink:
    slug: str
    scheme: str
    name: str


@dataclass(frozen=True)
class StatePage:
    """What one state's page shows, the same in every language but its name."""

    iso3: str
    iso2: str
    english_name: str
    un_member: bool
    status: StateStatus
    treaty: tuple[Fact, ...]
    declarations: tuple[Fact, ...]
    readiness: tuple[Fact, ...]  # public process steps, readiness, needs, support
    engagements: tuple[Fact, ...]
    regions: tuple[RegionLink, ...]
    sources: tuple[SourceLine, ...]


@dataclass(frozen=True)
class RegionPage:
    slug: str
    scheme: str
    name: str
    description: str | None
    counts: Any  # treaty.status.Counts
    members: tuple[str, ...]  # ISO3 codes on the dataset's date


@dataclass(frozen=True)
class Download:
    path: str
    kind: str  # csv | json | yaml | schema
    size: int


@dataclass(frozen=True)
class SiteData:
    """Everything the pages show, computed once for all languages."""

    title: str
    as_of: dt.date
    reconciled_on: dt.date | None
    reconciled_page_as_at: dt.date | None
    report: Any  # treaty.status.StatusReport for all states on the dataset's date
    timeline: tuple[tuple[dt.date, int, int, int], ...]  # date, parties, in force, signatories
    states: Mapping[str, StatePage]
    regions: tuple[RegionPage, ...]  # by scheme, then as the index orders them
    downloads: tuple[Download, ...]


def check_languages(text: str) -> tuple[str, ...]:
    """The languages asked for with `--lang en,fr`: each one the site has words for, English first if given."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in wanted if lang not in SITE_LANGUAGES]
    if not wanted or unknown:
        raise UsageError(f"--lang {text!r}: choose among {', '.join(SITE_LANGUAGES)}, separated by commas")
    return tuple(lang for lang in SITE_LANGUAGES if lang in wanted)


def check_base_url(text: str | None) -> str | None:
    """The address the site will be published at, for canonical links and the sitemap; http(s) only."""
    if text is None:
        return None
    url = text.strip()
    if not url.startswith(("https://", "http://")) or any(c in url for c in " \"'<>\\`") or len(url) <= len("https://"):
        raise UsageError(f"--base-url {text!r}: give the address the site is published at, such as https://example.org/att/")
    return url.rstrip("/") + "/"


def build_site(view: Dataset, *, langs: Sequence[str] = SITE_LANGUAGES, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the website for the public view `view`, by relative path."""
    from att_univ.data.discovery import bundled_templates
    from att_univ.treaty.index import build_index

    if view.audience != "public":
        raise ValueError("the website is built from the public view only")
    index = build_index(view)
    files = _downloads(view)
    data = _site_data(view, index, files)
    for asset in ASSETS:
        files[f"assets/{asset}"] = (bundled_templates() / "site" / asset).read_bytes()
    pages: list[str] = []
    for lang in langs:
        for path, text in _language_pages(data, lang, langs, base_url):
            files[path] = text.encode("utf-8")
            pages.append(path)
    chooser = {**_page_context(langs[0], "index.html", langs, base_url), "site": {"as_of": data.as_of}}
    files["index.html"] = _render("site/languages.html.j2", chooser, langs[0])
    pages.append("index.html")
    if base_url is not None:
        files["sitemap.xml"] = _sitemap(base_url, pages)
    files[MARKER] = (json.dumps({"attu_site": 1, "as_of": view.meta.as_of.isoformat(), "languages": list(langs)}) + "\n").encode()
    return dict(sorted(files.items()))


# --- computing -----------------------------------------------------------------------------------


def _site_data(view: Dataset, index: TreatyIndex, files: Mapping[str, bytes]) -> SiteData:
    from att_univ.treaty.timeline import treaty_timeline

    day = view.meta.as_of
    report = treaty_status(index, day)
    regions = []
    for scheme in SCHEMES:
        for facts in index.regions_in(scheme):
            region = view.regions[facts.slug]
            regional = treaty_status(index, day, region=facts.slug)
            members = tuple(s.iso3 for s in regional.states)
            regions.append(RegionPage(facts.slug, scheme, facts.name, region.description, regional.totals, members))
    timeline = tuple((p.date, p.parties, p.in_force, p.signatories) for p in treaty_timeline(index))
    by_iso3 = {s.iso3: s for s in report.states}
    states = {iso3: _state_page(view, state, by_iso3[iso3], day) for iso3, state in sorted(view.states.items())}
    downloads = tuple(Download(path, _kind(path), len(content)) for path, content in sorted(files.items()))
    return SiteData(
        title=view.meta.title,
        as_of=day,
        reconciled_on=index.reconciled_on,
        reconciled_page_as_at=index.reconciled_page_as_at,
        report=report,
        timeline=timeline,
        states=states,
        regions=tuple(regions),
        downloads=downloads,
    )


def _state_page(view: Dataset, state: Any, status: StateStatus, day: dt.date) -> StatePage:
    from att_univ.core.treaty_rules import in_force_from
    from att_univ.treaty.profile import state_profile

    profile = state_profile(view, state, day)  # numbers the sources as `attu show` does

    def cite(ids: Iterable[str]) -> tuple[int, ...]:
        return tuple(profile.source_numbers(tuple(ids)))

    treaty = state.treaty
    facts: list[Fact] = []
    if treaty.signature is not None:
        facts.append(Fact("signature", treaty.signature.date, None, treaty.signature.caveat, cite(treaty.signature.sources)))
    if treaty.deposit is not None:
        deposit = treaty.deposit
        facts.append(Fact("deposit", deposit.date, deposit.instrument, deposit.caveat, cite(deposit.sources)))
        eif = treaty.entry_into_force
        facts.append(
            Fact(
                "entry-into-force",
                in_force_from(treaty),
                eif.basis if eif else "article-22",
                None,
                cite(eif.sources if eif else ()),
            )
        )
    if treaty.provisional_application is not None:
        pa = treaty.provisional_application
        facts.append(Fact("provisional-application", pa.date, None, pa.caveat, cite(pa.sources)))
    if treaty.intent_not_to_become_party is not None:
        intent = treaty.intent_not_to_become_party
        facts.append(Fact("intent-not-to-become-party", intent.date, None, intent.summary, cite(intent.sources)))
    declarations = tuple(Fact("declaration", d.date, d.kind, d.summary, cite(d.sources)) for d in treaty.declarations)
    signals: list[Fact] = []
    signals += [Fact("process", s.date, s.stage, s.summary, cite(s.sources)) for s in sorted(state.process, key=lambda s: s.date)]
    signals += [Fact("readiness", r.assessed_on, r.level, r.rationale, cite(r.sources)) for r in state.readiness]
    signals += [Fact("need", n.date, n.category, n.summary, cite(n.sources)) for n in state.needs]
    signals += [Fact("support", s.date, s.programme, s.summary, cite(s.sources)) for s in state.support]
    signals += [Fact("challenge", c.date, None, c.summary, cite(c.sources)) for c in state.challenges]
    engagements = tuple(
        Fact(
            "engagement",
            e.date,
            e.kind,
            " ".join(part for part in (e.title + ".", e.summary, e.outcome) if part),
            cite(e.sources),
        )
        for e in sorted((e for e in view.engagements.values() if state.iso3 in e.states), key=lambda e: (e.date, e.id))
    )
    regions = tuple(
        RegionLink(r.slug, r.scheme, r.name)
        for r in sorted(view.regions_of(state.iso3, day), key=lambda r: (SCHEMES.index(r.scheme), r.slug))
    )
    sources = tuple(
        SourceLine(s.number, s.title, s.publisher, s.url if _web_address(s.url) else None, s.date) for s in profile.sources
    )
    return StatePage(
        iso3=state.iso3,
        iso2=state.iso2,
        english_name=state.name,
        un_member=state.un_member,
        status=status,
        treaty=tuple(facts),
        declarations=declarations,
        readiness=tuple(sorted(signals, key=lambda f: (f.date or dt.date.min, f.key))),
        engagements=engagements,
        regions=regions,
        sources=sources,
    )


def _web_address(url: str | None) -> bool:
    # Only web addresses become links: a `javascript:` or `data:` address in the data must not run.
    return url is not None and url.startswith(("https://", "http://"))


def _kind(path: str) -> str:
    if path.startswith("downloads/schemas/"):
        return "schema"
    return path.rsplit(".", 1)[-1]


def _downloads(view: Dataset) -> dict[str, bytes]:
    """The public export in each format, as a zip each, plus its most used files and the schemas on their own."""
    from att_univ.documents.export import build_export

    files: dict[str, bytes] = {}
    stamp = (max(view.meta.as_of.year, 1980), view.meta.as_of.month, view.meta.as_of.day, 0, 0, 0)
    for fmt in EXPORT_FORMATS:
        exported = build_export(view, "public", fmt)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in exported:
                info = zipfile.ZipInfo(f"attu-public-{fmt}/{file.path}", stamp)
                info.external_attr = FILE_MODE << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, file.text.encode("utf-8"))
        files[f"downloads/attu-public-{fmt}.zip"] = buffer.getvalue()
        for file in exported:
            if (fmt, file.path) in LOOSE_DOWNLOADS or (fmt == "json" and file.path.startswith("schemas/")):
                files[f"downloads/{file.path}"] = file.text.encode("utf-8")
    return files


def guard_site(files: Mapping[str, bytes], guard: Guard | None) -> None:
    """Refuse (exit 4) if any file, or any file inside a zip, would carry a value the public may not see."""
    if guard is None or not guard.secrets:
        return
    texts = dict(_texts(files))
    # One pass over everything first (a clean build pays for one search); then find the file to name.
    if guard.find("\x00".join(texts.values())) is None:
        return
    for path, text in texts.items():
        guard.check(text, what=f"website ({path})")


def _texts(files: Mapping[str, bytes]) -> Iterable[tuple[str, str]]:
    for path, content in files.items():
        if path.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for name in archive.namelist():
                    yield f"{path}:{name}", archive.read(name).decode("utf-8", errors="replace")
        else:
            yield path, content.decode("utf-8", errors="replace")


# --- rendering -----------------------------------------------------------------------------------


def template_locale(lang: str) -> str:
    """British English for English, as UN documents are written; the language itself otherwise."""
    return "en_GB" if lang == "en" else lang


def _render(template: str, context: Mapping[str, Any], lang: str) -> bytes:
    from att_univ.documents.templating import render_template

    return render_template(template, context, locale=template_locale(lang)).encode("utf-8")


@functools.cache
def _own_name(lang: str) -> str:
    """The language's name in itself, for the language switch: "français"."""
    return language_name(lang, lang).rsplit(" (", 1)[0]


def _page_context(lang: str, path: str, langs: Sequence[str], base_url: str | None) -> dict[str, Any]:
    """What every page needs: its language, direction, the way back to the site's root, and the language switch."""
    root = "../" * path.count("/")
    inside = path.split("/", 1)[1] if "/" in path else "index.html"
    return {
        "lang": lang,
        "dir": text_direction(lang),
        "words": f"site/words.{lang}.j2",
        "root": root,
        "path": path,
        "csp": CSP,
        "canonical": base_url + path if base_url else None,
        "switch": tuple({"lang": other, "name": _own_name(other), "href": f"{root}{other}/{inside}"} for other in langs),
        "languages": tuple({"lang": other, "href": f"{other}/index.html", "name": _own_name(other)} for other in langs),
    }


def _language_pages(data: SiteData, lang: str, langs: Sequence[str], base_url: str | None) -> Iterable[tuple[str, str]]:
    from att_univ.documents.templating import render_template, template_values

    locale = template_locale(lang)
    words = template_values(f"site/words.{lang}.j2", locale=locale)
    names = {iso3: state_name(page.iso2, page.english_name, lang) for iso3, page in data.states.items()}
    order = sorted(names, key=lambda code: (sort_key(names[code], lang), code))
    group_of = {iso3: slug for slug, scheme, members in _memberships(data) if scheme == UN_GROUPS for iso3 in members}
    region_names = {r.slug: _region_name(r, words) for r in data.regions}
    rows = tuple(
        {
            "iso3": iso3,
            "name": names[iso3],
            "rank": rank,
            "status": data.states[iso3].status,
            "group": group_of.get(iso3),
        }
        for rank, iso3 in enumerate(order)
    )
    maps = _Maps(data, lang, words, names)

    # Each page gets only what it shows: the templating layer copies its context on every page.
    site = _named({"as_of": data.as_of, "reconciled_on": data.reconciled_on, "reconciled_page_as_at": data.reconciled_page_as_at})

    def page(path: str, template: str, **context: Any) -> tuple[str, str]:
        full = {**_page_context(lang, path, langs, base_url), "site": site, "region_names": region_names}
        return path, render_template(f"site/{template}", {**full, **_named(context)}, locale=locale)

    recent = tuple(c for c in data.report.recent if c.event == "deposit")
    totals, by_group = data.report.totals, data.report.by_region
    home = f"{lang}/index.html"
    yield page(
        home,
        "home.html.j2",
        map_svg=maps.world(home),
        timeline_svg=maps.timeline(),
        recent=recent,
        totals=totals,
        by_group=by_group,
        names=names,
    )
    yield page(f"{lang}/states.html", "states.html.j2", rows=rows, totals=totals)
    for iso3, state in data.states.items():
        yield page(f"{lang}/states/{iso3.lower()}.html", "state.html.j2", state=state, name=names[iso3])
    by_scheme = tuple((scheme, tuple(r for r in data.regions if r.scheme == scheme)) for scheme in SCHEMES)
    yield page(f"{lang}/regions.html", "regions.html.j2", schemes=tuple(s for s in by_scheme if s[1]))
    rank = {iso3: i for i, iso3 in enumerate(order)}
    for region in data.regions:
        members = tuple(rows[rank[iso3]] for iso3 in sorted(region.members, key=rank.__getitem__))
        path = f"{lang}/regions/{region.slug}.html"
        yield page(path, "region.html.j2", region=region, members=members, map_svg=maps.world(path, region))
    yield page(f"{lang}/downloads.html", "downloads.html.j2", downloads=data.downloads)


def _named(value: Any) -> Any:
    """Named tuples as dicts, so that templates can use their fields by name (dataclasses are left to `plain`)."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: _named(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return tuple(_named(item) for item in value)
    if isinstance(value, Mapping):
        return {key: _named(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _named(getattr(value, f.name)) for f in fields(value)}
    return value


def _memberships(data: SiteData) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    return ((r.slug, r.scheme, r.members) for r in data.regions)


def _region_name(region: RegionPage, words: Mapping[str, Any]) -> str:
    """The UN regional groups have names in every language; other regions keep the dataset's (English) names."""
    return str(words["groups"].get(region.slug, region.name)) if region.scheme == UN_GROUPS else region.name


class _Maps:
    """The world map and the timeline, labelled in one language, with each state a link to its page."""

    def __init__(self, data: SiteData, lang: str, words: Mapping[str, Any], names: Mapping[str, str]) -> None:
        from att_univ.documents.charts import OKABE_ITO, Category

        self.data, self.words, self.names = data, words, names
        self.rtl = text_direction(lang) == "rtl"
        statuses = words["statuses"]
        self.categories = (
            Category("party", str(statuses["party"]), OKABE_ITO["blue"]),
            Category("signatory", str(statuses["signatory"]), OKABE_ITO["sky_blue"], "hatch"),
            Category("non-signatory", str(statuses["non-signatory"]), OKABE_ITO["orange"], "dots"),
        )

    def world(self, path: str, region: RegionPage | None = None) -> str:
        from att_univ.documents.charts import world_map_svg

        root = "../" * path.count("/")
        lang = path.split("/", 1)[0]
        shown = region.members if region is not None else tuple(self.data.states)
        status = {iso3: self.data.states[iso3].status.status for iso3 in shown}
        links = {iso3: (f"{root}{lang}/states/{iso3.lower()}.html", self.names[iso3]) for iso3 in shown}
        title = self.words["map_title"](self.data.as_of)
        return world_map_svg(
            status,
            categories=self.categories,
            title=str(title),
            disclaimer=str(self.words["map_disclaimer"]),
            rtl=self.rtl,
            not_applicable_label=str(self.words["map_not_member"] if region is not None else self.words["map_not_applicable"]),
            not_drawn_label=str(self.words["map_not_drawn"]),
            links=links,
            width=960 if region is None else REGION_MAP_WIDTH,
        )

    def timeline(self) -> str:
        from att_univ.documents.charts import timeline_svg

        points = self.data.timeline
        return timeline_svg(
            [(day, parties) for day, parties, _, _ in points],
            series_label=str(self.words["timeline_parties"]),
            title=str(self.words["timeline_title"](self.data.as_of)),
            extra_series={
                str(self.words["timeline_in_force"]): [(day, in_force) for day, _, in_force, _ in points],
                str(self.words["timeline_signatories"]): [(day, signed) for day, _, _, signed in points],
            },
            until=self.data.as_of,
            rtl=self.rtl,
        )


def _sitemap(base_url: str, pages: Iterable[str]) -> bytes:
    from att_univ.documents.charts import xml_escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{xml_escape(base_url + path)}</loc></url>" for path in sorted(pages)]
    return ("\n".join([*lines, "</urlset>"]) + "\n").encode("utf-8")


# --- writing -------------------------------------------------------------------------------------


def write_site(files: Mapping[str, bytes], out: Path) -> None:
    """Write the site into a fresh directory and swap it in whole; only an earlier site (or nothing) is replaced."""
    replacing = _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.attu-", dir=out.parent))
    try:
        os.chmod(staging, DIRECTORY_MODE)  # readable by the web server, whatever the umask
        for relative, content in files.items():
            path = staging / relative
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                _open_up(path.parent, staging)
            path.write_bytes(content)
            os.chmod(path, FILE_MODE)
        if replacing:
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, retired / out.name)
            os.replace(staging, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            if out.exists():
                out.rmdir()  # empty: checked above
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _open_up(directory: Path, top: Path) -> None:
    while directory != top:
        os.chmod(directory, DIRECTORY_MODE)
        directory = directory.parent


def _check_target(out: Path) -> bool:
    """Whether `out` holds an earlier site to replace; refuse anything else that is not an empty directory."""
    if not out.exists():
        return False
    if not out.is_dir():
        raise UsageError(f"--out: {out} is a file; give a directory for the website")
    entries = [entry.name for entry in os.scandir(out)]
    if not entries:
        return False
    if MARKER not in entries:
        raise UsageError(f"--out: {out} holds files that are not an attu website (no {MARKER}); choose an empty or new directory")
    return True
