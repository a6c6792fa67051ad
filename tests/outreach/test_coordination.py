"""Coordination findings (overlaps, gaps, overdue follow-ups, unpaired champions) on a small
fixture with dates passed in; the rules for actors and engagements; `attu coordinate` and
`attu engagements` on the fixture and on the bundled dataset."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from att_univ.core.problems import Problem
from att_univ.data.dataset import Dataset
from att_univ.data.loader import load_dataset
from att_univ.outreach.coordination import coordinate, months_before
from tests.conftest import DATA, run_cli
from tests.support.datasets import AS_OF, COORD, load_ok


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(COORD)


def with_engagements(dataset: Dataset, **engagements: dict) -> Dataset:
    """The fixture with engagements replaced or added (id → fields)."""
    from att_univ.data.models.engagement import Engagement

    records = dict(dataset.engagements)
    for key, fields in engagements.items():
        records[key] = Engagement.model_validate({"id": key, "kind": "meeting", "title": key, **fields})
    return dataclasses.replace(dataset, records={**dataset.records, "engagements": records})


# --- overlaps --------------------------------------------------------------------------------


def test_overlaps_are_pairs_sharing_a_state_but_no_actor_and_no_reference(fixture: Dataset) -> None:
    result = coordinate(fixture, AS_OF)
    pairs = [(o.first.id, o.second.id, o.states, o.days_apart) for o in result.overlaps]
    # e1/e3 share Signa but e3 refers to e1; e8 is planned but alone with Signc.
    assert pairs == [("e1-visit", "e2-meeting", ("XSA",), 8), ("e2-meeting", "e3-workshop", ("XSA",), 2)]
    why = result.overlaps[0].why
    assert why.startswith("Paxland (champion) and Network both engage Signa 8 days apart (20 January 2026: Champion visit")
    assert "neither record refers to the other" in why


def test_a_shared_actor_or_a_reference_is_coordination_not_overlap(fixture: Dataset) -> None:
    shared_actor = with_engagements(
        fixture, **{"e2-meeting": {"date": dt.date(2026, 1, 28), "actors": ("ngo", "champ-a"), "states": ("XSA",)}}
    )
    assert [(o.first.id, o.second.id) for o in coordinate(shared_actor, AS_OF).overlaps] == [("e2-meeting", "e3-workshop")]
    referring = with_engagements(
        fixture,
        **{
            "e2-meeting": {
                "date": dt.date(2026, 1, 28),
                "actors": ("ngo",),
                "states": ("XSA",),
                "references": ("e1-visit", "e3-workshop"),
            }
        },
    )
    assert coordinate(referring, AS_OF).overlaps == ()


def test_the_window_limits_both_the_period_and_the_distance(fixture: Dataset) -> None:
    narrow = coordinate(fixture, AS_OF, window_days=6)  # 28 January to 9 February: e1 (20 January) is out
    assert [(o.first.id, o.second.id) for o in narrow.overlaps] == [("e2-meeting", "e3-workshop")]
    assert (narrow.window_start, narrow.window_end) == (dt.date(2026, 1, 28), dt.date(2026, 2, 9))
    assert coordinate(fixture, AS_OF, window_days=5).overlaps == ()  # e2 (28 January) is out too
    # On 24 January with 7 days, all three are in the period, but e1 and e2 are 8 days apart.
    distance = coordinate(fixture, dt.date(2026, 1, 24), window_days=7)
    assert [(o.first.id, o.second.id) for o in distance.overlaps] == [("e2-meeting", "e3-workshop")]
    later = coordinate(fixture, dt.date(2026, 3, 20))  # 18 February to 19 April: only the planned visit
    assert later.overlaps == ()


def test_planned_engagements_overlap_too(fixture: Dataset) -> None:
    planned = with_engagements(fixture, **{"e9-planned": {"date": dt.date(2026, 2, 25), "actors": ("ngo",), "states": ("XSC",)}})
    overlaps = coordinate(planned, AS_OF).overlaps
    assert [(o.first.id, o.second.id) for o in overlaps][-1] == ("e8-planned", "e9-planned")
    assert overlaps[-1].first.planned and overlaps[-1].second.planned
    assert "20 February 2026 (planned)" in overlaps[-1].why


# --- gaps ------------------------------------------------------------------------------------


def test_gaps_are_tier_one_and_two_states_of_focus_regions_left_alone(fixture: Dataset) -> None:
    result = coordinate(fixture, AS_OF)
    assert [(g.iso3, g.tier) for g in result.gaps] == [("XSC", 1)]  # Signa and Nearia were engaged in January
    gap = result.gaps[0]
    assert gap.last is not None and gap.last.id == "e7-meeting"
    assert gap.planned is not None and gap.planned.id == "e8-planned"
    assert gap.why == (
        "Tier 1 (signatories) in the focus region Fixture Organisation (plan fix-plan). The last engagement with it was "
        "on 1 May 2025 (Meeting with Signc, by Network): none in the 6 months since 3 August 2025. One is planned for "
        "20 February 2026 (Planned visit to Signc)."
    )
    assert result.gap_since == dt.date(2025, 8, 3)


def test_gap_months_and_tiers(fixture: Dataset) -> None:
    long = coordinate(fixture, AS_OF, gap_months=10)  # since 3 April 2025: the May meeting counts
    assert long.gaps == ()
    short = coordinate(fixture, dt.date(2026, 3, 15), gap_months=1)  # the planned visit to Signc has happened
    assert [(g.iso3, g.tier) for g in short.gaps] == [("XSA", 1), ("XNA", 2)]  # Farland is tier 3
    assert short.gaps[0].why.endswith("none in the 1 month since 15 February 2026.")
    # Nearia reached tier 2 only when its parliament received the bill, on 1 September 2025.
    before = coordinate(fixture, dt.date(2025, 8, 15), gap_months=1)
    assert "XNA" not in [g.iso3 for g in before.gaps]


def test_no_plan_in_force_means_no_gaps(fixture: Dataset) -> None:
    result = coordinate(fixture, dt.date(2024, 12, 1))
    assert result.plans == () and result.gaps == ()


def test_a_state_never_engaged(fixture: Dataset) -> None:
    engagements = {k: v for k, v in fixture.engagements.items() if "XSC" not in v.states}
    alone = dataclasses.replace(fixture, records={**fixture.records, "engagements": engagements})
    gap = next(g for g in coordinate(alone, AS_OF).gaps if g.iso3 == "XSC")
    assert gap.last is None and gap.why.endswith("No engagement with it is recorded.")


# --- follow-ups ------------------------------------------------------------------------------


def test_overdue_follow_ups(fixture: Dataset) -> None:
    overdue = coordinate(fixture, AS_OF).overdue
    # e1 was followed up by e3 (which refers to it); e4 by e5 (same actor, same state, later).
    assert [(f.engagement.id, f.due, f.days_overdue) for f in overdue] == [("e6-letter", dt.date(2024, 7, 1), 582)]
    assert overdue[0].why.startswith("Follow-up was due on 1 July 2024, 582 days before 3 February 2026, after Letter to Signb")
    # On the due date itself nothing is overdue yet.
    assert coordinate(fixture, dt.date(2024, 7, 1)).overdue == ()
    # Before e3 was held, e1's follow-up (31 January) was not yet followed up: on 30 January it is not yet due.
    assert [f.engagement.id for f in coordinate(fixture, dt.date(2026, 1, 30)).overdue] == ["e6-letter"]
    without_reference = with_engagements(
        fixture,
        **{"e3-workshop": {"date": dt.date(2026, 1, 30), "actors": ("unrc",), "states": ("XSA", "XNA")}},
    )
    assert [f.engagement.id for f in coordinate(without_reference, AS_OF).overdue] == ["e6-letter", "e1-visit"]


# --- champions -------------------------------------------------------------------------------


def test_unpaired_champions_and_why(fixture: Dataset) -> None:
    unpaired = coordinate(fixture, AS_OF).unpaired
    assert [(c.id, c.why) for c in unpaired] == [
        (
            "champ-c",
            "Recorded as a champion for Fixture Group since 1 June 2025; no state is paired with it. "
            "Pair it with a state of its region that is not yet party.",
        ),
        (
            "champ-b",
            "Recorded as a champion for Fixture Organisation since 1 January 2025; Joinia, its paired state, became a "
            "State Party on 1 June 2025. Pair it with a state of its region that is not yet party.",
        ),
    ]
    # Before Joinia joined, Portia's pairing held; before champ-c was recorded, it was no champion.
    assert [c.id for c in coordinate(fixture, dt.date(2025, 5, 1)).unpaired] == []


def test_months_before_clamps_to_the_month() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


# --- rules ------------------------------------------------------------------------------------


def problems_with(tmp_path: Path, files: dict[str, str]) -> list[Problem]:
    root = tmp_path / "data"
    shutil.copytree(COORD, root)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return load_dataset(root).problems


def test_a_champion_must_be_a_party_when_recorded(tmp_path: Path) -> None:
    text = (COORD / "actors" / "champ-c.yaml").read_text().replace("state: XPA", "state: XSB")
    found = problems_with(tmp_path, {"actors/champ-c.yaml": text})
    assert [(p.code, p.line) for p in found] == [("champion-not-party", 6)]
    assert "State Party" in found[0].message


def test_paired_states_must_not_be_parties(tmp_path: Path) -> None:
    text = (COORD / "actors" / "champ-a.yaml").read_text().replace("  - state: XSA\n", "  - state: XPB\n")
    found = problems_with(tmp_path, {"actors/champ-a.yaml": text})
    assert [p.code for p in found] == ["pairing-party"]


def test_engagement_dates_and_references(tmp_path: Path) -> None:
    text = (
        "id: e9\ndate: 2026-01-10\nend_date: 2026-01-09\nkind: visit\ntitle: Bad dates\n"
        "actors: [nobody]\nstates: [XSA]\nfollow_up: 2025-12-31\nreferences: [e9, e404]\n"
    )
    found = problems_with(tmp_path, {"engagements/e9.yaml": text})
    assert [(p.code, p.line) for p in found] == [
        ("engagement-dates", 3),
        ("unknown-actor", 6),
        ("engagement-dates", 8),
        ("unknown-engagement", 9),
        ("unknown-engagement", 9),
    ]


def test_actor_fields_by_kind(tmp_path: Path) -> None:
    files = {
        "actors/vp-two.yaml": "id: vp-two\nname: VP\nkind: vice-president\n",
        "actors/champ-d.yaml": "id: champ-d\nname: Champion\nkind: champion\nstate: XPA\n",
        "actors/org.yaml": "id: org\nname: Org\nkind: regional-organisation\norganisation: fix-group\ncycle: csp9\n",
    }
    found = problems_with(tmp_path, files)
    codes = sorted((Path(p.path).name, p.code, p.message) for p in found)
    assert [(name, code) for name, code, _ in codes] == [
        ("champ-d.yaml", "actor-fields"),
        ("champ-d.yaml", "actor-fields"),
        ("org.yaml", "actor-fields"),
        ("org.yaml", "actor-fields"),
        ("vp-two.yaml", "actor-fields"),
        ("vp-two.yaml", "actor-fields"),
    ]
    messages = " ".join(message for _, _, message in codes)
    for expected in (
        "champion needs `since`",
        "names the region(s)",
        "not of scheme organisation",
        "belongs to a CSP cycle",
        "names its CSP cycle",
        "names its State",
    ):
        assert expected in messages


def test_a_record_names_only_actors_as_open_as_itself(tmp_path: Path) -> None:
    # e1 is public; champ-b is for partners only: the public would learn its id.
    text = (COORD / "engagements" / "e1-visit.yaml").read_text().replace("actors: [champ-a]", "actors: [champ-a, champ-b]")
    found = problems_with(tmp_path, {"engagements/e1-visit.yaml": text})
    assert [(p.code, p.line) for p in found] == [("sensitivity-mismatch", 5)]
    assert "public but names one that is partners" in found[0].message


def test_plan_champions_are_champion_actors(tmp_path: Path) -> None:
    text = (COORD / "plans" / "fix-plan.yaml").read_text().replace("champions: [champ-a]", "champions: [ngo]")
    found = problems_with(tmp_path, {"plans/fix-plan.yaml": text})
    assert [(p.code, p.severity) for p in found] == [("actor-kind", "error")]


def test_the_bundled_actors_and_engagements() -> None:
    dataset = load_ok(DATA)
    workshop = dataset.engagements["2023-05-31-asean-workshop-jakarta"]
    # The CSP9 report only announces the workshop: no participants are recorded that no source gives.
    assert (workshop.status, workshop.states, workshop.regions) == ("announced", (), ("asean",))
    assert "1987" in dataset.records["actors"]["unrcpd"].summary and "42/39 D" in dataset.records["actors"]["unrcpd"].summary
    assert workshop.actors == ("csp9-presidency",) and workshop.sensitivity == "public"
    translation = dataset.engagements["2023-05-10-toolkit-khmer-myanmar"]
    assert (translation.kind, translation.states, translation.sensitivity) == ("translation", ("KHM", "MMR"), "public")
    actors = dataset.records["actors"]
    assert actors["csp9-presidency"].state == "KOR" and actors["csp9-presidency"].cycle == "csp9"
    assert actors["csp8-presidency"].state == "DEU" and actors["csp8-presidency"].cycle == "csp8"
    assert not [a for a in actors.values() if a.kind == "champion"]  # no champion is publicly known
    assert {a.part_of for a in actors.values() if a.kind == "un-entity" and a.id != "unoda"} == {"unoda"}
    # Officers' names and cycle dates live in the cycles' own files, not here.
    text = " ".join((DATA / "actors" / f"{key}.yaml").read_text() for key in actors)
    assert "Yoon" not in text and "Göbel" not in text and "2023-08-21" not in text


# --- the commands ----------------------------------------------------------------------------


def test_attu_coordinate_on_the_bundled_dataset() -> None:
    result = run_cli("coordinate", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("RESTRICTED — for the WGTU only")
    assert "Coordination as at 3 February 2026" in lines[1]
    assert "Plan in force: csp9-asia-pacific (an example of the format)" in result.stdout
    assert "Gaps: tier 1 and 2 states nobody has engaged" in result.stdout
    assert "Cambodia" in result.stdout  # a signatory of the focus region, last engaged in May 2023


def test_attu_coordinate_json_and_refusals() -> None:
    result = run_cli("coordinate", "--data", str(COORD), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["sensitivity"] == "restricted"
    assert [g["iso3"] for g in document["gaps"]] == ["XSC"]
    assert [c["id"] for c in document["unpaired"]] == ["champ-c", "champ-b"]
    assert "RESTRICTED" in result.stderr
    for audience in ("public", "partners"):
        refused = run_cli("coordinate", "--data", str(COORD), "--audience", audience)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert "restricted only" in refused.stderr
    assert run_cli("coordinate", "--data", str(COORD), "--as-of", "2027-01-01").exit_code == 2
    markdown = run_cli("coordinate", "--data", str(COORD), "--format", "markdown", "--window", "6", "--gap-months", "1")
    assert (
        "## Overlapping outreach (1)" in markdown.stdout
        and "## Gaps: tier 1 and 2 states nobody has engaged (1)" in markdown.stdout
    )


def test_attu_engagements_public_by_default() -> None:
    result = run_cli("engagements", "--data", str(COORD), "--format", "json")
    assert result.exit_code == 0
    ids = [e["id"] for e in json.loads(result.stdout)]
    assert ids == ["e3-workshop", "e2-meeting", "e1-visit"]  # public only, newest first
    everything = json.loads(run_cli("engagements", "--data", str(COORD), "-f", "json", "--audience", "restricted").stdout)
    assert [e["id"] for e in everything][:2] == ["e8-planned", "e3-workshop"]
    assert len(everything) == 8


def test_attu_engagements_filters() -> None:
    def ids(*options: str) -> list[str]:
        result = run_cli("engagements", "--data", str(COORD), "-f", "csv", "--audience", "restricted", *options)
        assert result.exit_code == 0, result.stderr
        return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]

    assert ids("--state", "nearia") == ["e3-workshop", "e5-call", "e4-letter"]
    assert ids("--actor", "vp-one") == ["e5-call", "e4-letter", "e6-letter"]
    assert ids("--region", "fix-org", "--since", "2026-01-29") == ["e8-planned", "e3-workshop"]
    assert ids("--since", "2026-01-31") == ["e8-planned", "e3-workshop"]  # e3 ends on 31 January


def test_attu_engagements_refuses_unknown_names_without_hinting_at_hidden_actors() -> None:
    hidden = run_cli("engagements", "--data", str(COORD), "--actor", "champ-b")  # partners only
    assert hidden.exit_code == 2 and "no actor 'champ-b'" in hidden.stderr
    assert "champ-b" not in hidden.stderr.replace("'champ-b'", "")
    near = run_cli("engagements", "--data", str(COORD), "--actor", "champ-x")
    assert "did you mean champ-a?" in near.stderr  # public, so it may be suggested
    assert run_cli("engagements", "--data", str(COORD), "--state", "Atlantis").exit_code == 2
    assert run_cli("engagements", "--data", str(COORD), "--region", "fix-orgg").exit_code == 2


def test_attu_engagements_on_the_bundled_dataset() -> None:
    table = run_cli("engagements", "--data", str(DATA))
    assert table.exit_code == 0
    assert table.stdout.startswith("2 engagements, newest first; recorded as at 3 February 2026.")
    markdown = run_cli("engagements", "--data", str(DATA), "-f", "markdown", "--state", "MMR")
    assert (
        "| 10 May 2023 | translation | ATT Universalization Toolkit and Welcome Pack translated into Khmer and Myanmar (Burmese)"
        in markdown.stdout
    )
