"""Add each state's UN names (six languages, UNTERM) to `data/states/*.yaml` (run once, kept for provenance).

Reads `un-names.csv` from the reference folder and writes a `names:` block right after each
state's `name:` line, through the round-trip YAML document so comments and layout stay; adds
the source `unterm-names` to `data/dataset.yaml`. Re-running it rewrites the blocks from the CSV.

    python tools/import_un_names.py ../shared/reference data

UNTERM writes French and Spanish articles in brackets ("Gambie (la)"), English ones too
("Gambia (the)"), and marks non-member states with `*` and non-UN-members with `**`: the
markers are dropped, French and Spanish articles kept apart, other brackets kept as part of
the name ("Bolivie (État plurinational de)"), as UN documents print them.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from att_univ.data.key_order import STATE_KEYS, UN_NAME_KEYS, place
from att_univ.data.yamlio import atomic_write, dump_round_trip, flow_sequence, load_round_trip, new_mapping

SOURCE_ID = "unterm-names"
SOURCE = {
    "title": "United Nations Terminology Database (UNTERM): country short names in the six official languages",
    "publisher": "United Nations Department for General Assembly and Conference Management",
    "url": "https://unterm.un.org/",
    "note": "As collected by the public-domain datasets/country-codes package; Côte d'Ivoire and Türkiye entered from UNTERM by hand.",
}
ARTICLES = {"fr": ("le", "la", "l'", "les"), "es": ("el", "la", "los", "las"), "en": ("the",)}
_BRACKET = re.compile(r"^(?P<name>.*?)\s*\((?P<inside>[^)]*)\)$")


def split_name(lang: str, unterm_short: str) -> tuple[str, str | None]:
    """The name without UNTERM's markers, and its article where UNTERM gives one in brackets."""
    name = unterm_short.rstrip("* ").strip()
    match = _BRACKET.match(name)
    if match and match["inside"] in ARTICLES.get(lang, ()):
        return match["name"], match["inside"]
    return name, None


def main(reference: Path, data: Path) -> None:
    rows: dict[str, dict[str, tuple[str, str | None]]] = {}
    with (reference / "un-names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["iso3"], {})[row["lang"]] = split_name(row["lang"], row["unterm_short"] or row["m49_name"])
    for path in sorted((data / "states").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        document = load_round_trip(text)
        found = rows.get(str(document["iso3"]))
        if found is None:
            raise SystemExit(f"{path}: no UN names for {document['iso3']} in un-names.csv")
        names = new_mapping()
        for key in UN_NAME_KEYS:
            lang, _, part = key.partition("_")
            if key == "sources":
                names[key] = flow_sequence([SOURCE_ID])
            elif part == "article":
                if found[lang][1] is not None:
                    names[key] = found[lang][1]
            else:
                names[key] = found[lang][0]
        place(document, "names", names, STATE_KEYS)
        new = (
            text.splitlines(keepends=True)[0] + dump_round_trip(document).split("\n", 1)[1]
            if text.startswith("#")
            else dump_round_trip(document)
        )
        if new != text:
            atomic_write(path, new)
    meta_path = data / "dataset.yaml"
    meta_text = meta_path.read_text(encoding="utf-8")
    meta = load_round_trip(meta_text)
    if SOURCE_ID not in meta["sources"]:
        entry = new_mapping()
        entry.update(SOURCE)
        meta["sources"][SOURCE_ID] = entry
        atomic_write(meta_path, dump_round_trip(meta))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
