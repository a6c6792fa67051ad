"""att_univ.documents.charts: well-formed, deterministic, accessible SVG for the world map and the timeline."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from att_univ.documents import charts
from att_univ.documents.charts import (
    NOT_APPLICABLE_FILL,
    OKABE_ITO,
    Category,
    equal_earth,
    timeline_svg,
    world_map_svg,
    xml_escape,
)
from tests.support.golden import assert_golden

SVG = "{http://www.w3.org/2000/svg}"
HERE = Path(__file__).resolve().parent.parent
STATES = [line for line in (HERE / "fixtures" / "att_states_iso3.txt").read_text().splitlines() if not line.startswith("#")]
CATEGORIES = (
    Category("party", "States Parties", OKABE_ITO["blue"]),
    Category("signatory", "Signatories", OKABE_ITO["orange"], "hatch"),
    Category("none", "Not yet joined", OKABE_ITO["sky_blue"], "dots"),
)
HOSTILE = '</svg><script>alert("x")</script> & \'single\' "double" &amp;'
DISCLAIMER = "The boundaries and names shown on this map do not imply official endorsement or acceptance by the United Nations."
# States that the asset draws only as a marker: Tuvalu is missing at 1:50m, the others vanish at 0.01 degree.
MARKER_ONLY_STATES = {"MCO", "MDV", "NRU", "TUV", "VAT"}


def all_states() -> dict[str, str]:
    """Every state that can join, spread over the three test categories."""
    keys = [category.key for category in CATEGORIES]
    return {iso3: keys[i % len(keys)] for i, iso3 in enumerate(STATES)}


def draw_map(status: dict[str, str] | None = None, **options: object) -> str:
    arguments: dict[str, object] = {"categories": CATEGORIES, "title": "ATT status", "disclaimer": DISCLAIMER, **options}
    return world_map_svg(all_states() if status is None else status, **arguments)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def country_paths(root: ET.Element) -> dict[str, ET.Element]:
    paths = [path for path in root.iter(f"{SVG}path") if "data-iso3" in path.attrib]
    by_iso3 = {path.attrib["data-iso3"]: path for path in paths}
    assert len(by_iso3) == len(paths), "a country is drawn twice"
    return by_iso3


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each subpath, for the M/L/l/z commands the map writes."""
    rings: list[list[tuple[float, float]]] = []
    command, x, y = "", 0.0, 0.0
    numbers: list[float] = []
    for token in re.findall(r"[MLlZz]|-?(?:\d+\.?\d*|\.\d+)", d):
        if token in "MLlZz":
            command = token
            if token == "M":
                rings.append([])
            continue
        numbers.append(float(token))
        if len(numbers) == 2:
            dx, dy = numbers
            numbers = []
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
            rings[-1].append((x, y))
    return rings


def marker_colours(root: ET.Element) -> dict[str, str]:
    return {
        circle.attrib["data-iso3"]: circle.attrib["fill"]
        for circle in root.iter(f"{SVG}circle")
        if circle.get("class") == "marker"
    }


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


# --- world map ------------------------------------------------------------------------------------


def test_map_is_well_formed_and_accessible() -> None:
    root = parse(draw_map())
    assert root.attrib["role"] == "img"
    assert root.find(f"{SVG}title").text == "ATT status"
    assert root.find(f"{SVG}desc").text == "States Parties: 66; Signatories: 66; Not yet joined: 65"


def test_map_is_deterministic() -> None:
    assert draw_map() == draw_map()


def test_every_asset_country_has_one_path_filled_by_its_category() -> None:
    status = all_states()
    paths = country_paths(parse(draw_map(status)))
    assert set(paths) == set(charts._load_world()["countries"])
    fills = {
        category.key: category.colour if category.pattern == "solid" else f"url(#attu-pattern-{category.key})"
        for category in CATEGORIES
    }
    for iso3, path in paths.items():
        assert path.attrib["id"] == f"country-{iso3}"
        expected = fills[status[iso3]] if iso3 in status else NOT_APPLICABLE_FILL
        assert path.attrib["fill"] == expected, iso3


def test_areas_outside_the_mapping_are_not_applicable_grey() -> None:
    paths = country_paths(parse(draw_map({"FRA": "party"})))
    for iso3 in ("ATA", "ESH", "TWN", "GRL"):
        assert paths[iso3].attrib["fill"] == NOT_APPLICABLE_FILL
        assert "data-category" not in paths[iso3].attrib


def test_every_state_that_can_join_is_drawn_as_a_shape_or_a_marker() -> None:
    root = parse(draw_map())
    shapes = set(country_paths(root))
    markers = set(marker_colours(root))
    assert len(STATES) == 197
    assert set(STATES) <= shapes | markers
    assert set(STATES) - shapes == MARKER_ONLY_STATES


def test_markers_carry_the_category_colour() -> None:
    root = parse(draw_map({"TUV": "party", "VAT": "signatory"}))
    assert marker_colours(root) == {"TUV": OKABE_ITO["blue"], "VAT": OKABE_ITO["orange"]}


def test_legend_counts_equal_input_counts() -> None:
    status = {"FRA": "party", "DEU": "party", "USA": "signatory", "TUV": "party"}
    root = parse(draw_map(status))
    legend = {item.attrib["data-category"]: item for item in root.iter(f"{SVG}g") if item.get("class") == "legend-item"}
    assert {key: int(item.attrib["data-count"]) for key, item in legend.items()} == {"party": 3, "signatory": 1, "none": 0}
    assert "".join(legend["party"].itertext()) == "States Parties (3)"


def test_codes_without_any_shape_are_counted_and_named_in_a_footnote() -> None:
    root = parse(draw_map({"XXX": "party"}, not_drawn_label="Not drawn at this scale"))
    assert "Not drawn at this scale: XXX" in texts(root)
    assert root.find(f"{SVG}desc").text.startswith("States Parties: 1;")


def test_not_applicable_row_appears_only_when_labelled() -> None:
    assert "Not applicable" not in texts(parse(draw_map()))
    assert "Not applicable" in texts(parse(draw_map(not_applicable_label="Not applicable")))


def test_hostile_labels_render_literally() -> None:
    categories = (Category("party", HOSTILE, "#0072B2"),)
    svg = world_map_svg({"FRA": "party"}, categories=categories, title=HOSTILE, disclaimer=HOSTILE, not_applicable_label=HOSTILE)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f"{SVG}desc").text == f"{HOSTILE}: 1"
    assert f"{HOSTILE} (1)" in texts(root)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert svg.rstrip().endswith("</svg>") and svg.count("</svg>") == 1


def test_a_status_without_a_category_is_refused() -> None:
    with pytest.raises(ValueError, match="statuses without a category: withdrawn"):
        draw_map({"FRA": "withdrawn"})


def test_categories_with_the_same_key_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        draw_map(categories=(*CATEGORIES, Category("party", "Again", "#000000")))


@pytest.mark.parametrize("key", ["", "a b", 'x"y', "<k>"])
def test_category_keys_must_be_safe_in_ids(key: str) -> None:
    with pytest.raises(ValueError, match="category key"):
        Category(key, "label", "#000000")


def test_unknown_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="pattern"):
        Category("party", "label", "#000000", "stripes")


def test_patterned_categories_get_a_tile_and_solid_ones_do_not() -> None:
    root = parse(draw_map())
    ids = {pattern.attrib["id"] for pattern in root.iter(f"{SVG}pattern")}
    assert ids == {"attu-pattern-signatory", "attu-pattern-none"}


@pytest.mark.parametrize("iso3", ["FJI", "RUS"])
def test_antimeridian_countries_have_no_segment_across_the_map(iso3: str) -> None:
    width = 960
    d = country_paths(parse(draw_map(width=width)))[iso3].attrib["d"]
    rings = subpaths(d)
    for ring in rings:
        for (x1, _), (x2, _) in zip(ring, ring[1:] + ring[:1], strict=True):
            assert abs(x2 - x1) < width / 2
    xs = [x for ring in rings for x, _ in ring]
    # The split keeps both halves: some land near the west edge of the map and some near the east edge.
    assert min(xs) < width * 0.2 and max(xs) > width * 0.8


def test_rtl_mirrors_text_and_legend_but_not_geography() -> None:
    width = 960
    ltr, rtl = parse(draw_map(width=width)), parse(draw_map(width=width, rtl=True))
    assert rtl.attrib["direction"] == "rtl" and "direction" not in ltr.attrib
    assert all(text.attrib["direction"] == "rtl" for text in rtl.iter(f"{SVG}text"))
    swatches = [
        float(rect.attrib["x"])
        for item in rtl.iter(f"{SVG}g")
        if item.get("class") == "legend-item"
        for rect in item.iter(f"{SVG}rect")
    ]
    assert swatches and all(x > width / 2 for x in swatches)
    assert {k: p.attrib["d"] for k, p in country_paths(ltr).items()} == {k: p.attrib["d"] for k, p in country_paths(rtl).items()}


def test_map_scales_with_width() -> None:
    root = parse(draw_map(width=480))
    assert root.attrib["width"] == "480"
    xs = [x for path in country_paths(root).values() for ring in subpaths(path.attrib["d"]) for x, _ in ring]
    assert min(xs) >= 0 and max(xs) <= 480


def test_a_coarser_grain_draws_every_point_on_the_whole_pixel_and_stays_close() -> None:
    fine, coarse = parse(draw_map(width=640)), parse(draw_map(width=640, grain=1.0))
    fine_paths, coarse_paths = country_paths(fine), country_paths(coarse)
    vanished = fine_paths.keys() - coarse_paths.keys()
    assert vanished and vanished <= set(charts._load_world()["markers"])  # too small to draw: the marker stands for it
    assert coarse_paths.keys() <= fine_paths.keys()
    for iso3, path in coarse_paths.items():
        rings = subpaths(path.attrib["d"])
        points = [point for ring in rings for point in ring]
        assert all(x == round(x) and y == round(y) for x, y in points), iso3
        # Every vertex lies within a pixel of the finely drawn shape's extent.
        fine_points = [point for ring in subpaths(fine_paths[iso3].attrib["d"]) for point in ring]
        for axis in (0, 1):
            assert min(p[axis] for p in points) >= min(p[axis] for p in fine_points) - 1, iso3
            assert max(p[axis] for p in points) <= max(p[axis] for p in fine_points) + 1, iso3
    assert len(draw_map(width=640, grain=1.0)) < 0.6 * len(draw_map(width=640))


def test_equal_earth_matches_published_extents() -> None:
    assert equal_earth(0, 0) == (0, 0)
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.3174, abs=1e-4)
    x, y = equal_earth(-45, -30)
    assert (x, y) == pytest.approx(tuple(-v for v in equal_earth(45, 30)))


def test_map_golden() -> None:
    status = {"FRA": "party", "BRA": "party", "USA": "signatory", "IND": "none", "TUV": "party", "FJI": "signatory"}
    assert_golden("charts/world_map_small.svg", draw_map(status, width=480, title="Golden map", not_applicable_label="n/a"))


# --- timeline -------------------------------------------------------------------------------------

MANY = [(date(2013, 7, 2) + timedelta(days=40 * i), i + 1) for i in range(60)]


def last_values(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text") if element.get("class") == "last-value"]


def test_timeline_with_no_points_draws_empty_axes() -> None:
    root = parse(timeline_svg([], series_label="Parties", title="Nothing yet"))
    assert not list(root.iter(f"{SVG}circle"))
    assert last_values(root) == []
    assert root.find(f"{SVG}desc").text == "Parties"
    assert not any(re.fullmatch(r"\d{4}", text) for text in texts(root))


def test_timeline_with_one_point_shows_it() -> None:
    root = parse(timeline_svg([(date(2014, 12, 24), 61)], series_label="Parties", title="One"))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert last_values(root) == ["61"]
    assert root.find(f"{SVG}desc").text == "Parties: 61 (2014-12-24)"


def test_timeline_with_many_points_steps_at_each_event() -> None:
    root = parse(timeline_svg(list(reversed(MANY)), series_label="Parties", title="Many"))
    [line] = [path for path in root.iter(f"{SVG}path") if path.get("fill") == "none"]
    assert line.attrib["d"].count("V") == len(MANY) - 1
    assert last_values(root) == ["60"]
    years = [text for text in texts(root) if re.fullmatch(r"\d{4}", text)]
    assert years == sorted(years) and years[0] == "2014" and "2019" in years


def test_timeline_until_extends_the_last_step() -> None:
    root = parse(timeline_svg(MANY[:3], series_label="Parties", title="Until", until=date(2020, 1, 1)))
    [line] = [path for path in root.iter(f"{SVG}path") if path.get("fill") == "none"]
    last_x = float(line.attrib["d"].rsplit("H", 1)[1])
    assert last_x == pytest.approx(960 - 56)
    assert "2020" in texts(root)


def test_timeline_extra_series_get_their_own_style_and_legend() -> None:
    extra = {"In force": [(day + timedelta(days=90), count) for day, count in MANY]}
    svg = timeline_svg(MANY, series_label="Parties", title="Two", extra_series=extra)
    root = parse(svg)
    lines = [path for path in root.iter(f"{SVG}path") if path.get("fill") == "none"]
    assert len(lines) == 2 and "stroke-dasharray" in lines[1].attrib and "stroke-dasharray" not in lines[0].attrib
    assert {"Parties", "In force"} <= set(texts(root))
    assert last_values(root) == ["60", "60"]


def test_timeline_end_labels_do_not_overlap() -> None:
    extra = {"In force": [(day, count - 1) for day, count in MANY]}
    root = parse(timeline_svg(MANY, series_label="Parties", title="Close", extra_series=extra))
    ys = sorted(float(text.attrib["y"]) for text in root.iter(f"{SVG}text") if text.get("class") == "last-value")
    assert ys[1] - ys[0] >= 13


def test_timeline_escapes_hostile_labels() -> None:
    root = parse(timeline_svg(MANY, series_label=HOSTILE, title=HOSTILE, extra_series={HOSTILE + "2": MANY}))
    assert root.find(f"{SVG}title").text == HOSTILE
    assert HOSTILE in texts(root) and HOSTILE + "2" in texts(root)


def test_timeline_rtl_right_aligns_text_and_keeps_time_left_to_right() -> None:
    root = parse(timeline_svg(MANY, series_label="الدول الأطراف", title="الدول الأطراف في المعاهدة", rtl=True))
    assert root.attrib["direction"] == "rtl"
    title = next(text for text in root.iter(f"{SVG}text") if text.text == "الدول الأطراف في المعاهدة")
    assert title.attrib["direction"] == "rtl" and float(title.attrib["x"]) > 900
    years = [float(text.attrib["x"]) for text in root.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", text.text or "")]
    assert years == sorted(years)


def test_timeline_is_deterministic() -> None:
    assert timeline_svg(MANY, series_label="P", title="T") == timeline_svg(MANY, series_label="P", title="T")


points_strategy = st.lists(
    st.tuples(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(min_value=0, max_value=10_000)),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(points=points_strategy, until=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_timeline_stays_inside_its_box_for_any_points(points: list[tuple[date, int]], until: date | None) -> None:
    root = parse(timeline_svg(points, series_label="s", title="t", until=until, width=600, height=300))
    numbers = [float(n) for path in root.iter(f"{SVG}path") for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    numbers += [float(c.attrib[a]) for c in root.iter(f"{SVG}circle") for a in ("cx", "cy")]
    assert all(math.isfinite(n) and -1 <= n <= 601 for n in numbers)


@settings(max_examples=60, deadline=None)
@given(title=st.text(), label=st.text())
def test_any_title_and_label_come_back_from_the_parser(title: str, label: str) -> None:
    root = parse(timeline_svg(MANY[:2], series_label=label, title=title, rtl=True))
    assert (root.find(f"{SVG}title").text or "") == charts._NOT_XML.sub("\ufffd", title)
    assert charts._NOT_XML.sub("\ufffd", label) in [*texts(root), ""]


def test_timeline_golden() -> None:
    extra = {"In force": [(date(2014, 12, 24), 61), (date(2015, 6, 1), 70)]}
    points = [(date(2013, 7, 2), 1), (date(2014, 6, 3), 31), (date(2014, 12, 23), 61), (date(2015, 3, 1), 70)]
    assert_golden(
        "charts/" + "timeline_small.svg",
        timeline_svg(
            points,
            series_label="Parties",
            title="Golden timeline",
            extra_series=extra,
            until=date(2016, 1, 1),
            width=480,
            height=240,
        ),
    )


# --- escaping -------------------------------------------------------------------------------------


@given(st.text())
def test_escaped_text_round_trips_through_an_xml_parser(text: str) -> None:
    escaped = xml_escape(text)
    element = ET.fromstring(f'<t a="{escaped}">{escaped}</t>')
    expected = charts._NOT_XML.sub("\ufffd", text)
    assert element.attrib["a"] == expected
    assert (element.text or "") == expected
