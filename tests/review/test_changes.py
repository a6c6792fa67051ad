"""The semantic diff between two datasets: each kind of change, in the words reviewers read."""

from __future__ import annotations

import pytest

from att_univ.core.problems import Problem
from att_univ.data.loader import load_dataset_from_files
from att_univ.review.changes import DatasetChanges, Snapshot, compare, compare_problems, tier_moves
from att_univ.views.review import diff_markdown, diff_text, diff_view
from tests.support.review_repos import CANARY, FIXTURE, GAMBIA_AS_NON_SIGNATORY, GAMBIA_DEPOSIT, RESTRICTED_NOTE


def fixture_files() -> dict[str, bytes]:
    return {path.relative_to(FIXTURE).as_posix(): path.read_bytes() for path in FIXTURE.rglob("*.yaml")}


def snapshot(files: dict[str, bytes], label: str) -> Snapshot:
    result = load_dataset_from_files(files, f"{label}:data")
    assert result.dataset is not None
    return Snapshot(result.dataset, result.problems, label, f"{label}:data/")


def diff(edits: dict[str, str | None], base_edits: dict[str, str | None] | None = None) -> DatasetChanges:
    """Compare the fixture (with `base_edits`) against the fixture with `edits` (None deletes a file)."""
    base = fixture_files()
    for path, text in (base_edits or {}).items():
        if text is None:
            base.pop(path)
        else:
            base[path] = text.encode()
    head = dict(base)
    for path, text in edits.items():
        if text is None:
            head.pop(path)
        else:
            head[path] = text.encode()
    return compare(snapshot(base, "base"), snapshot(head, "head"))


def state_text(iso3: str) -> str:
    return (FIXTURE / "states" / f"{iso3.lower()}.yaml").read_text()


def lines_for(changes: DatasetChanges, iso3: str, audience: str = "restricted") -> list[str]:
    (record,) = [r for r in changes.states if r.key == iso3]
    shown, hidden = record.split(audience)
    return [record.headline or "", *(c.text for c in shown), f"hidden={hidden}"]


def test_accession_is_one_headline_with_its_dates():
    changes = diff(
        {"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT},
        base_edits={"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY},
    )
    assert lines_for(changes, "GMB") == [
        "non-signatory → party (accession deposited 2024-06-13, in force 2024-09-11)",
        "hidden=0",
    ]
    assert (changes.totals_before.parties, changes.totals_after.parties) == (4, 5)
    assert (changes.totals_before.non_signatories, changes.totals_after.non_signatories) == (3, 2)
    assert changes.totals_after.states == 9


def test_signature_and_corrections_of_treaty_facts():
    india_signs = state_text("IND") + "treaty:\n  signature:\n    date: 2013-09-25\n    sources: [untc-status-2026]\n"
    changes = diff(
        {
            "states/ind.yaml": india_signs,
            "states/fra.yaml": state_text("FRA").replace("date: 2014-04-02", "date: 2014-04-03"),
            "states/afg.yaml": state_text("AFG").replace("instrument: accession", "instrument: ratification"),
        }
    )
    assert lines_for(changes, "IND") == ["non-signatory → signatory (signed 2013-09-25)", "hidden=0"]
    assert lines_for(changes, "FRA") == ["", "deposit: date 2014-04-02 → 2014-04-03", "hidden=0"]
    assert lines_for(changes, "AFG") == ["", "deposit: instrument accession → ratification", "hidden=0"]
    # Afghanistan now ratifies without having signed: the rule the change breaks is reported.
    assert [(p.path, p.code) for p in changes.introduced] == [("head:data/states/afg.yaml", "ratification-without-signature")]
    assert changes.fixed == ()


def test_deposit_removed_is_told_by_the_headline_alone():
    changes = diff({"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY})
    assert lines_for(changes, "GMB")[0] == "party → non-signatory (deposit removed)"
    assert not any("deposit removed (was" in line for line in lines_for(changes, "GMB"))


def test_process_stages_and_their_sensitivity():
    step = (
        "  - stage: legal-review\n    date: 2025-05-01\n    summary: Reviewed by the ministry of justice.\n"
        "    sensitivity: public\n"
        "  - stage: legislation\n    date: 2025-06-01\n    summary: A restricted summary of the drafting.\n"
    )
    changes = diff({"states/com.yaml": state_text("COM") + step})
    assert lines_for(changes, "COM") == [
        "",
        "process step added: legal review on 2025-05-01 — “Reviewed by the ministry of justice.”",
        "process step added: legislation on 2025-06-01 — “A restricted summary of the drafting.”",
        "hidden=0",
    ]
    assert lines_for(changes, "COM", "public") == [
        "",
        "process step added: legal review on 2025-05-01 — “Reviewed by the ministry of justice.”",
        "hidden=1",
    ]


def test_a_changed_step_is_one_change_not_a_removal_and_an_addition():
    text = state_text("ECU").replace("(143 votes)", "(143 votes in favour)")
    changes = diff({"states/ecu.yaml": text})
    (line,) = lines_for(changes, "ECU")[1:-1]
    assert line.startswith("process step parliament approved on 2025-12-17 (accession): summary “The National Assembly")
    assert "→" in line


def test_restricted_text_is_counted_not_shown_to_the_public():
    changes = diff({"states/gmb.yaml": state_text("GMB") + RESTRICTED_NOTE})
    view = diff_view(changes, "public")
    assert view["states"][0]["restricted_changes"] == 1
    for text in (diff_text(view), diff_markdown(view)):
        assert CANARY not in text
        assert "Gambia (GMB)" in text and "1 restricted field changed" in text
    assert CANARY in diff_text(diff_view(changes, "restricted"))


def test_making_a_note_public_is_still_hidden_from_the_public_diff():
    # The old version of the note was restricted: showing the change would show what it was.
    with_note = state_text("GMB") + RESTRICTED_NOTE
    public = with_note.replace("    date: 2025-03-01\n", "    date: 2025-03-01\n    sensitivity: public\n")
    changes = diff({"states/gmb.yaml": public}, base_edits={"states/gmb.yaml": with_note})
    assert lines_for(changes, "GMB", "public") == ["", "hidden=1"]


def test_region_membership_changes():
    ecowas = (FIXTURE / "regions" / "ecowas.yaml").read_text()
    ecowas = ecowas.replace("  - SEN\n", "  - state: SEN\n    until: 2025-06-01\n").replace("  - GMB\n", "")
    ecowas = ecowas.replace("members:\n", "members:\n  - COM\n")
    changes = diff({"regions/ecowas.yaml": ecowas})
    (region,) = changes.regions
    assert region.name == "Economic Community of West African States (ECOWAS)"
    assert [c.text for c in region.changes] == [
        "Comoros (COM) added as member",
        "Gambia (GMB) no longer listed (was member)",
        "Senegal (SEN) left: membership ended 2025-06-01",
    ]


def test_new_and_removed_records():
    changes = diff({"states/usa.yaml": None, "regions/ecowas.yaml": None})
    assert lines_for(changes, "USA")[0] == "removed from the dataset (was signatory)"
    assert [(r.key, r.action) for r in changes.regions] == [("ecowas", "removed")]
    assert changes.totals_after.states == 8
    # The regions still list the United States: the removal breaks them, and the diff says so.
    assert {p.code for p in changes.introduced} == {"unknown-state"}


def test_engagements_are_restricted_unless_marked():
    engagement = (
        "id: 2025-05-banjul\ndate: 2025-05-01\nkind: visit\ntitle: Visit to Banjul\nstates: [GMB]\n"
        "summary: Met the legal adviser.\n"
    )
    public = engagement.replace("id: 2025-05-banjul", "id: 2025-06-dakar").replace("Banjul", "Dakar") + "sensitivity: public\n"
    changes = diff({"engagements/2025-05-banjul.yaml": engagement, "engagements/2025-06-dakar.yaml": public})
    view = diff_view(changes, "public")
    assert view["restricted_engagements"] == 1
    assert [c["text"] for e in view["engagements"] for c in e["changes"]] == ["2025-05-01 visit: “Visit to Dakar” with Gambia"]
    assert "Banjul" not in diff_markdown(view)
    assert diff_view(changes, "restricted")["restricted_engagements"] == 0


def test_dataset_yaml_changes():
    meta = (FIXTURE / "dataset.yaml").read_text().replace("as_of: 2026-02-03", "as_of: 2026-03-01")
    meta = meta.replace("sources:\n", "sources:\n  new-source:\n    title: A new source\n", 1)
    changes = diff({"dataset.yaml": meta})
    assert [c.text for c in changes.meta] == ["as-of date: 2026-02-03 → 2026-03-01", "source added: new-source (A new source)"]
    assert changes.totals_after.as_of.isoformat() == "2026-03-01"


def test_a_file_that_breaks_is_reported_as_unreadable_not_removed():
    changes = diff({"states/sen.yaml": state_text("SEN").replace("iso2: SN", "iso2: [SN")})
    assert [(r.key, r.action) for r in changes.states] == [("SEN", "unreadable")]
    assert [p.code for p in changes.introduced if p.path.endswith("sen.yaml")] == ["yaml-syntax"]
    assert "The totals after leave out 1 state whose file cannot be read: Senegal." in diff_text(diff_view(changes, "public"))


def test_nothing_changed():
    changes = diff({})
    assert changes.empty
    assert "No change to the dataset." in diff_text(diff_view(changes, "public"))


def test_problems_are_matched_without_their_lines():
    def problem(path: str, line: int, code: str = "future-date") -> Problem:
        return Problem(path, line, 3, code, "a message")

    before = [problem("a:data/states/x.yaml", 4), problem("a:data/states/x.yaml", 9, "unknown-source")]
    after = [problem("data/states/x.yaml", 6), problem("data/states/x.yaml", 12), problem("data/states/y.yaml", 1)]
    introduced, fixed = compare_problems(before, "a:data/", after, "data/")
    assert [(p.path, p.line) for p in introduced] == [("data/states/x.yaml", 12), ("data/states/y.yaml", 1)]
    assert [(p.path, p.code) for p in fixed] == [("a:data/states/x.yaml", "unknown-source")]


def test_tier_moves_from_two_mappings():
    moves = tier_moves({"GMB": "1", "SEN": "2", "COM": "3"}, {"GMB": "2", "SEN": "2", "IND": "3"}, {"GMB": "Gambia"})
    assert [(m.iso3, m.name, m.before, m.after) for m in moves] == [
        ("COM", "COM", "3", None),
        ("GMB", "Gambia", "1", "2"),
        ("IND", "IND", None, "3"),
    ]


def test_tier_moves_are_for_the_restricted_audience_only():
    base = snapshot(fixture_files(), "base")
    changes = compare(base, base, tiers=({"GMB": "1"}, {"GMB": "2"}))
    assert "tier_moves" not in diff_view(changes, "public")
    assert "Gambia (GMB): tier 1 → tier 2" in diff_text(diff_view(changes, "restricted"))


@pytest.mark.parametrize("limit", [1_000, 4_000])
def test_markdown_is_cut_to_the_limit_with_a_note(limit: int):
    many = "".join(
        f"  - text: Public note number {i} about the national process, long enough to fill a line.\n"
        "    sensitivity: public\n    sources: [mondiale-2026]\n"
        for i in range(200)
    )
    changes = diff({"states/gmb.yaml": state_text("GMB") + "notes:\n" + many})
    text = diff_markdown(diff_view(changes, "public"), limit=limit)
    assert len(text) <= limit
    assert "**Cut short:**" in text and "did not fit" in text
    assert text.startswith("## Dataset changes: base → head")
    full = diff_markdown(diff_view(changes, "public"), limit=10**7)
    assert "Cut short" not in full and "Public note number 199" in full


def test_markdown_escapes_dataset_text():
    text = state_text("COM") + "notes:\n  - text: '<script>@everyone | **bold**'\n    sensitivity: public\n"
    markdown = diff_markdown(diff_view(diff({"states/com.yaml": text}), "public"))
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*\\*bold\\*\\*" in markdown and "\\|" in markdown


# --- the sources of what changed, and deposits the last reconciled page does not list -------------

META = (FIXTURE / "dataset.yaml").read_text()


def reconciled_meta(status_as_at: str) -> str:
    block = f"reconciled:\n  source: untc-status-2026\n  status_as_at: {status_as_at}\n  reconciled_on: 2026-02-04\n"
    return META.replace("sources:\n", block + "sources:\n", 1)


def accession(meta: str | None = None, base_meta: str | None = None) -> DatasetChanges:
    base: dict[str, str | None] = {"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY}
    head: dict[str, str | None] = {"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT}
    if base_meta is not None:
        base["dataset.yaml"] = base_meta
    if meta is not None:
        head["dataset.yaml"] = meta
    return diff(head, base_edits=base)


def test_a_new_fact_is_shown_with_the_sources_it_cites():
    changes = diff(
        {"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT + RESTRICTED_NOTE},
        base_edits={"states/gmb.yaml": GAMBIA_AS_NON_SIGNATORY},
    )
    (record,) = changes.states
    assert record.headline_sources == ("untc-status-2026", "mondiale-2026")
    assert [c.sources for c in record.changes] == [("mondiale-2026",)]
    text = diff_text(diff_view(changes, "public"))
    assert "in force 2024-09-11) [untc-status-2026, mondiale-2026]\n" in text
    assert "Sources cited\n  untc-status-2026: Status of the Arms Trade Treaty" in text
    assert "[mondiale-2026]" not in text.replace("[untc-status-2026, mondiale-2026]", "")  # the restricted note's own


def test_a_changed_fact_cites_its_new_sources():
    old = GAMBIA_AS_NON_SIGNATORY + GAMBIA_DEPOSIT
    changes = diff({"states/gmb.yaml": old.replace("date: 2024-06-13", "date: 2024-06-12")}, base_edits={"states/gmb.yaml": old})
    (record,) = changes.states
    assert [(c.text, c.sources) for c in record.changes] == [
        ("deposit: date 2024-06-13 → 2024-06-12", ("untc-status-2026", "mondiale-2026"))
    ]


def test_a_new_deposit_older_than_the_last_reconciled_page_is_flagged():
    meta = reconciled_meta("2026-02-03")
    changes = accession(meta, base_meta=meta)
    (flag,) = changes.off_the_page
    assert (flag.iso3, flag.deposited.isoformat(), flag.page, flag.predates_page) == (
        "GMB",
        "2024-06-13",
        "untc-status-2026",
        True,
    )
    text = diff_text(diff_view(changes, "public"))
    assert (
        "Not on the depositary's page\n  Gambia (GMB): the deposit of 2024-06-13 is not on the depositary's page as at "
        "3 February 2026 (untc-status-2026), which the dataset was last reconciled with, though it is older" in text
    )
    assert "### Not on the depositary's page" in diff_markdown(diff_view(changes, "public"))


def test_a_deposit_newer_than_the_last_reconciled_page_asks_for_a_newer_page():
    meta = reconciled_meta("2024-01-31")
    (flag,) = accession(meta, base_meta=meta).off_the_page
    assert not flag.predates_page


def test_no_flag_when_the_change_reconciles_with_a_new_page_or_was_never_reconciled():
    assert accession(reconciled_meta("2026-02-03"), base_meta=reconciled_meta("2024-01-31")).off_the_page == ()
    assert accession().off_the_page == ()
