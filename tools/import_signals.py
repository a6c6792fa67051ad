"""Add the public readiness signals from ../shared/reference to `data/` (run once, kept for provenance).

- `unga-att-votes.csv` → one file per recorded vote in `data/votes/` (rewritten whole);
- `un-development-groups.csv` → `development_groups` in each state file, edited in place
  through the round-trip document (comments and layout kept), just before `treaty`;
- the sources both cite → `data/dataset.yaml`, after `un-m49`.

    python tools/import_signals.py ../shared/reference data

Like tools/import_reference.py, the dataset is the source of truth once written: later changes
are made to the YAML files. Re-running the script gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from att_univ.data.key_order import STATE_KEYS, place
from att_univ.data.yamlio import atomic_write, dump_round_trip, flow_sequence, load_round_trip, new_mapping

VOTE_SCHEMA = "../../schemas/vote.schema.json"
GROUPS_SOURCE = "un-m49-development-groups"
VOTES_SOURCE = "undl-voting-records"
COMMITTEE_SOURCE = "visionscarto-un-session-70"
ADOPTION_PRESS = "un-press-ga-11354"

SOURCES: dict[str, dict[str, Any]] = {
    GROUPS_SOURCE: {
        "title": "UN M49 standard: Least Developed Countries, Landlocked Developing Countries, Small Island Developing States",
        "publisher": "United Nations Statistics Division",
        "url": "https://unstats.un.org/unsd/methodology/m49/",
        "note": "As collected by the public-domain datasets/country-codes package.",
    },
    VOTES_SOURCE: {
        "title": "UN Digital Library: voting records of the General Assembly on its ATT resolutions, 2006 to 2021",
        "publisher": "United Nations Dag Hammarskjöld Library",
        "url": "https://digitallibrary.un.org/",
        "note": "One voting record per resolution, linked from each vote file; non-voting states are recorded as absent.",
    },
    COMMITTEE_SOURCE: {
        "title": "visionscarto/un-session-70: recorded votes of the General Assembly's 70th session (First Committee, draft A/C.1/70/L.54)",
        "publisher": "visionscarto",
        "note": "Cross-checked state by state against a second collection.",
    },
    ADOPTION_PRESS: {
        "title": "UN press release GA/11354: the General Assembly adopts the Arms Trade Treaty (154 in favour, 3 against, 23 abstentions)",
        "publisher": "United Nations Department of Public Information",
        "url": "https://press.un.org/en/2013/ga11354.doc.htm",
        "date": dt.date(2013, 4, 2),
    },
}
# What each resolution does for the treaty (the reference README names them): the three
# "Towards an arms trade treaty" resolutions, the adoption, and the ATT resolutions since 2012.
ADOPTION = "A/RES/67/234 B"
TOWARDS = {"A/RES/61/89", "A/RES/63/240", "A/RES/64/48"}


def vote_id(symbol: str) -> str:
    """`A/RES/67/234 B` → `a-res-67-234-b`."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def vote_document(symbol: str, rows: list[dict[str, str]]) -> Any:
    first = rows[0]
    doc = new_mapping()
    doc["id"] = vote_id(symbol)
    doc["symbol"] = symbol
    doc["body"] = first["body"]
    doc["subject"] = "adoption" if symbol == ADOPTION else "towards-a-treaty" if symbol in TOWARDS else "treaty"
    if re.fullmatch(r"\d{4}-\d{2}", first["date"]):
        doc["date"] = dt.date.fromisoformat(first["date"] + "-01")
        doc["date_precision"] = "month"
    else:
        doc["date"] = dt.date.fromisoformat(first["date"])
    sources = [VOTES_SOURCE]
    if first["record"].startswith("https://"):
        doc["record"] = first["record"]
    else:
        sources = [COMMITTEE_SOURCE]
        doc["note"] = f"The First Committee's recorded vote; the source ({first['record']}) gives the month, not the day."
    if symbol == ADOPTION:
        sources.append(ADOPTION_PRESS)
    counted = Counter(row["vote"] for row in rows)
    totals = new_mapping()
    for cast in ("yes", "no", "abstain", "absent"):
        totals[cast] = counted[cast]
    totals.fa.set_flow_style()
    doc["totals"] = totals
    doc["sources"] = flow_sequence(sources)
    votes = []
    for row in sorted(rows, key=lambda r: r["iso3"]):
        item = new_mapping()
        item["state"] = row["iso3"]
        item["vote"] = row["vote"]
        item["name_as_recorded"] = row["name_as_recorded"]
        item.fa.set_flow_style()
        votes.append(item)
    doc["votes"] = votes
    return doc


def groups_mapping(row: dict[str, str]) -> Any:
    groups = new_mapping()
    for key in ("ldc", "lldc", "sids"):
        groups[key] = row[key] == "yes"
    groups["sources"] = flow_sequence([GROUPS_SOURCE])
    return groups


def add_sources(meta_path: Path) -> None:
    doc = load_round_trip(meta_path.read_text(encoding="utf-8"))
    sources = doc["sources"]
    keys = list(sources)
    after = keys.index("un-m49") + 1 if "un-m49" in keys else len(keys)
    for offset, (key, fields) in enumerate(SOURCES.items()):
        value = new_mapping()
        value.update(fields)
        if key in sources:
            sources[key] = value
        else:
            sources.insert(after + offset, key, value)
    atomic_write(meta_path, dump_round_trip(doc))  # the modeline is a comment the round trip keeps


def main(reference: Path, data: Path) -> None:
    by_symbol: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader((reference / "unga-att-votes.csv").open(encoding="utf-8")):
        by_symbol.setdefault(row["resolution"], []).append(row)
    (data / "votes").mkdir(exist_ok=True)
    for symbol, rows in by_symbol.items():
        text = f"# yaml-language-server: $schema={VOTE_SCHEMA}\n" + dump_round_trip(vote_document(symbol, rows))
        atomic_write(data / "votes" / f"{vote_id(symbol)}.yaml", text)

    for row in csv.DictReader((reference / "un-development-groups.csv").open(encoding="utf-8")):
        path = data / "states" / f"{row['iso3'].lower()}.yaml"
        doc = load_round_trip(path.read_text(encoding="utf-8"))
        place(doc, "development_groups", groups_mapping(row), STATE_KEYS)
        atomic_write(path, dump_round_trip(doc))
    add_sources(data / "dataset.yaml")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
