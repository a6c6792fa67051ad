"""Build att_univ/assets/world-50m.json from the npm package world-atlas.

Usage (from the repository root):

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    .venv/bin/python tools/build_world_assets.py /tmp/package

The asset holds, per ISO 3166 alpha-3 code, polygon rings already decoded
from the TopoJSON arcs, simplified, split at the antimeridian and rounded to
0.01 degree, so that drawing a map needs only a projection. pycountry is
needed here only, for the numeric -> alpha-3 table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from collections import defaultdict
from pathlib import Path

import pycountry

Point = tuple[float, float]
Ring = list[Point]

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "att_univ" / "assets" / "world-50m.json"
SIMPLIFY_TOLERANCE_DEG = 0.05
PRECISION = 100  # stored coordinates are integer hundredths of a degree
MERIDIAN_STEP_DEG = 1.0
# States smaller than this get a circle marker: below it a state covers
# only a few pixels on a 960-pixel-wide world map.
TINY_AREA_KM2 = 15_000
KM_PER_DEGREE = 111.195

# Natural Earth draws some areas without an ISO code. UN maps, which the
# treaty's depositary follows, show these as part of the state named here.
MERGE_INTO_STATE = {"Somaliland": "SOM", "N. Cyprus": "CYP"}


def main() -> None:
    """Read world-atlas, write the compact asset and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path, help="unpacked world-atlas npm package")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    version = json.loads((args.package_dir / "package.json").read_text())["version"]
    countries, others = shapes_from_topology(args.package_dir / "countries-50m.json", SIMPLIFY_TOLERANCE_DEG)
    detailed, _ = shapes_from_topology(args.package_dir / "countries-50m.json", 0.0)
    fallback, _ = shapes_from_topology(args.package_dir / "countries-10m.json", 0.0)
    markers = marker_points(detailed, fallback)
    countries = quantise_areas(countries)
    asset = {
        "source": f"world-atlas@{version} countries-50m.json (Natural Earth 1:50m)",
        "precision": PRECISION,
        "countries": {key: encode_rings(rings) for key, rings in sorted(countries.items())},
        "others": {key: encode_rings(rings) for key, rings in sorted(quantise_areas(others).items())},
        "markers": {key: [round(x * PRECISION), round(y * PRECISION)] for key, (x, y) in sorted(markers.items())},
    }
    args.out.write_text(dump_asset(asset), encoding="utf-8")
    points = sum(len(r) for rings in countries.values() for r in rings) // 2
    print(
        f"{args.out}: {args.out.stat().st_size} bytes, {len(countries)} countries, "
        f"{len(others)} other areas, {len(markers)} markers, {points} points"
    )
    print("markers only, no shape at 1:50m:", ", ".join(sorted(set(markers) - set(countries))))


def shapes_from_topology(path: Path, tolerance: float) -> tuple[dict[str, list[Ring]], dict[str, list[Ring]]]:
    """Return flat rings per alpha-3 code, and per name for areas without a code."""
    topology = json.loads(path.read_text())
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
    ring_arcs_by_key: dict[str, list[list[int]]] = defaultdict(list)
    features_by_key: dict[str, int] = defaultdict(int)
    coded_keys = set()
    for geometry in topology["objects"]["countries"]["geometries"]:
        key, coded = feature_key(geometry)
        if coded:
            coded_keys.add(key)
        features_by_key[key] += 1
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        ring_arcs_by_key[key].extend(ring for polygon in polygons for ring in polygon)

    countries: dict[str, list[Ring]] = {}
    others: dict[str, list[Ring]] = {}
    for key, ring_arcs in ring_arcs_by_key.items():
        if features_by_key[key] > 1:
            ring_arcs = dissolve_shared_arcs(ring_arcs, arcs)
        target = countries if key in coded_keys else others
        target[key] = [piece for ring in ring_arcs for piece in flat_rings(join_arcs(ring, arcs))]
    return countries, others


def quantise_areas(areas: dict[str, list[Ring]]) -> dict[str, list[list[tuple[int, int]]]]:
    """Round every ring, leaving out areas too small to keep any ring."""
    rounded = {key: [q for ring in rings if (q := quantise(ring))] for key, rings in areas.items()}
    return {key: rings for key, rings in rounded.items() if rings}


def feature_key(geometry: dict) -> tuple[str, bool]:
    """Name a feature by its alpha-3 code, its merge target, or else its own name; say whether it is a code."""
    if "id" in geometry:
        return pycountry.countries.get(numeric=geometry["id"]).alpha_3, True
    name = geometry["properties"]["name"]
    return MERGE_INTO_STATE.get(name, name), name in MERGE_INTO_STATE


def decode_arcs(topology: dict) -> list[Ring]:
    """Undo TopoJSON's delta encoding and quantisation."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def simplify(arc: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on one arc, so that neighbours share the same simplified border."""
    unwrapped = unwrap(arc)
    if len(arc) < 3 or tolerance == 0:
        return arc
    if unwrapped[0] == unwrapped[-1]:
        # A closed arc has no baseline: split it at its farthest point.
        far = max(range(len(arc)), key=lambda i: math.dist(unwrapped[0], unwrapped[i]))
        keep = douglas_peucker(unwrapped, 0, far, tolerance) + douglas_peucker(unwrapped, far, len(arc) - 1, tolerance)[1:]
    else:
        keep = douglas_peucker(unwrapped, 0, len(arc) - 1, tolerance)
    return [arc[i] for i in keep]


def douglas_peucker(points: Ring, first: int, last: int, tolerance: float) -> list[int]:
    """Indices kept between first and last inclusive (iterative, so long arcs cannot overflow the stack)."""
    kept = {first, last}
    stack = [(first, last)]
    while stack:
        start, end = stack.pop()
        farthest, distance = None, tolerance
        for i in range(start + 1, end):
            d = segment_distance(points[i], points[start], points[end])
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            kept.add(farthest)
            stack.extend([(start, farthest), (farthest, end)])
    return sorted(kept)


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length_squared))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def unwrap(points: Ring) -> Ring:
    """Make longitudes continuous, so a step across +-180 becomes a small step."""
    if not points:
        return []
    out = [points[0]]
    for x, y in points[1:]:
        previous_x = out[-1][0]
        step = (x - previous_x + 180) % 360 - 180
        out.append((previous_x + step, y))
    return out


def dissolve_shared_arcs(ring_arcs: list[list[int]], arcs: list[Ring]) -> list[list[int]]:
    """Merge features of one state: drop the borders they share and re-link the rest into rings."""
    used = {arc for ring in ring_arcs for arc in ring}
    outer = [arc for ring in ring_arcs for arc in ring if ~arc not in used]
    by_start: dict[Point, list[int]] = defaultdict(list)
    for arc in outer:
        by_start[arc_points(arc, arcs)[0]].append(arc)
    rings = []
    remaining = list(outer)
    while remaining:
        ring = [remaining.pop(0)]
        by_start[arc_points(ring[0], arcs)[0]].remove(ring[0])
        while arc_points(ring[-1], arcs)[-1] != arc_points(ring[0], arcs)[0]:
            following = by_start[arc_points(ring[-1], arcs)[-1]].pop(0)
            remaining.remove(following)
            ring.append(following)
        rings.append(ring)
    return rings


def arc_points(arc: int, arcs: list[Ring]) -> Ring:
    """The points of an arc, reversed when TopoJSON references it with ~index."""
    return arcs[arc] if arc >= 0 else arcs[~arc][::-1]


def join_arcs(ring: list[int], arcs: list[Ring]) -> Ring:
    """Concatenate a ring's arcs, dropping the point each shares with the next."""
    points: Ring = []
    for arc in ring:
        segment = arc_points(arc, arcs)
        points.extend(segment[1:] if points else segment)
    return points


def flat_rings(ring: Ring) -> list[Ring]:
    """Cut a ring at +-180 degrees so it draws in a flat projection."""
    unwrapped = unwrap(ring)
    turn = unwrapped[-1][0] - unwrapped[0][0]
    if abs(turn) > 180:
        # The ring goes round a pole: close it along that pole.
        pole = -90.0 if sum(y for _, y in ring) < 0 else 90.0
        unwrapped = [*unwrapped, (unwrapped[-1][0], pole), (unwrapped[0][0], pole), unwrapped[0]]
    xs = [x for x, _ in unwrapped]
    copies = [unwrapped]
    if max(xs) > 180:
        copies.append([(x - 360, y) for x, y in unwrapped])
    if min(xs) < -180:
        copies.append([(x + 360, y) for x, y in unwrapped])
    pieces = [clip_to_world(copy) for copy in copies]
    return [densify_meridian_edges(piece) for piece in pieces if len(piece) >= 3]


def clip_to_world(ring: Ring) -> Ring:
    """Sutherland-Hodgman clip to -180 <= x <= 180 (even-odd filling keeps holes right)."""
    return clip_half_plane(clip_half_plane(ring, 180.0, 1), -180.0, -1)


def clip_half_plane(ring: Ring, edge: float, side: int) -> Ring:
    """Keep the part of a closed ring where side * x <= side * edge."""

    def inside(p: Point) -> bool:
        return side * p[0] <= side * edge

    out: Ring = []
    for current, following in edges(ring):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            t = (edge - current[0]) / (following[0] - current[0])
            out.append((edge, current[1] + t * (following[1] - current[1])))
    return out


def densify_meridian_edges(ring: Ring) -> Ring:
    """Add points along cuts at +-180 degrees, which the projection draws curved."""
    out: Ring = []
    for current, following in edges(ring):
        out.append(current)
        if abs(current[0]) == 180 and current[0] == following[0]:
            steps = int(abs(following[1] - current[1]) / MERIDIAN_STEP_DEG)
            for i in range(1, steps):
                out.append((current[0], current[1] + (following[1] - current[1]) * i / steps))
    return out


def quantise(ring: Ring) -> list[tuple[int, int]]:
    """Round to the stored precision; return [] when nothing with an area is left."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x * PRECISION), round(y * PRECISION))
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out if len(out) >= 3 and planar_area(out) != 0 else []


def edges(ring: list[Point] | list[tuple[int, int]]) -> zip:
    """Each point with the next, the last with the first."""
    return zip(ring, ring[1:] + ring[:1], strict=True)


def planar_area(ring: list[tuple[float, float]]) -> float:
    """Signed shoelace area in squared coordinate units."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in edges(ring)) / 2


def ring_area_km2(ring: Ring) -> float:
    """Approximate area, good enough to tell a small island state from a large one."""
    mean_latitude = sum(y for _, y in ring) / len(ring)
    return abs(planar_area(ring)) * KM_PER_DEGREE**2 * math.cos(math.radians(mean_latitude))


def centroid(ring: Ring) -> Point:
    """Area centroid of a ring."""
    area = planar_area(ring)
    cx = cy = 0.0
    for a, b in edges(ring):
        cross = a[0] * b[1] - b[0] * a[1]
        cx += (a[0] + b[0]) * cross
        cy += (a[1] + b[1]) * cross
    return cx / (6 * area), cy / (6 * area)


def marker_points(detailed: dict[str, list[Ring]], fallback: dict[str, list[Ring]]) -> dict[str, Point]:
    """Marker positions, from unsimplified shapes, for states too small to see or only in the 1:10m data."""
    markers = {}
    for key in sorted(set(detailed) | set(fallback)):
        rings = detailed.get(key) or fallback[key]
        if sum(map(ring_area_km2, rings)) < TINY_AREA_KM2:
            markers[key] = centroid(max(rings, key=lambda ring: abs(planar_area(ring))))
    return markers


def encode_rings(rings: list[list[tuple[int, int]]]) -> list[list[int]]:
    """Each ring flat: first point absolute, then deltas, which keeps the numbers short."""
    encoded = []
    for ring in rings:
        flat = list(ring[0])
        for a, b in itertools.pairwise(ring):
            flat.extend((b[0] - a[0], b[1] - a[1]))
        encoded.append(flat)
    return encoded


def dump_asset(asset: dict) -> str:
    """JSON with one area per line, so regenerated assets give readable diffs."""
    lines = ["{"]
    for name in ("source", "precision"):
        lines.append(f"{json.dumps(name)}:{json.dumps(asset[name])},")
    for section in ("countries", "others", "markers"):
        entries = [f"{json.dumps(k)}:{json.dumps(v, separators=(',', ':'))}" for k, v in asset[section].items()]
        lines.append(f"{json.dumps(section)}:{{\n" + ",\n".join(entries) + "\n}" + ("," if section != "markers" else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
