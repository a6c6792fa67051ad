"""`attu site`: the website's pages, laid out by `templates/site/*.html.j2`, in each language.

The words of each language live in one file, `templates/site/words.<lang>.j2`, which the page
templates import and from which the chart labels are read. Names of states and dates come from
`att_univ.documents.languages` (the reports' own), so the site and the reports say the same.
Pure: the view model in, a mapping of relative path → bytes out; the same data gives the same bytes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from att_univ.documents.languages import language_name, sort_key, text_direction
from att_univ.documents.site import (
    ASSETS,
    CSP,
    MARKER,
    REGION_MAP_GRAIN,
    REGION_MAP_WIDTH,
    SITE_LANGUAGES,
    UN_GROUPS,
    RegionPage,
    SiteData,
    site_data,
)
from att_univ.treaty.status import SCHEMES

if TYPE_CHECKING:
    from att_univ.data.dataset import Dataset


def build_site(view: Dataset, *, langs: Sequence[str] = SITE_LANGUAGES, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the website for the public view `view`, by relative path."""
    from att_univ.data.discovery import bundled_templates

    data = site_data(view)
    files = {d.path: d.content for d in data.downloads}
    for asset in ASSETS:
        files[f"assets/{asset}"] = (bundled_templates() / "site" / asset).read_bytes()
    pages: list[str] = []
    shared = _Shared.of(data)
    for lang in langs:
        for path, text in _language_pages(data, shared, lang, langs, base_url):
            files[path] = text.encode("utf-8")
            pages.append(path)
    chooser = {**_page_context(langs[0], "index.html", langs, base_url), "site": {"as_of": data.as_of}}
    files["index.html"] = _render("site/languages.html.j2", chooser, langs[0])
    pages.append("index.html")
    if base_url is not None:
        files["sitemap.xml"] = _sitemap(base_url, pages)
    marker = {"attu_site": 1, "as_of": view.meta.as_of.isoformat(), "languages": list(langs), "files": sorted(files)}
    files[MARKER] = (json.dumps(marker, indent=1) + "\n").encode()  # lists every file: a rebuild replaces only those
    return dict(sorted(files.items()))


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


class _Shared(NamedTuple):
    """The view model as templates take it (plain dicts), converted once for every page and language."""

    site: Mapping[str, Any]
    states: Mapping[str, Mapping[str, Any]]
    regions: tuple[Mapping[str, Any], ...]
    recent: tuple[Any, ...]
    totals: Mapping[str, Any]
    by_group: tuple[Any, ...]
    downloads: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, data: SiteData) -> _Shared:
        """Convert what the pages show, once."""
        return cls(
            site={"as_of": data.as_of, "reconciled_on": data.reconciled_on, "reconciled_page_as_at": data.reconciled_page_as_at},
            states={iso3: _named(page) for iso3, page in data.states.items()},
            regions=tuple(_named(region) for region in data.regions),
            recent=_named(tuple(c for c in data.report.recent if c.event == "deposit")),
            totals=_named(data.report.totals),
            by_group=_named(data.report.by_region),
            downloads=tuple({"path": d.path, "kind": d.kind, "size": d.size} for d in data.downloads),
        )


def _language_pages(
    data: SiteData, shared: _Shared, lang: str, langs: Sequence[str], base_url: str | None
) -> Iterable[tuple[str, str]]:
    from att_univ.documents.templating import render_template, template_values

    locale = template_locale(lang)
    words = template_values(f"site/words.{lang}.j2", locale=locale)
    names = {iso3: page.names[lang] for iso3, page in data.states.items()}
    order = sorted(names, key=lambda code: (sort_key(names[code], lang), code))
    group_of = {iso3: slug for slug, scheme, members in _memberships(data) if scheme == UN_GROUPS for iso3 in members}
    region_names = {r.slug: _region_name(r, words) for r in data.regions}
    rows = tuple(
        {
            "iso3": iso3,
            "name": names[iso3],
            "rank": rank,
            "status": shared.states[iso3]["status"],
            "group": group_of.get(iso3),
        }
        for rank, iso3 in enumerate(order)
    )
    maps = _Maps(data, lang, words, names)

    # Each page gets only what it shows, already plain: the templating layer copies its context on every page.
    def page(path: str, template: str, **context: Any) -> tuple[str, str]:
        full = {**_page_context(lang, path, langs, base_url), "site": shared.site, "region_names": region_names}
        return path, render_template(f"site/{template}", {**full, **context}, locale=locale)

    home = f"{lang}/index.html"
    yield page(
        home,
        "home.html.j2",
        map_svg=maps.world(home),
        timeline_svg=maps.timeline(),
        recent=shared.recent,
        totals=shared.totals,
        by_group=shared.by_group,
        names=names,
    )
    yield page(f"{lang}/states.html", "states.html.j2", rows=rows, totals=shared.totals)
    for iso3 in data.states:
        yield page(f"{lang}/states/{iso3.lower()}.html", "state.html.j2", state=shared.states[iso3], name=names[iso3])
    by_scheme = tuple((scheme, tuple(r for r in shared.regions if r["scheme"] == scheme)) for scheme in SCHEMES)
    yield page(f"{lang}/regions.html", "regions.html.j2", schemes=tuple(s for s in by_scheme if s[1]))
    rank = {iso3: i for i, iso3 in enumerate(order)}
    for region, plain_region in zip(data.regions, shared.regions, strict=True):
        members = tuple(rows[rank[iso3]] for iso3 in sorted(region.members, key=rank.__getitem__))
        path = f"{lang}/regions/{region.slug}.html"
        yield page(path, "region.html.j2", region=plain_region, members=members, map_svg=maps.world(path, region))
    yield page(f"{lang}/downloads.html", "downloads.html.j2", downloads=shared.downloads)


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
            grain=0.1 if region is None else REGION_MAP_GRAIN,
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
