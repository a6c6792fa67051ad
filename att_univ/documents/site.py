"""`attu site`: the website's view model, its confidentiality check and its writer.

`site_data` is pure: the public view in, everything the pages show out (with the downloads, as
bytes); no I/O, no clock (the date is the dataset's). Figures come from the services that
`attu status`, `attu timeline`, `attu show` and `attu export` use. `att_univ.views.site` lays the
pages out with `templates/site/*.html.j2` (names and dates from `languages`).

Built to be hosted anywhere: every link is relative (it works from `file://`, a sub-path of GitHub
Pages or any server), nothing is fetched from another host, a Content-Security-Policy allows only
the site's own stylesheet and script, and the same dataset gives byte-identical files.
`write_site` checks nothing: the command guards every file before it calls it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.core.errors import UsageError
from att_univ.data.dataset import Dataset
from att_univ.data.models.localized import english
from att_univ.documents.languages import state_name
from att_univ.treaty.status import SCHEMES, StateStatus, treaty_status

if TYPE_CHECKING:
    from att_univ.data.guard import Guard

SITE_LANGUAGES = ("en", "fr", "es", "ar")  # the languages site/words.<lang>.j2 is written in
MARKER = "attu-site.json"  # says "an attu site lives here" and lists its files, so that a rebuild may replace it
ASSETS = ("site.css", "site.js")
EXPORT_FORMATS = ("csv", "json", "yaml")
LOOSE_DOWNLOADS = {("json", "dataset.json"), ("csv", "states.csv")}  # offered on their own too, beside the archives
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)
UN_GROUPS = "un-regional-group"
REGION_MAP_WIDTH = 640  # fewer points survive at this size: a region's page stays small
REGION_MAP_GRAIN = 1.0  # pixels: coastlines drawn to the whole pixel keep a region's page under 200 KB
FILE_MODE = 0o644  # of the files inside the downloadable archives, as of the site's own files


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
    names: Mapping[str, str]  # language → the state's name as documents print it (UN names)
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
    kind: str  # zip | csv | json | schema
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        """Bytes, as the downloads page shows them."""
        return len(self.content)


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


# --- computing -----------------------------------------------------------------------------------


def site_data(view: Dataset) -> SiteData:
    """What the website shows, for the public view `view`: computed once for every language."""
    from att_univ.treaty.index import build_index
    from att_univ.treaty.timeline import treaty_timeline

    if view.audience != "public":
        raise ValueError("the website is built from the public view only")
    index = build_index(view)
    files = _downloads(view)
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
    downloads = tuple(Download(path, _kind(path), content) for path, content in sorted(files.items()))
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
    signals += [
        Fact("process", s.date, s.stage, english(s.summary) if s.summary else None, cite(s.sources))
        for s in sorted(state.process, key=lambda s: s.date)
    ]
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
        names={lang: state_name(state, lang) for lang in SITE_LANGUAGES},
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


# --- writing -------------------------------------------------------------------------------------


def write_site(files: Mapping[str, bytes], out: Path) -> None:
    """Write the site as the directory `out`, swapped in whole; only an earlier site as attu wrote it (or nothing) is replaced."""
    from att_univ.data.outputs import write_directory

    write_directory(files, out, manifest=MARKER, what="website", replace=True, readable_by_all=True)


def check_target(out: Path) -> bool:
    """Whether `out` holds an earlier site to replace; refuse anything else that is not a new or empty directory."""
    from att_univ.data.outputs import check_directory_output

    return check_directory_output(out, manifest=MARKER, what="website", replace=True)
