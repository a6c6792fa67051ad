"""`attu calendar`: the file parses back with icalendar, UIDs are stable, the audience rules hold."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar

from att_univ.data.loader import load_dataset
from tests.conftest import DATA, FIXTURES, run_cli

MARKERS = ("qqrstr", "qqptnr")


def _write(tmp_path: Path, data: Path, name: str, *audience: str) -> Path:
    out = tmp_path / name
    result = run_cli("calendar", "--data", str(data), "--out", str(out), *audience)
    assert result.exit_code == 0, result.output
    return out


def _events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_real_dataset_gives_every_conference_and_wgtu_meeting(tmp_path: Path) -> None:
    events = _events(_write(tmp_path, DATA, "attu.ics"))
    dataset = load_dataset(DATA).dataset
    assert dataset is not None
    cycles = list(dataset.records["cycles"].values())
    expected = {f"conference-{c.id}@attu.wgtu" for c in cycles}  # type: ignore[attr-defined]
    expected |= {f"wgtu-{c.id}-{m.date.isoformat()}@attu.wgtu" for c in cycles for m in c.meetings}  # type: ignore[attr-defined]
    assert set(events) == expected
    csp9 = events["conference-csp9@attu.wgtu"]
    cycle = dataset.records["cycles"]["csp9"]
    assert csp9.decoded("DTSTART") == cycle.conference.start  # type: ignore[attr-defined]
    assert csp9.decoded("DTEND") == cycle.conference.end + dt.timedelta(days=1)  # type: ignore[attr-defined]


def test_uids_and_content_are_stable_across_runs(tmp_path: Path) -> None:
    data = tmp_path / "coord"
    shutil.copytree(FIXTURES / "coord", data)
    first = _write(tmp_path, data, "one.ics", "--audience", "restricted")
    second = _write(tmp_path, data, "two.ics", "--audience", "restricted")
    assert first.read_bytes() == second.read_bytes()
    before = _events(first)
    assert "follow-up-e1-visit@attu.wgtu" in before
    # A new engagement adds an event; every existing event keeps its UID (re-importing updates it).
    new = data / "engagements" / "e0-new-call.yaml"
    new.write_text(
        "id: e0-new-call\ndate: 2025-01-10\nkind: call\ntitle: A new call\nstates: [XNA]\nfollow_up: 2025-02-01\n",
        encoding="utf-8",
    )
    after = _events(_write(tmp_path, data, "three.ics", "--audience", "restricted"))
    assert set(before) < set(after)
    assert set(after) - set(before) == {"follow-up-e0-new-call@attu.wgtu"}
    for uid, event in before.items():
        assert after[uid].decoded("DTSTART") == event.decoded("DTSTART")


def test_follow_ups_fall_on_their_due_date(tmp_path: Path) -> None:
    events = _events(_write(tmp_path, FIXTURES / "coord", "coord.ics", "--audience", "restricted"))
    dataset = load_dataset(FIXTURES / "coord").dataset
    assert dataset is not None
    due = {e.id: e.follow_up for e in dataset.engagements.values() if e.follow_up}
    assert {uid.removeprefix("follow-up-").removesuffix("@attu.wgtu") for uid in events if uid.startswith("follow-up-")} == set(
        due
    )
    for key, day in due.items():
        assert events[f"follow-up-{key}@attu.wgtu"].decoded("DTSTART") == day


def test_a_public_calendar_holds_no_restricted_follow_up(tmp_path: Path) -> None:
    public = _write(tmp_path, FIXTURES / "canary", "public.ics")
    partners = _write(tmp_path, FIXTURES / "canary", "partners.ics", "--audience", "partners")
    restricted = _write(tmp_path, FIXTURES / "canary", "restricted.ics", "--audience", "restricted")
    unfolded = {
        path.name: path.read_text(encoding="utf-8").replace("\r\n ", "").casefold() for path in (public, partners, restricted)
    }
    assert not any(marker in unfolded["public.ics"] for marker in MARKERS)
    assert "qqrstr" not in unfolded["partners.ics"]
    assert "qqrstr" in unfolded["restricted.ics"]  # the canaries are there to be found
    assert "follow-up-canary-visit@attu.wgtu" not in _events(public)
    assert "follow-up-canary-visit@attu.wgtu" in _events(restricted)
