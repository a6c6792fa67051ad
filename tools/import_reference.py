"""Seed `data/` from the reference tables in ../shared/reference (run once, kept for provenance).

The dataset, not this script, is the source of truth once seeded: later changes are made to
the YAML files and reviewed in pull requests. Re-running the script overwrites the state and
region files it writes, so run it only to rebuild a dataset from scratch.

    python tools/import_reference.py ../shared/reference data

Needs pycountry (ISO 3166 alpha-2 and numeric codes) besides attu's own dependencies.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pycountry
from ruamel.yaml.comments import CommentedMap

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from att_univ.data.yamlio import atomic_write, dump_round_trip, flow_sequence

STATE_SCHEMA = "../../schemas/state.schema.json"
REGION_SCHEMA = "../../schemas/region.schema.json"
DATASET_SCHEMA = "../schemas/dataset.schema.json"
AS_OF = dt.date(2026, 2, 3)

SOURCES: dict[str, dict[str, Any]] = {
    "untc-status-2026": {
        "title": "Status of the Arms Trade Treaty (MTDSG chapter XXVI-8), status as at 3 February 2026",
        "publisher": "United Nations Treaty Collection",
        "url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=IND&mtdsg_no=XXVI-8&chapter=26&lang=en",
        "date": dt.date(2026, 2, 3),
        "note": "The depositary's own record: signatures, deposits with their instruments, declarations and end notes.",
    },
    "untc-xml-2023": {
        "title": "MTDSG chapter XXVI-8, XML edition (English), when it counted 113 parties",
        "publisher": "United Nations Treaty Collection",
        "url": "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-8.en.xml",
    },
    "untc-xml-2023-fr": {
        "title": "MTDSG chapter XXVI-8, XML edition (French), when it counted 113 parties",
        "publisher": "United Nations Treaty Collection",
    },
    "untc-signatures-2013": {
        "title": "UNTC list of signatures of the Arms Trade Treaty, June 2013 extract",
        "publisher": "United Nations Treaty Collection (extract in zmjones/untreaties)",
        "note": "Attests signatures only.",
    },
    "unts-52373": {
        "title": "UN Treaty Series registration no. 52373 (Arms Trade Treaty): actions and dates of effect",
        "publisher": "United Nations Treaty Series",
        "url": "https://treaties.un.org/Pages/showDetails.aspx?clang=_en&objid=08000002803628c4",
    },
    "mondiale-2026": {
        "title": "A 2026 listing of ATT statuses by year, scraped from UNTC (ikethepike/mondiale)",
        "note": "Attests each state's status and the year of its action, not the day.",
    },
    "afp-2014-09-25": {
        "title": "AFP (marine-oceans.com): eight ratifications deposited on 25 September 2014",
        "publisher": "Agence France-Presse",
        "date": dt.date(2014, 9, 25),
    },
    "ap-2014-04-02": {
        "title": "AP, SBS and the Croatian foreign ministry (mvep.gov.hr): 18 ratifications deposited at a ceremony on 2 April 2014",
        "publisher": "Associated Press; SBS; Ministry of Foreign and European Affairs of Croatia",
        "date": dt.date(2014, 4, 2),
    },
    "controlarms-2014-12": {
        "title": "Control Arms blog, December 2014: the newest signatories before entry into force",
        "publisher": "Control Arms",
    },
    "controlarms-blog": {
        "title": "Control Arms blog posts on individual deposits",
        "publisher": "Control Arms",
    },
    "unrcpd-2013-09-26": {
        "title": "UNRCPD news, 26 September 2013: signatures at the high-level event of 25 September 2013",
        "publisher": "UN Regional Centre for Peace and Disarmament in Asia and the Pacific",
        "date": dt.date(2013, 9, 26),
    },
    "colombia-laws": {
        "title": "Colombia, Ley 1782 de 2016 and Ley 2289 de 2023 (texts)",
        "publisher": "Republic of Colombia",
    },
    "armscontrol-2019-05": {
        "title": "Arms Control Today, May 2019: the United States announces it will not ratify the ATT (announcement of 26 April 2019)",
        "publisher": "Arms Control Association",
    },
    "ecuador-assembly-2025-12": {
        "title": "Ecuavisa and Expreso reports: the National Assembly approves accession to the ATT (17 December 2025, 143 votes)",
        "publisher": "ecuavisa.com; expreso.ec",
        "date": dt.date(2025, 12, 17),
    },
    "ecuador-decree-2026-01": {
        "title": "El Universo and El Diario reports: Executive Decree 293 of 23 January 2026 on accession to the ATT",
        "publisher": "eluniverso.com; eldiario.ec",
        "date": dt.date(2026, 1, 23),
    },
    "wgtu-csp9-report": {
        "title": "ATT Working Group on Treaty Universalization: co-chairs' draft report to CSP9 (ATT/CSP9.WGTU/2023/CHAIR/<no>/Conf.Rep)",
        "publisher": "Arms Trade Treaty Secretariat",
        "date": dt.date(2023, 7, 21),
        "note": "Original in English; the Arabic edition was used.",
    },
    "iso-3166": {
        "title": "ISO 3166-1 country codes (alpha-2, alpha-3, numeric), as packaged by pycountry",
        "publisher": "International Organization for Standardization",
    },
    "un-m49": {
        "title": "Standard country or area codes for statistical use (M49)",
        "publisher": "United Nations Statistics Division",
        "url": "https://unstats.un.org/unsd/methodology/m49/",
    },
    "un-regional-groups": {
        "title": "United Nations regional groups of Member States",
        "publisher": "UN Department for General Assembly and Conference Management",
        "url": "https://www.un.org/dgacm/en/content/regional-groups",
    },
    "asean-members": {"title": "ASEAN member states; Timor-Leste admitted on 26 October 2025", "publisher": "ASEAN"},
    "ecowas-members": {
        "title": "ECOWAS member states; the withdrawal of Burkina Faso, Mali and Niger took effect on 29 January 2025",
        "publisher": "ECOWAS",
    },
    "sadc-members": {"title": "SADC member states; Comoros a member since 20 August 2017", "publisher": "SADC"},
    "caricom-members": {"title": "CARICOM full members (sovereign states)", "publisher": "CARICOM"},
    "pif-members": {"title": "Pacific Islands Forum members", "publisher": "Pacific Islands Forum"},
    "sica-members": {"title": "Central American Integration System (SICA) member states", "publisher": "SICA"},
    "eu-members": {
        "title": "Member states of the European Union",
        "publisher": "European Union",
        "note": "27 members since the United Kingdom's withdrawal on 31 January 2020; Croatia joined on 1 July 2013.",
    },
}

PRESS = [  # (text in source_notes, source id, which fact it attests)
    ("marine-oceans.com (AFP): 8 ratifications 25 Sep 2014", "afp-2014-09-25", "deposit"),
    ("marine-oceans.com (AFP)", "afp-2014-09-25", "signature"),
    ("AP/SBS/mvep.gov.hr: 18 ratifications at 2 Apr 2014 ceremony", "ap-2014-04-02", "deposit"),
    ("controlarms.org blog Dec 2014: among newest signatories", "controlarms-2014-12", "signature"),
    ("UNRCPD news 26 Sep 2013: signed at 25 Sep 2013 high-level event", "unrcpd-2013-09-26", "signature"),
    ("controlarms.org blog", "controlarms-blog", "deposit"),
    ("Colombian Ley 1782/2016 & Ley 2289/2023 texts", "colombia-laws", "deposit"),
]

DECLARATIONS = {
    "BEL": [
        (
            "declaration",
            dt.date(2013, 6, 7),
            "Belgium declared that its signature also engages the Walloon Region, the Flemish Region and the Brussels-Capital Region.",
            ["untc-status-2026", "unts-52373"],
        )
    ],
    "CHN": [
        (
            "territorial-scope",
            None,
            "China declared that the treaty applies to the Hong Kong and Macao Special Administrative Regions.",
            ["untc-status-2026"],
        )
    ],
    "KAZ": [
        (
            "declaration",
            None,
            "Kazakhstan made a declaration on accession about the Russian term used for 'diversion' in Article 13(2).",
            ["untc-status-2026"],
        )
    ],
    "LIE": [("interpretative-declarations", None, "Liechtenstein made interpretative declarations.", ["untc-status-2026"])],
    "CHE": [("interpretative-declarations", None, "Switzerland made interpretative declarations.", ["untc-status-2026"])],
    "NZL": [
        ("interpretative-declarations", None, "New Zealand made interpretative declarations.", ["untc-status-2026"]),
        ("territorial-scope", None, "The ratification does not extend to Tokelau (depositary end note).", ["untc-status-2026"]),
    ],
    "DNK": [
        (
            "territorial-scope",
            None,
            "The approval does not apply to the Faroe Islands and Greenland until further notice (depositary end note).",
            ["untc-status-2026"],
        )
    ],
}

SINGLE_SOURCE_CAVEATS = {
    "NIU": "Only the UNTC status page attests this accession; the 2026 listing does not resolve Niue's name.",
    "VCT": "Only the UNTC status page attests this deposit; the 2026 listing does not resolve this state's name.",
    "WSM": "Only the UNTC status page attests this deposit; the 2026 listing does not resolve Samoa's name.",
}

UN_GROUPS = {
    "african": "African Group",
    "asia-pacific": "Asia-Pacific Group",
    "eastern-european": "Eastern European Group",
    "latin-american-caribbean": "Latin American and Caribbean Group",
    "western-european-others": "Western European and Others Group",
    "no-regional-group": "Not in a UN regional group",
}

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "asean",
        "name": "Association of Southeast Asian Nations (ASEAN)",
        "source": "asean-members",
        "members": [
            "BRN",
            "KHM",
            "IDN",
            "LAO",
            "MYS",
            "MMR",
            "PHL",
            "SGP",
            "THA",
            "VNM",
            {"state": "TLS", "since": dt.date(2025, 10, 26), "note": "Admitted as the eleventh member."},
        ],
    },
    {
        "slug": "ecowas",
        "name": "Economic Community of West African States (ECOWAS)",
        "source": "ecowas-members",
        "members": ["BEN", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "NGA", "SEN", "SLE", "TGO"]
        + [
            {"state": code, "until": dt.date(2025, 1, 29), "note": "Withdrawal took effect on 29 January 2025."}
            for code in ("BFA", "MLI", "NER")
        ],
    },
    {
        "slug": "sadc",
        "name": "Southern African Development Community (SADC)",
        "source": "sadc-members",
        "members": [
            "AGO",
            "BWA",
            {"state": "COM", "since": dt.date(2017, 8, 20)},
            "COD",
            "SWZ",
            "LSO",
            "MDG",
            "MWI",
            "MUS",
            "MOZ",
            "NAM",
            "SYC",
            "ZAF",
            "TZA",
            "ZMB",
            "ZWE",
        ],
    },
    {
        "slug": "caricom",
        "name": "Caribbean Community (CARICOM)",
        "source": "caricom-members",
        "description": "The 14 sovereign full members; Montserrat, a full member, is a territory of the United Kingdom.",
        "members": ["ATG", "BHS", "BRB", "BLZ", "DMA", "GRD", "GUY", "HTI", "JAM", "KNA", "LCA", "VCT", "SUR", "TTO"],
    },
    {
        "slug": "pacific-islands-forum",
        "name": "Pacific Islands Forum",
        "source": "pif-members",
        "description": "The 16 states among the Forum's 18 members; French Polynesia and New Caledonia are not states.",
        "members": [
            "AUS",
            "COK",
            "FJI",
            {
                "state": "KIR",
                "note": "Left the Forum in July 2022 and rejoined in February 2023; the exact days are not recorded here.",
            },
            "MHL",
            "FSM",
            "NRU",
            "NZL",
            "NIU",
            "PLW",
            "PNG",
            "WSM",
            "SLB",
            "TON",
            "TUV",
            "VUT",
        ],
    },
    {
        "slug": "sica",
        "name": "Central American Integration System (SICA)",
        "source": "sica-members",
        "members": ["BLZ", "CRI", "DOM", "SLV", "GTM", "HND", "NIC", "PAN"],
    },
    {
        "slug": "eu",
        "name": "European Union",
        "source": "eu-members",
        "description": "All 27 member states are States Parties. The EU ATT Outreach Project (fourth phase 2025-2028) works with states not yet party.",
        "members": [
            "AUT",
            "BEL",
            "BGR",
            {"state": "HRV", "since": dt.date(2013, 7, 1)},
            "CYP",
            "CZE",
            "DNK",
            "EST",
            "FIN",
            "FRA",
            "DEU",
            "GRC",
            "HUN",
            "IRL",
            "ITA",
            "LVA",
            "LTU",
            "LUX",
            "MLT",
            "NLD",
            "POL",
            "PRT",
            "ROU",
            "SVK",
            "SVN",
            "ESP",
            "SWE",
            {"state": "GBR", "until": dt.date(2020, 2, 1), "note": "Withdrew on 31 January 2020."},
        ],
    },
]


def split_notes(notes: str) -> list[str]:
    """Split source_notes on '; ' outside parentheses."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(notes):
        char = notes[i]
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and notes.startswith("; ", i):
            parts.append(current)
            current, i = "", i + 2
            continue
        current += char
        i += 1
    return [*parts, current]


def flow(items: list[str]) -> Any:
    return flow_sequence(list(dict.fromkeys(items)))


def state_document(row: dict[str, str]) -> CommentedMap:
    iso3 = row["iso3"]
    country = pycountry.countries.get(alpha_3=iso3)
    parts = split_notes(row["source_notes"])
    chain = parts[0].split("+")
    listed = "untc2026" in chain
    signature_sources, deposit_sources = [], []
    if listed:
        signature_sources.append("untc-status-2026")
        deposit_sources.append("untc-status-2026")
    if "mondiale2026(yr)" in chain:
        signature_sources.append("mondiale-2026")
        deposit_sources.append("mondiale-2026")
    if "untc2013(sig)" in chain:
        signature_sources.append("untc-signatures-2013")
    for xml, source in (("untc2023xml", "untc-xml-2023"), ("untc2023xml-fr", "untc-xml-2023-fr")):
        if xml in chain:
            signature_sources.append(source)
            if row["deposit_date"] and row["deposit_date"] <= "2023-02-15":
                deposit_sources.append(source)
    if "unts52373" in chain:
        signature_sources.append("unts-52373")
        deposit_sources.append("unts-52373")
    for part in parts[1:]:
        if part.startswith("press: "):
            text = part[len("press: ") :]
            for prefix, source, fact in PRESS:
                if text.startswith(prefix):
                    (signature_sources if fact == "signature" else deposit_sources).append(source)
                    break
            else:
                raise SystemExit(f"{iso3}: unknown press source {text!r}")

    doc = CommentedMap()
    doc["iso3"] = iso3
    doc["iso2"] = country.alpha_2
    doc["m49"] = country.numeric
    doc["name"] = row["name"]
    doc["un_member"] = row["un_member"] == "yes"
    doc["sources"] = flow(["iso-3166", "un-m49"])
    treaty = CommentedMap()
    if row["signature_date"]:
        treaty["signature"] = CommentedMap(date=dt.date.fromisoformat(row["signature_date"]), sources=flow(signature_sources))
    if row["deposit_date"]:
        deposit = CommentedMap(
            date=dt.date.fromisoformat(row["deposit_date"]), instrument=row["instrument"], sources=flow(deposit_sources)
        )
        if iso3 in SINGLE_SOURCE_CAVEATS:
            deposit["caveat"] = SINGLE_SOURCE_CAVEATS[iso3]
        treaty["deposit"] = deposit
        from_unts = "EIF matches UNTS date of effect" in parts
        eif = CommentedMap(date=dt.date.fromisoformat(row["entry_into_force_date"]))
        eif["basis"] = "unts-date-of-effect" if from_unts else "article-22"
        if from_unts:
            eif["sources"] = flow(["unts-52373"])
        treaty["entry_into_force"] = eif
    for part in parts:
        match = re.match(r"Art\.23 provisional application (\d{4}-\d{2}-\d{2})", part)
        if match:
            sources = ["untc-status-2026"] + (["unts-52373"] if "unts52373" in chain else [])
            treaty["provisional_application"] = CommentedMap(date=dt.date.fromisoformat(match[1]), sources=flow(sources))
    if iso3 in DECLARATIONS:
        declarations = []
        for kind, date, summary, sources in DECLARATIONS[iso3]:
            item = CommentedMap(kind=kind)
            if date:
                item["date"] = date
            item["summary"] = summary
            item["sources"] = flow(sources)
            declarations.append(item)
        treaty["declarations"] = declarations
    if iso3 == "USA":
        treaty["intent_not_to_become_party"] = CommentedMap(
            date=dt.date(2019, 7, 18),
            summary=(
                "The depositary received a communication that the United States does not intend to become a "
                "party and has no legal obligations arising from its signature. The depositary still lists the signature."
            ),
            sources=flow(["untc-status-2026"]),
        )
    for part in parts:
        match = re.match(r'UNTC name "(.+)"', part)
        if match:
            treaty["depositary_name"] = match[1]
    if treaty:
        doc["treaty"] = treaty
    extras = EXTRAS.get(iso3, {})
    for key in ("process", "challenges", "notes"):
        if key in extras:
            doc[key] = extras[key]
    return doc


def public(**fields: Any) -> CommentedMap:
    item = CommentedMap(fields)
    item["sensitivity"] = "public"
    if "sources" in item:
        item.move_to_end("sources")
    return item


WGTU_MEETING_1 = dt.date(2023, 2, 15)
EXTRAS: dict[str, dict[str, list[CommentedMap]]] = {
    "ECU": {
        "process": [
            public(
                stage="parliament-approved",
                date=dt.date(2025, 12, 17),
                instrument="accession",
                summary="The National Assembly approved accession to the treaty (143 votes).",
                sources=flow(["ecuador-assembly-2025-12"]),
            ),
            public(
                stage="complete",
                date=dt.date(2026, 1, 23),
                instrument="accession",
                summary=(
                    "Executive Decree 293 completed the domestic process. The instrument of accession is not "
                    "on the depositary's status page of 3 February 2026; no deposit date is known."
                ),
                sources=flow(["ecuador-decree-2026-01"]),
            ),
        ],
        "notes": [
            public(
                text="A 2026 listing of UNTC statuses shows Ecuador as a party in 2026, without a deposit date.",
                sources=flow(["mondiale-2026"]),
            ),
        ],
    },
    "GMB": {
        "process": [
            public(
                stage="intention-declared",
                date=WGTU_MEETING_1,
                summary="Told the first WGTU meeting of the CSP9 cycle that it was about to ratify the treaty.",
                sources=flow(["wgtu-csp9-report"]),
            ),
        ],
        "challenges": [
            public(
                summary="Identified possible gaps between its national laws and the implementation of the treaty.",
                date=WGTU_MEETING_1,
                sources=flow(["wgtu-csp9-report"]),
            ),
        ],
    },
    "COM": {
        "process": [
            public(
                stage="intention-declared",
                date=WGTU_MEETING_1,
                summary="Told the first WGTU meeting of the CSP9 cycle that it would ratify once the conditions are met.",
                sources=flow(["wgtu-csp9-report"]),
            ),
        ],
    },
    "USA": {
        "notes": [
            public(
                text="The President of the United States announced on 26 April 2019 that the country would not ratify the treaty.",
                date=dt.date(2019, 4, 26),
                sources=flow(["armscontrol-2019-05"]),
            ),
        ],
    },
}


def region_document(
    slug: str,
    name: str,
    scheme: str,
    members: list[Any],
    sources: list[str],
    parent: str | None = None,
    description: str | None = None,
) -> CommentedMap:
    doc = CommentedMap(slug=slug, name=name, scheme=scheme)
    if parent:
        doc["parent"] = parent
    if description:
        doc["description"] = description
    doc["sources"] = flow(sources)
    rendered = []
    for member in members:
        if isinstance(member, str):
            rendered.append(member)
        else:
            item = CommentedMap(state=member["state"])
            for key in ("since", "until", "note"):
                if key in member:
                    item[key] = member[key]
            rendered.append(item)
    doc["members"] = rendered
    return doc


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def write(path: Path, schema: str, doc: CommentedMap) -> None:
    text = f"# yaml-language-server: $schema={schema}\n" + dump_round_trip(doc)
    atomic_write(path, text)


def main(reference: Path, data: Path) -> None:
    (data / "states").mkdir(parents=True, exist_ok=True)
    (data / "regions").mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader((reference / "att-status.csv").open(encoding="utf-8")))
    for row in rows:
        write(data / "states" / f"{row['iso3'].lower()}.yaml", STATE_SCHEMA, state_document(row))

    groups: dict[str, list[str]] = {}
    for row in csv.DictReader((reference / "un-regional-groups.csv").open(encoding="utf-8")):
        group = "no-regional-group" if row["un_regional_group"] == "none" else row["un_regional_group"]
        groups.setdefault(group, []).append(row["iso3"])
    for slug, name in UN_GROUPS.items():
        description = "Holy See, Cook Islands and Niue belong to no UN regional group." if slug == "no-regional-group" else None
        write(
            data / "regions" / f"{slug}.yaml",
            REGION_SCHEMA,
            region_document(
                slug, name, "un-regional-group", sorted(groups[slug]), ["un-regional-groups"], description=description
            ),
        )

    areas: dict[tuple[str, str, str | None], list[str]] = {}
    for row in csv.DictReader((reference / "m49-regions.csv").open(encoding="utf-8")):
        levels = [
            ("m49-region", row["m49_region"], None),
            ("m49-subregion", row["m49_subregion"], row["m49_region"]),
            ("m49-intermediate-region", row["m49_intermediate_region"], row["m49_subregion"]),
        ]
        for scheme, name, parent in levels:
            if name:
                areas.setdefault((scheme, name, parent), []).append(row["iso3"])
    for (scheme, name, parent), members in sorted(areas.items()):
        slug = slugify(name)
        write(
            data / "regions" / f"{slug}.yaml",
            REGION_SCHEMA,
            region_document(slug, name, scheme, sorted(members), ["un-m49"], parent=slugify(parent) if parent else None),
        )

    for org in ORGANISATIONS:
        write(
            data / "regions" / f"{org['slug']}.yaml",
            REGION_SCHEMA,
            region_document(
                org["slug"], org["name"], "organisation", org["members"], [org["source"]], description=org.get("description")
            ),
        )

    meta = CommentedMap(
        title="States that can join the Arms Trade Treaty, with their treaty record and universalization work",
        as_of=AS_OF,
        description=(
            "Treaty facts follow the depositary's status page as at 3 February 2026, cross-checked against the "
            "other sources cited. Counts by deposit: 117 States Parties and 25 signatories not yet party."
        ),
    )
    sources = CommentedMap()
    for key, value in SOURCES.items():
        sources[key] = CommentedMap(value)
    meta["sources"] = sources
    write(data / "dataset.yaml", DATASET_SCHEMA, meta)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
