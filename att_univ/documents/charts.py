"""Offline SVG charts for CSP reports: a world map of treaty status and a timeline of States Parties.

Standard library only, and deterministic: the same input gives byte-identical
SVG, so reports can be golden-tested. Labels arrive already localised; every
piece of text is XML-escaped here.
"""

from __future__ import annotations

import functools
import json
import math
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypedDict

__all__ = [
    "NOT_APPLICABLE_FILL",
    "OKABE_ITO",
    "PATTERNS",
    "Category",
    "equal_earth",
    "timeline_svg",
    "world_map_svg",
    "xml_escape",
]

ASSET_PATH = Path(__file__).resolve().parent.parent / "assets" / "world-50m.json"

# Okabe & Ito (2008): eight colours that stay distinct for the common forms of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
NOT_APPLICABLE_FILL = "#D9D9D9"
PATTERNS = ("solid", "hatch", "dots", "crosshatch")

_OCEAN_FILL = "#F4F7FA"
_TEXT_FILL = "#222222"
_FONT_FAMILY = "Noto Sans, DejaVu Sans, Arial, sans-serif"
_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
# Characters that XML 1.0 cannot carry at all, not even as references (listed rather than negated: compiles 7x faster).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# An average glyph is about this share of the font size wide: enough to wrap text without measuring it.
_GLYPH_WIDTH_RATIO = 0.55
_MARGIN = 12
_TITLE_SIZE = 18
_LABEL_SIZE = 13
_SMALL_SIZE = 11


@dataclass(frozen=True)
class Category:
    """One legend entry: a status key, its localised label, its fill colour and an optional pattern."""

    key: str
    label: str
    colour: str
    pattern: str = "solid"

    def __post_init__(self) -> None:
        if not _KEY_PATTERN.fullmatch(self.key):
            raise ValueError(f"category key {self.key!r} must be letters, digits, '_' or '-'")
        if self.pattern not in PATTERNS:
            raise ValueError(f"pattern {self.pattern!r} is not one of {PATTERNS}")


# --- text ---------------------------------------------------------------------------------------


def xml_escape(text: str) -> str:
    """Escape text for XML content and attribute values alike."""
    return (
        _NOT_XML.sub("\ufffd", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
        # A parser would turn these into spaces (in attributes) or newlines; references keep them as given.
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )


def _wrap(text: str, width_px: float, font_size: float) -> list[str]:
    """Break text into lines that should fit width_px, estimating glyph widths."""
    columns = max(8, int(width_px / (font_size * _GLYPH_WIDTH_RATIO)))
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(textwrap.wrap(paragraph, columns, break_long_words=False, break_on_hyphens=False) or [""])
    return lines


def _num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing '.0'."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class _Writing:
    """Places text for a writing direction: right-to-left text starts at the right margin."""

    width: int
    rtl: bool

    def start_x(self, inset: float = 0) -> float:
        """The x at which a line of text starts, inset from the start margin."""
        return self.width - _MARGIN - inset if self.rtl else _MARGIN + inset

    def box_x(self, box_width: float) -> float:
        """The left x of a box placed against the start margin."""
        return self.width - _MARGIN - box_width if self.rtl else _MARGIN

    def text(self, x: float, y: float, content: str, size: float) -> str:
        """A <text> element that starts at x in the writing direction."""
        bidi = ' direction="rtl" unicode-bidi="embed"' if self.rtl else ""
        return (
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{_TEXT_FILL}"{bidi}>{xml_escape(content)}</text>'
        )

    def lines(self, top: float, lines: list[str], size: float) -> tuple[list[str], float]:
        """Lines of text stacked from top; returns the elements and the y below them."""
        line_height = size * 1.35
        elements = [self.text(self.start_x(), top + size + i * line_height, line, size) for i, line in enumerate(lines)]
        return elements, top + len(lines) * line_height


def _svg_open(width: int, height: float, title: str, description: str, rtl: bool, role: str = "img") -> str:
    """The root element, its accessible name and description, and a white page.

    A map of links is a `group`, not an `img`: an image's children are hidden from screen readers.
    """
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{_num(height)}" '
        f'viewBox="0 0 {width} {_num(height)}" role="{role}" font-family="{_FONT_FAMILY}"{direction}>\n'
        f"<title>{xml_escape(title)}</title>\n<desc>{xml_escape(description)}</desc>\n"
        f'<rect width="{width}" height="{_num(height)}" fill="#FFFFFF"/>\n'
    )


# --- world map ----------------------------------------------------------------------------------

# Equal Earth projection (Šavrič, Patterson & Jenny 2018) on the unit sphere.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_SQRT3_HALF = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """Project degrees to Equal Earth coordinates on the unit sphere (y grows northwards)."""
    x_per_radian, y = _equal_earth_row(latitude)
    return math.radians(longitude) * x_per_radian, y


def _equal_earth_row(latitude: float) -> tuple[float, float]:
    """For one latitude: x per radian of longitude, and y (both depend on latitude alone)."""
    theta = math.asin(_SQRT3_HALF * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x_per_radian = 2 * math.sqrt(3) * math.cos(theta) / (3 * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    return x_per_radian, theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))


_HALF_WIDTH = equal_earth(180, 0)[0]
_HALF_HEIGHT = equal_earth(0, 90)[1]


class _World(TypedDict):
    """The asset built by tools/build_world_assets.py."""

    source: str
    precision: int
    countries: dict[str, list[list[int]]]
    others: dict[str, list[list[int]]]
    markers: dict[str, list[int]]


@functools.cache  # read once per process: a website draws many maps
def _load_world() -> _World:
    with ASSET_PATH.open(encoding="utf-8") as asset:
        world: _World = json.load(asset)
    return world


_ROWS: dict[tuple[float, float, float, int], dict[int, tuple[float, int]]] = {}


class _Projector:
    """Turns stored coordinates into pixels; the projection's work depends on latitude only, so it is cached per row."""

    def __init__(self, left: float, top: float, scale: float, precision: int) -> None:
        self.centre_x = left + _HALF_WIDTH * scale
        self.top = top
        self.scale = scale
        self.precision = precision
        # Shared by every map drawn at this size and place (a website draws one per region and language).
        self.rows = _ROWS.setdefault((left, top, scale, precision), {})

    def row(self, latitude: int) -> tuple[float, int]:
        """For a stored latitude: tenths of a pixel per stored longitude unit, and y in tenths of a pixel."""
        cached = self.rows.get(latitude)
        if cached is None:
            x_per_radian, y = _equal_earth_row(latitude / self.precision)
            cached = (
                x_per_radian * self.scale * math.pi / 18 / self.precision,
                round((self.top + (_HALF_HEIGHT - y) * self.scale) * 10),
            )
            self.rows[latitude] = cached
        return cached

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        """Pixel position of a point given in degrees."""
        x_per_unit, y_tenths = self.row(round(latitude * self.precision))
        return self.centre_x + longitude * self.precision * x_per_unit / 10, y_tenths / 10

    def path(self, rings: list[list[int]], grain: int = 1) -> str:
        """SVG path data for delta-encoded rings, as relative moves in tenths of a pixel, on a grid of `grain` tenths."""
        centre = self.centre_x * 10
        row = self.row
        parts = []
        for ring in rings:
            x, y = ring[0], ring[1]
            x_per_unit, start_y = row(y)
            start_x = px = round(centre + x * x_per_unit)
            if grain != 1:
                start_x = px = round(start_x / grain) * grain
                start_y = round(start_y / grain) * grain
            py = start_y
            steps = []
            for i in range(2, len(ring), 2):
                x += ring[i]
                y += ring[i + 1]
                x_per_unit, ny = row(y)
                nx = round(centre + x * x_per_unit)
                if grain != 1:
                    nx, ny = round(nx / grain) * grain, round(ny / grain) * grain
                if nx != px or ny != py:
                    steps.append(f"{_tenths(nx - px)} {_tenths(ny - py)}")
                    px, py = nx, ny
            if steps:
                parts.append(f"M{_tenths(start_x)} {_tenths(start_y)}l{' '.join(steps)}z")
        return "".join(parts)

    def outline(self) -> str:
        """Path data for the edge of the world, the curved meridians +-180 drawn one degree at a time."""
        key = (self.centre_x, self.top, self.scale, "outline")
        if key not in _PATH_CACHE:
            _PATH_CACHE[key] = self._outline()
        return _PATH_CACHE[key]

    def _outline(self) -> str:
        east = [self.point(180, latitude) for latitude in range(90, -91, -1)]
        west = [self.point(-180, latitude) for latitude in range(-90, 91)]
        return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in east + west) + "Z"


_TENTHS_TEXT: dict[int, str] = {}


def _tenths(value: int) -> str:
    """Tenths of a pixel as the shortest SVG number ("12", "-.3", "4.5"); cached, as most steps repeat."""
    text = _TENTHS_TEXT.get(value)
    if text is None:
        whole, tenth = divmod(abs(value), 10)
        sign = "-" if value < 0 else ""
        text = f"{sign}{whole or ''}.{tenth}" if tenth else f"{sign}{whole}"
        _TENTHS_TEXT[value] = text
    return text


def world_map_svg(
    status_by_iso3: Mapping[str, str],
    *,
    categories: Sequence[Category],
    title: str,
    disclaimer: str,
    width: int = 960,
    rtl: bool = False,
    not_applicable_label: str | None = None,
    not_drawn_label: str = "Not drawn at this scale",
    links: Mapping[str, tuple[str, str]] | None = None,
    grain: float = 0.1,
) -> str:
    """Draw a world map (Equal Earth) with each state filled by its category, as an SVG string.

    `links` (ISO3 → (href, accessible name)) makes each such state a link, reachable from the keyboard.
    `grain` is the finest step drawn, in pixels: a whole pixel halves a small map's size with no visible change.
    """
    by_key = {category.key: category for category in categories}
    if len(by_key) != len(categories):
        raise ValueError("category keys must be unique")
    unknown = sorted({status for status in status_by_iso3.values() if status not in by_key})
    if unknown:
        raise ValueError(f"statuses without a category: {', '.join(unknown)}")
    world = _load_world()
    writing = _Writing(width, rtl)
    counts = {key: sum(1 for status in status_by_iso3.values() if status == key) for key in by_key}
    text_width = width - 2 * _MARGIN

    title_elements, map_top = writing.lines(_MARGIN, _wrap(title, text_width, _TITLE_SIZE), _TITLE_SIZE)
    scale = text_width / (2 * _HALF_WIDTH)
    projector = _Projector(_MARGIN, map_top + 8, scale, world["precision"])
    map_bottom = projector.top + 2 * _HALF_HEIGHT * scale
    legend_elements, legend_bottom = _map_legend(writing, map_bottom + 12, categories, counts, not_applicable_label)
    notes = _not_drawn_note(world, status_by_iso3, not_drawn_label) + disclaimer.splitlines()
    note_elements, notes_bottom = writing.lines(legend_bottom + 4, _wrap("\n".join(notes), text_width, _SMALL_SIZE), _SMALL_SIZE)
    description = "; ".join(f"{category.label}: {counts[category.key]}" for category in categories)

    return "".join(
        [
            _svg_open(width, notes_bottom + _MARGIN, title, description, rtl, role="group" if links else "img"),
            _pattern_defs(categories),
            *(element + "\n" for element in title_elements),
            f'<path d="{projector.outline()}" fill="{_OCEAN_FILL}"/>\n',
            *_country_paths(world, projector, status_by_iso3, by_key, links or {}, max(1, round(grain * 10))),
            f'<path d="{projector.outline()}" fill="none" stroke="#8A8A8A" stroke-width="0.8"/>\n',
            *_markers(world, projector, status_by_iso3, by_key, links or {}),
            *(element + "\n" for element in legend_elements + note_elements),
            "</svg>\n",
        ]
    )


def _not_drawn_note(world: _World, status_by_iso3: Mapping[str, str], label: str) -> list[str]:
    """A footnote naming the codes that have neither a shape nor a marker, if any."""
    missing = sorted(code for code in status_by_iso3 if code not in world["countries"] and code not in world["markers"])
    return [f"{label}: {', '.join(missing)}"] if missing else []


def _fill(category: Category) -> str:
    """The fill attribute value for a category: its colour, or its pattern tile."""
    return category.colour if category.pattern == "solid" else f"url(#attu-pattern-{category.key})"


_PATTERN_MARKS = {
    "hatch": '<path d="M0 0V6" stroke="#000000" stroke-opacity="0.5" stroke-width="1.2"/>',
    "crosshatch": '<path d="M0 0V6M0 3H6" stroke="#000000" stroke-opacity="0.5" stroke-width="1"/>',
    "dots": '<circle cx="3" cy="3" r="1.1" fill="#000000" fill-opacity="0.55"/>',
}


def _pattern_defs(categories: Sequence[Category]) -> str:
    """One tile per patterned category, so that the map does not rely on colour alone."""
    tiles = [
        f'<pattern id="attu-pattern-{category.key}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{xml_escape(category.colour)}"/>'
        f"{_PATTERN_MARKS[category.pattern]}</pattern>"
        for category in categories
        if category.pattern != "solid"
    ]
    return f"<defs>{''.join(tiles)}</defs>\n" if tiles else ""


def _linked(element: str, iso3: str, links: Mapping[str, tuple[str, str]]) -> str:
    """The element inside a link to the state's page, named for screen readers and shown on hover."""
    if iso3 not in links:
        return element
    href, name = links[iso3]
    return f'<a href="{xml_escape(href)}" aria-label="{xml_escape(name)}"><title>{xml_escape(name)}</title>{element}</a>'


# Path data per projection and area: the shapes do not change between maps of the same size, only the fills
# (a website draws one map per region and language).
_PATH_CACHE: dict[tuple[float, float, float, str], str] = {}


def _path_data(projector: _Projector, key: str, rings: list[list[int]], grain: int) -> str:
    cache_key = (projector.centre_x, projector.top, projector.scale, f"{key}/{grain}")
    data = _PATH_CACHE.get(cache_key)
    if data is None:
        data = _PATH_CACHE[cache_key] = projector.path(rings, grain)
    return data


def _country_paths(
    world: _World,
    projector: _Projector,
    status_by_iso3: Mapping[str, str],
    by_key: Mapping[str, Category],
    links: Mapping[str, tuple[str, str]],
    grain: int,
) -> Iterator[str]:
    """One path per area: states by category, everything else in the neutral fill."""
    yield '<g stroke="#FFFFFF" stroke-width="0.4" stroke-linejoin="round" fill-rule="evenodd">\n'
    for key, rings in world["others"].items():
        yield f'<path fill="{NOT_APPLICABLE_FILL}" d="{_path_data(projector, "other:" + key, rings, grain)}"/>\n'
    for iso3, rings in world["countries"].items():
        data = _path_data(projector, iso3, rings, grain)
        if not data:
            continue  # too small to draw at this grain: its marker stands for it
        status = status_by_iso3.get(iso3)
        if status is None:
            attributes = f'fill="{NOT_APPLICABLE_FILL}"'
        else:
            attributes = f'data-category="{status}" fill="{xml_escape(_fill(by_key[status]))}"'
        path = f'<path id="country-{iso3}" data-iso3="{iso3}" {attributes} d="{data}"/>'
        yield _linked(path, iso3, links) + "\n"
    yield "</g>\n"


def _markers(
    world: _World,
    projector: _Projector,
    status_by_iso3: Mapping[str, str],
    by_key: Mapping[str, Category],
    links: Mapping[str, tuple[str, str]],
) -> Iterator[str]:
    """Circles for states too small to see at this scale, or missing from the shapes."""
    radius = _num(max(2.5, 3.5 * projector.scale / 175))
    yield '<g stroke="#333333" stroke-width="0.7">\n'
    for iso3, (longitude, latitude) in world["markers"].items():
        status = status_by_iso3.get(iso3)
        if status is None:
            continue
        x, y = projector.point(longitude / world["precision"], latitude / world["precision"])
        circle = (
            f'<circle class="marker" data-iso3="{iso3}" data-category="{status}" cx="{_num(x)}" cy="{_num(y)}" '
            f'r="{radius}" fill="{xml_escape(by_key[status].colour)}"/>'
        )
        yield _linked(circle, iso3, links) + "\n"
    yield "</g>\n"


class _LegendRow(NamedTuple):
    label: str
    fill: str
    category: Category | None
    total: int | None


def _map_legend(
    writing: _Writing,
    top: float,
    categories: Sequence[Category],
    counts: Mapping[str, int],
    not_applicable_label: str | None,
) -> tuple[list[str], float]:
    """Swatch, label and count per category, one row each, against the start margin."""
    rows = [_LegendRow(c.label, _fill(c), c, counts[c.key]) for c in categories]
    if not_applicable_label is not None:
        rows.append(_LegendRow(not_applicable_label, NOT_APPLICABLE_FILL, None, None))
    swatch, row_height = 14, 20
    elements = []
    for i, row in enumerate(rows):
        y = top + i * row_height
        data = f' data-category="{row.category.key}" data-count="{row.total}"' if row.category else ""
        text = row.label if row.total is None else f"{row.label} ({row.total})"
        elements.append(
            f'<g class="legend-item"{data}><rect x="{_num(writing.box_x(swatch))}" y="{_num(y)}" '
            f'width="{swatch}" height="{swatch}" fill="{xml_escape(row.fill)}" stroke="#555555" stroke-width="0.6"/>'
            f"{writing.text(writing.start_x(swatch + 8), y + 11.5, text, _LABEL_SIZE)}</g>"
        )
    return elements, top + len(rows) * row_height


# --- timeline -----------------------------------------------------------------------------------

# Colour and dash per series, so that series stay apart without colour too.
_SERIES_STYLES = (
    (OKABE_ITO["blue"], ""),
    (OKABE_ITO["vermillion"], "7 4"),
    (OKABE_ITO["bluish_green"], "2 3"),
    (OKABE_ITO["reddish_purple"], "9 3 2 3"),
    (OKABE_ITO["orange"], "4 4"),
    (OKABE_ITO["sky_blue"], "1 2"),
)
_MOST_Y_TICKS = 6
# Without any date there is no time axis; a fixed range keeps the arithmetic safe and the output stable.
_NO_DATE = date(2000, 1, 1).toordinal()

_Series = tuple[str, list[tuple[date, int]]]


@dataclass(frozen=True)
class _Plot:
    """The plotting rectangle and the data ranges mapped onto it."""

    left: float
    top: float
    right: float
    bottom: float
    first_day: int
    last_day: int
    y_max: int
    dated: bool

    def x(self, day: date) -> float:
        share = (day.toordinal() - self.first_day) / (self.last_day - self.first_day)
        return self.left + share * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom - value / self.y_max * (self.bottom - self.top)


def timeline_svg(
    points: Sequence[tuple[date, int]],
    *,
    series_label: str,
    title: str,
    width: int = 960,
    height: int = 320,
    extra_series: Mapping[str, Sequence[tuple[date, int]]] | None = None,
    until: date | None = None,
    rtl: bool = False,
) -> str:
    """Draw counts over time as step lines (a count holds until the next event), as an SVG string."""
    series: list[_Series] = [(series_label, sorted(points))]
    series += [(label, sorted(values)) for label, values in (extra_series or {}).items()]
    writing = _Writing(width, rtl)
    title_lines = _wrap(title, width - 2 * _MARGIN, _TITLE_SIZE)
    title_elements, below_title = writing.lines(_MARGIN, title_lines, _TITLE_SIZE)
    legend_elements, plot_top = _series_legend(writing, below_title + 6, [label for label, _ in series])
    plot = _plot_area(series, until, width, height, plot_top + 12)
    lines: list[str] = []
    ends: list[tuple[float, float, int]] = []
    for (_, values), (colour, dash) in zip(series, _styles(len(series)), strict=True):
        if values:
            end = max(values[-1][0], until or values[-1][0])
            lines.append(_step_path(plot, values, end, colour, dash))
            ends.append((plot.x(end) + 6, plot.y(values[-1][1]), values[-1][1]))
    description = "; ".join(
        f"{label}: {values[-1][1]} ({values[-1][0].isoformat()})" if values else label for label, values in series
    )
    return "".join(
        [
            _svg_open(width, height, title, description, rtl),
            *(element + "\n" for element in title_elements + legend_elements),
            *_axes(plot),
            *lines,
            *_end_labels(ends),
            "</svg>\n",
        ]
    )


def _styles(count: int) -> list[tuple[str, str]]:
    return [_SERIES_STYLES[i % len(_SERIES_STYLES)] for i in range(count)]


def _plot_area(series: list[_Series], until: date | None, width: int, height: int, top: float) -> _Plot:
    """Fit every date and count; a single day or only zeros still get a range with a width."""
    days = [day.toordinal() for _, values in series for day, _ in values] + ([until.toordinal()] if until else [])
    first_day, last_day = (min(days), max(days)) if days else (_NO_DATE, _NO_DATE)
    if first_day == last_day:
        first_day, last_day = first_day - 183, last_day + 183
    largest = max((value for _, values in series for _, value in values), default=0)
    y_step = _nice_step(max(largest, 1), _MOST_Y_TICKS)
    y_max = max(y_step, math.ceil(largest / y_step) * y_step)
    return _Plot(56, top, width - 56, height - 34, first_day, last_day, y_max, dated=bool(days))


def _nice_step(span: float, most_ticks: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that covers span in at most most_ticks steps."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if span / (multiple * magnitude) <= most_ticks:
                return multiple * magnitude
        magnitude *= 10


def _axes(plot: _Plot) -> Iterator[str]:
    """Y gridlines with labels; the x axis with a tick on 1 January of each labelled year."""
    y_step = _nice_step(plot.y_max, _MOST_Y_TICKS)
    values = range(0, plot.y_max + 1, y_step)
    # Numbers and years read left to right in right-to-left documents too.
    yield '<g stroke="#DDDDDD" stroke-width="1">\n'
    yield from (f'<path d="M{_num(plot.left)} {_num(plot.y(v))}H{_num(plot.right)}"/>\n' for v in values)
    yield "</g>\n"
    yield f'<g font-size="{_SMALL_SIZE}" fill="{_TEXT_FILL}" text-anchor="end" direction="ltr">\n'
    yield from (f'<text x="{_num(plot.left - 6)}" y="{_num(plot.y(v) + 4)}">{v}</text>\n' for v in values)
    yield "</g>\n"
    yield f'<path d="M{_num(plot.left)} {_num(plot.bottom)}H{_num(plot.right)}" stroke="#555555" stroke-width="1"/>\n'
    yield f'<g font-size="{_SMALL_SIZE}" fill="{_TEXT_FILL}" text-anchor="middle" direction="ltr">\n'
    for year in _year_ticks(plot):
        x = _num(plot.x(date(year, 1, 1)))
        yield (
            f'<path d="M{x} {_num(plot.bottom)}v5" stroke="#555555"/><text x="{x}" y="{_num(plot.bottom + 18)}">{year}</text>\n'
        )
    yield "</g>\n"


def _year_ticks(plot: _Plot) -> list[int]:
    """Years whose 1 January falls in the range, thinned so that labels stay about 50 pixels apart."""
    if not plot.dated:
        return []
    first, last = date.fromordinal(plot.first_day), date.fromordinal(plot.last_day)
    years = [y for y in range(first.year, last.year + 1) if first <= date(y, 1, 1) <= last]
    step = _nice_step(len(years), max(1, int((plot.right - plot.left) / 50)))
    return [year for year in years if year % step == 0]


def _step_path(plot: _Plot, values: list[tuple[date, int]], end: date, colour: str, dash: str) -> str:
    """A line that holds each count until the next event, then steps to the new one."""
    commands = [f"M{_num(plot.x(values[0][0]))} {_num(plot.y(values[0][1]))}"]
    commands += [f"H{_num(plot.x(day))}V{_num(plot.y(value))}" for day, value in values[1:]]
    commands.append(f"H{_num(plot.x(end))}")
    dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
    # The dot keeps a series of a single event visible, where the line has no length.
    return (
        f'<path d="{"".join(commands)}" fill="none" stroke="{colour}" stroke-width="2"{dash_attribute}/>'
        f'<circle cx="{_num(plot.x(end))}" cy="{_num(plot.y(values[-1][1]))}" r="3" fill="{colour}"/>\n'
    )


def _end_labels(ends: list[tuple[float, float, int]]) -> Iterator[str]:
    """Each series' last count beside its end, nudged apart so that close counts stay readable."""
    previous_y = -math.inf
    for x, y, count in sorted(ends, key=lambda end: end[1]):
        y = max(y, previous_y + 13)
        previous_y = y
        yield (
            f'<text class="last-value" x="{_num(x)}" y="{_num(y + 4)}" font-size="{_LABEL_SIZE}" '
            f'font-weight="bold" fill="{_TEXT_FILL}" direction="ltr">{count}</text>\n'
        )


def _series_legend(writing: _Writing, top: float, labels: list[str]) -> tuple[list[str], float]:
    """A line sample and a label per series, one row each, against the start margin."""
    elements = []
    for i, (label, (colour, dash)) in enumerate(zip(labels, _styles(len(labels)), strict=True)):
        y = top + i * 18 + 9
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        elements.append(
            f'<path d="M{_num(writing.box_x(24))} {_num(y)}h24" stroke="{colour}" stroke-width="2"{dash_attribute}/>'
            + writing.text(writing.start_x(32), y + 4.5, label, _LABEL_SIZE)
        )
    return elements, top + len(labels) * 18
