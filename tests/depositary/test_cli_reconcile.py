"""`attu reconcile` end to end: outputs, exit codes, bad pages, and `--apply` on copies of the dataset."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, replace_file, run_cli, snapshot
from tests.support.golden import assert_golden
from tests.support.untc_pages import PAGE_PATH, PAGE_TEXT, replace_in_row, row_block, with_new_accession_of_ecuador, with_totals


def write_page(tmp_path: Path, text: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def file_diff(before: str, after: str) -> list[str]:
    """Changed lines only, as `-old` / `+new`."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- the shipped page against the bundled dataset ------------------------------------------------


def test_the_shipped_page_reconciles_with_the_bundled_dataset() -> None:
    result = run_cli("reconcile", str(PAGE_PATH), "--data", str(DATA))
    assert result.exit_code == 0, result.stdout
    assert "The page's totals, 130 signatories and 117 parties (line 860), are confirmed by its 142 rows." in result.stdout
    assert "The dataset on 3 February 2026: 130 signatories and 117 parties." in result.stdout
    assert "Result: the dataset agrees with the page (0 errors, 0 warnings, 1 note)." in result.stdout


@pytest.mark.parametrize(("fmt", "name"), [("text", "clean.txt"), ("markdown", "clean.md"), ("json", "clean.json")])
def test_outputs_of_the_shipped_page(linked_copy: Path, fmt: str, name: str) -> None:
    result = run_cli("reconcile", str(PAGE_PATH), "--data", "data", "--format", fmt)
    assert result.exit_code == 0
    assert_golden(f"reconcile/{name}", result.stdout)


def several_differences() -> str:
    text = replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014")
    text = replace_in_row(text, "Japan", "9 May\t 2014 A<br>", "9 May\t 2014 AA<br>")
    text = text.replace("<td>Albania<br></td>", "<td>Albania <SUP><A href='#9' class='noteIndex'>9</A></SUP><br></td>", 1)
    text = text.replace(row_block(text, "Angola"), "", 1)
    return with_totals(with_new_accession_of_ecuador(text), 129, 118)


@pytest.mark.parametrize(("fmt", "name"), [("text", "differences.txt"), ("markdown", "differences.md")])
def test_outputs_of_a_page_with_differences(linked_copy: Path, tmp_path: Path, fmt: str, name: str) -> None:
    page = write_page(tmp_path, several_differences(), "untc_mutated.html")
    result = run_cli("reconcile", str(page), "--data", "data", "--format", fmt)
    assert result.exit_code == 1
    assert_golden(f"reconcile/{name}", result.stdout)


# --- JSON, documented ------------------------------------------------------------------------------

FINDING_KEYS = [
    "code",
    "severity",
    "iso3",
    "state",
    "message",
    "page_line",
    "expected",
    "found",
    "file",
    "file_line",
    "explained_by",
    "edits",
]


def test_json_output_has_the_documented_shape(linked_copy: Path, tmp_path: Path) -> None:
    page = write_page(tmp_path, several_differences())
    result = run_cli("reconcile", str(page), "--data", "data", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == ["schema_version", "source", "dataset", "agrees", "counts", "findings", "apply"]
    assert report["schema_version"] == 1
    assert report["agrees"] is False and report["apply"] is None
    assert report["source"]["stated_totals"] == {"signatories": 129, "parties": 118, "line": 860}
    assert report["source"]["computed_totals"] == {"signatories": 129, "parties": 118}
    assert report["counts"] == {"error": 4, "warning": 1, "info": 0}
    for finding in report["findings"]:
        assert list(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
    by_code = {finding["code"]: finding for finding in report["findings"]}
    assert by_code["deposit-differs"]["edits"] == [
        {"iso3": "ALB", "field": "deposit", "date": "2014-03-20", "instrument": "ratification"}
    ]
    assert by_code["participant-not-on-page"]["iso3"] == "AGO"


def test_the_guide_documents_every_json_key() -> None:
    readme = (REPO / "docs" / "dataset.md").read_text(encoding="utf-8")
    start = readme.index("\n## `attu reconcile`")
    end = readme.find("\n## ", start + 1)
    section = readme[start : end if end >= 0 else len(readme)]
    for key in [*FINDING_KEYS, "schema_version", "stated_totals", "computed_totals", "totals_agree", "reconciled_recorded"]:
        assert f"`{key}`" in section, key


# --- one mutation, one line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda text: replace_in_row(text, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"),
            "page.html:978: error[deposit-differs]: Albania (ALB): deposit date differs: the page gives 20 March 2014, "
            "the dataset 19 March 2014 [data/states/alb.yaml:27]",
        ),
        (
            lambda text: with_totals(text.replace(row_block(text, "Angola"), "", 1), 129, 117),
            "page.html: error[participant-not-on-page]: Angola (AGO): the dataset records a signature of 24 September 2013, "
            "but the page has no row for Angola [data/states/ago.yaml:22]",
        ),
        (
            with_new_accession_of_ecuador,
            "page.html:1218: error[participant-missing]: Ecuador (ECU): the page lists Ecuador as a participant "
            "(accession deposited on 12 February 2026), but the dataset records no signature or deposit [data/states/ecu.yaml:2]",
        ),
        (
            lambda text: replace_in_row(text, "Türkiye", "Türkiye", "Turkiye"),
            "page.html:1758: error[unknown-participant]: the page lists 'Turkiye', a spelling that depositary-names.yaml "
            "does not know; if it is a state's new name, add it there with the state's ISO3 code; the dataset's "
            "participants without a matched row on this page: Türkiye (TUR)",
        ),
        (
            lambda text: replace_in_row(text, "Japan", "9 May\t 2014 A<br>", "9 May\t 2014 AA<br>"),
            "page.html:1362: error[instrument-differs]: Japan (JPN): instrument differs: the page gives approval "
            "(marked 'AA'), the dataset acceptance [data/states/jpn.yaml:29]",
        ),
        (
            lambda text: text.replace(
                "<td>Albania<br></td>", "<td>Albania <SUP><A href='#9' class='noteIndex'>9</A></SUP><br></td>", 1
            ),
            "page.html:978: warning[footnote-unexplained]: Albania (ALB): the row carries footnote 9, which no end note "
            "of the page explains [data/states/alb.yaml:22]",
        ),
    ],
    ids=["date-changed", "row-removed", "new-accession", "unknown-spelling", "instrument-marker", "footnote-added"],
)
def test_each_mutation_gives_exactly_its_finding(linked_copy: Path, tmp_path: Path, mutate: object, expected: str) -> None:
    page = write_page(tmp_path, mutate(PAGE_TEXT))  # type: ignore[operator]
    before = snapshot(linked_copy)
    result = run_cli("reconcile", str(page), "--data", "data")
    assert result.exit_code == 1
    findings = [line for line in result.stdout.splitlines() if line.startswith("page.html") and "info[" not in line]
    assert findings == [expected]
    assert snapshot(linked_copy) == before


# --- pages that cannot be read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: PAGE_TEXT[: PAGE_TEXT.index("<td>Malaysia<br></td>")],
            r"page\.html:\d+: the file ends inside the participant table \(last row at line \d+\): is it truncated\?",
        ),
        (lambda: PAGE_TEXT[: PAGE_TEXT.index('<div id="divAll"')], r"page\.html:\d+: the file ends before </html>"),
        (
            lambda: "<!DOCTYPE html>\n<html><body><h1>Weather</h1><table><tr><td>Sunny</td></tr></table></body></html>\n",
            r"page\.html: no participant table found: is this the UNTC status page of chapter XXVI-8\?",
        ),
        (lambda: "", r"page\.html: the file is empty"),
        (
            lambda: replace_in_row(PAGE_TEXT, "Greece", "29 Feb\t 2016", "30 Feb\t 2016"),
            r"page\.html:\d+: the deposit date '30 Feb 2016' of 'Greece' is not a date",
        ),
    ],
    ids=["truncated-in-table", "truncated-after-table", "unrelated-html", "empty", "impossible-date"],
)
@pytest.mark.parametrize("apply", [False, True])
def test_a_page_that_cannot_be_read_is_a_clear_error_and_nothing_is_written(
    linked_copy: Path, tmp_path: Path, make: object, message: str, apply: bool
) -> None:
    page = write_page(tmp_path, make())  # type: ignore[operator]
    before = snapshot(linked_copy)
    result = run_cli("reconcile", str(page), "--data", "data", *(["--apply"] if apply else []))
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert re.match(rf"attu: .*{message}.*; nothing was compared or written$", line), line
    assert snapshot(linked_copy) == before
    assert "Traceback" not in result.stderr


def test_a_missing_file(linked_copy: Path, tmp_path: Path) -> None:
    result = run_cli("reconcile", str(tmp_path / "nowhere.html"), "--data", "data")
    assert result.exit_code == 1
    assert "nowhere.html: cannot read the file (No such file or directory)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "2026-02-30", "--apply"], "--on: 2026-02-30 is not a date: February 2026 has 28 days"),
        (["--on", "2026-02-13"], "--on is the date recorded by --apply; use it with --apply"),
    ],
)
def test_usage_errors(linked_copy: Path, args: list[str], message: str) -> None:
    result = run_cli("reconcile", str(PAGE_PATH), "--data", "data", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- confidentiality ---------------------------------------------------------------------------------

CANARY = "Canary-Reconcile-7391 restricted summary"


def restrict_ecuador_process(data: Path) -> None:
    path = data / "states" / "ecu.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: Executive Decree 293", f"summary: {CANARY}. Executive Decree 293")
    text = text.replace(
        "    sensitivity: public\n    sources: [ecuador-decree-2026-01]",
        "    sensitivity: restricted\n    sources: [ecuador-decree-2026-01]",
    )
    replace_file(path, text)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_restricted_process_steps_stay_out_of_public_reports(linked_copy: Path, fmt: str) -> None:
    restrict_ecuador_process(linked_copy)
    public = run_cli("reconcile", str(PAGE_PATH), "--data", "data", "--format", fmt)
    restricted = run_cli("reconcile", str(PAGE_PATH), "--data", "data", "--format", fmt, "--audience", "restricted")
    assert public.exit_code == restricted.exit_code == 0
    assert "awaiting-deposit" not in public.stdout  # the restricted step is not visible to the public
    assert "awaiting-deposit" in restricted.stdout
    assert "Canary-Reconcile" not in public.stdout + restricted.stdout


# --- Markdown escaping --------------------------------------------------------------------------------


def test_markdown_escapes_what_the_page_says(linked_copy: Path, tmp_path: Path) -> None:
    spelling = "Atlantis *bold* <b>x</b> | [link](http://x) @team"
    text = replace_in_row(PAGE_TEXT, "Türkiye", "Türkiye", spelling.replace("<", "&lt;").replace(">", "&gt;"))
    page = write_page(tmp_path, text)
    result = run_cli("reconcile", str(page), "--data", "data", "--format", "markdown")
    assert result.exit_code == 1
    (row,) = [line for line in result.stdout.splitlines() if "unknown-participant" in line]
    assert "<b>" not in row and "\\<b\\>" in row
    assert "\\*bold\\*" in row and "\\[link\\]" in row and "@\u2060team" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 10  # eight cells, none broken by the page's "|"


def test_out_writes_the_report_to_a_file(linked_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "reconcile.md"
    result = run_cli("reconcile", str(PAGE_PATH), "--data", "data", "--format", "markdown", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Reconciliation with the depositary's status page\n")


# --- --apply -------------------------------------------------------------------------------------------


def apply(page: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli("reconcile", str(page), "--data", "data", "--apply", "--on", "2026-02-13", *extra)
    return result.exit_code, result.stdout, result.stderr


def test_apply_a_new_accession_gives_exactly_the_expected_diff(linked_copy: Path, tmp_path: Path) -> None:
    page = write_page(tmp_path, with_new_accession_of_ecuador(PAGE_TEXT))
    ecuador = linked_copy / "states" / "ecu.yaml"
    meta = linked_copy / "dataset.yaml"
    ecuador_before, meta_before = ecuador.read_text(encoding="utf-8"), meta.read_text(encoding="utf-8")
    others = {k: v for k, v in snapshot(linked_copy).items() if k not in ("states/ecu.yaml", "dataset.yaml")}

    code, stdout, _ = apply(page)

    assert code == 0, stdout
    assert file_diff(ecuador_before, ecuador.read_text(encoding="utf-8")) == [
        "+treaty:",
        "+  deposit:",
        "+    date: 2026-02-12",
        "+    instrument: accession",
        "+    sources: [untc-status-2026-02-12]",
        "+  entry_into_force:",
        "+    date: 2026-05-13",
        "+    basis: article-22",
    ]
    last_reconciled_on = re.search(r"reconciled_on: (\S+)", meta_before).group(1)  # type: ignore[union-attr]
    assert file_diff(meta_before, meta.read_text(encoding="utf-8")) == [
        "-as_of: 2026-02-03",
        "+as_of: 2026-02-12",
        "-  source: untc-status-2026",
        "-  status_as_at: 2026-02-03",
        f"-  reconciled_on: {last_reconciled_on}",
        "+  source: untc-status-2026-02-12",
        "+  status_as_at: 2026-02-12",
        "+  reconciled_on: 2026-02-13",
        "+  untc-status-2026-02-12:",
        "+    title: Status of the Arms Trade Treaty (MTDSG chapter XXVI-8), status as at 12 February 2026",
        "+    publisher: United Nations Treaty Collection",
        "+    url: https://treaties.un.org/Pages/ViewDetails.aspx?src=IND&mtdsg_no=XXVI-8&chapter=26&lang=en",
        "+    date: 2026-02-12",
        "+    note: The depositary's own record, read with attu reconcile.",
    ]
    assert {k: v for k, v in snapshot(linked_copy).items() if k in others} == others
    assert "Applied 1 edit to 1 state file, citing untc-status-2026-02-12 (a new source in dataset.yaml)." in stdout
    assert "Recorded in dataset.yaml: the dataset now agrees with this page." in stdout

    again = run_cli("reconcile", str(page), "--data", "data")
    assert again.exit_code == 0, again.stdout
    assert run_cli("validate", "--data", "data").exit_code == 0
    assert run_cli("fmt", "--check", "--data", "data").exit_code == 0


def test_apply_a_changed_date_keeps_comments_and_changes_only_what_must(linked_copy: Path, tmp_path: Path) -> None:
    albania = linked_copy / "states" / "alb.yaml"
    commented = albania.read_text(encoding="utf-8").replace(
        "  deposit:\n    date: 2014-03-19\n",
        "  # Deposited at the ceremony of 2 April 2014? No: UNTS gives 19 March.\n  deposit:\n    date: 2014-03-19  # UNTS\n",
    )
    replace_file(albania, commented)
    page = write_page(tmp_path, replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014"))

    code, stdout, _ = apply(page)

    assert code == 0, stdout
    assert file_diff(commented, albania.read_text(encoding="utf-8")) == [
        "-    date: 2014-03-19  # UNTS",
        "+    date: 2014-03-20  # UNTS",
        "-    sources: [untc-status-2026, mondiale-2026, untc-xml-2023, unts-52373]",
        "+    sources: [untc-status-2026]",
    ]
    after = albania.read_text(encoding="utf-8")
    assert "  # Deposited at the ceremony of 2 April 2014? No: UNTS gives 19 March.\n" in after
    # The UN Treaty Series date of effect (24 December 2014) still holds for the new date, and stays.
    assert "    basis: unts-date-of-effect\n    sources: [unts-52373]\n" in after
    assert "Applied 1 edit to 1 state file, citing untc-status-2026." in stdout


def test_apply_a_changed_deposit_recomputes_entry_into_force(linked_copy: Path, tmp_path: Path) -> None:
    vanuatu = linked_copy / "states" / "vut.yaml"
    before = vanuatu.read_text(encoding="utf-8")
    page = write_page(tmp_path, replace_in_row(PAGE_TEXT, "Vanuatu", "5 Sep\t 2025", "6 Sep\t 2025"))

    code, stdout, _ = apply(page)

    assert code == 0, stdout
    assert file_diff(before, vanuatu.read_text(encoding="utf-8")) == [
        "-    date: 2025-09-05",
        "+    date: 2025-09-06",
        "-    sources: [untc-status-2026, mondiale-2026, controlarms-blog]",
        "+    sources: [untc-status-2026]",
        "-    date: 2025-12-04",
        "+    date: 2025-12-05",
    ]


def test_apply_an_instrument(linked_copy: Path, tmp_path: Path) -> None:
    japan = linked_copy / "states" / "jpn.yaml"
    before = japan.read_text(encoding="utf-8")
    page = write_page(tmp_path, replace_in_row(PAGE_TEXT, "Japan", "9 May\t 2014 A<br>", "9 May\t 2014 AA<br>"))

    code, stdout, _ = apply(page, "--format", "json")

    assert code == 0, stdout
    assert file_diff(before, japan.read_text(encoding="utf-8")) == [
        "-    instrument: acceptance",
        "-    sources: [untc-status-2026, mondiale-2026]",
        "+    instrument: approval",
        "+    sources: [untc-status-2026]",
    ]
    report = json.loads(stdout)["apply"]
    assert report["written"] == ["data/states/jpn.yaml", "data/dataset.yaml"]
    assert report["edits"] == [{"iso3": "JPN", "field": "deposit", "date": "2014-05-09", "instrument": "approval"}]
    assert (report["source_id"], report["source_added"], report["reconciled_recorded"]) == ("untc-status-2026", False, True)
    assert report["problems"] == [] and report["remaining"] == {"agrees": True, "findings": []}


def test_apply_writes_a_new_treaty_record_in_the_usual_order(linked_copy: Path, tmp_path: Path) -> None:
    text = with_new_accession_of_ecuador(PAGE_TEXT).replace(
        "<td>Ecuador<br></td>\r\n\t\t<td>&nbsp;</td>\r\n\t\t<td>&nbsp;</td>",
        "<td>Ecuador<br></td>\r\n\t\t<td>&nbsp;</td>\r\n\t\t<td>12 Feb\t 2026 n<br></td>",
        1,
    )
    code, stdout, _ = apply(write_page(tmp_path, text))
    assert code == 0, stdout
    ecuador = (linked_copy / "states" / "ecu.yaml").read_text(encoding="utf-8")
    assert (
        "  sources: [un-m49-development-groups]\ntreaty:\n  deposit:\n    date: 2026-02-12\n    instrument: accession\n"
        "    sources: [untc-status-2026-02-12]\n  entry_into_force:\n    date: 2026-05-13\n    basis: article-22\n"
        "  provisional_application:\n    date: 2026-02-12\n    sources: [untc-status-2026-02-12]\nprocess:\n"
    ) in ecuador


def test_apply_refuses_a_page_with_an_unknown_name(linked_copy: Path, tmp_path: Path) -> None:
    text = replace_in_row(PAGE_TEXT, "Türkiye", "Türkiye", "Turkiye")
    text = replace_in_row(text, "Albania", "19 Mar\t 2014", "20 Mar\t 2014")
    before = snapshot(linked_copy)
    code, stdout, stderr = apply(write_page(tmp_path, text))
    assert code == 1 and stdout == ""
    assert stderr == "attu: not applied (unknown-participant): fix the page or the names table first; nothing was written\n"
    assert snapshot(linked_copy) == before


def test_apply_refuses_a_page_whose_totals_do_not_add_up(linked_copy: Path, tmp_path: Path) -> None:
    before = snapshot(linked_copy)
    code, _, stderr = apply(write_page(tmp_path, PAGE_TEXT.replace(row_block(PAGE_TEXT, "Angola"), "", 1)))
    assert code == 1
    assert "not applied (totals-disagree)" in stderr
    assert snapshot(linked_copy) == before


def test_apply_writes_nothing_when_the_edited_dataset_would_be_invalid(linked_copy: Path, tmp_path: Path) -> None:
    # A signature after the treaty's entry into force cannot be: the validation of the copy stops it.
    before = snapshot(linked_copy)
    text = with_totals(replace_in_row(PAGE_TEXT, "Angola", "24 Sep\t 2013", "24 Sep\t 2015"), 130, 117)
    code, stdout, _ = apply(write_page(tmp_path, text))
    assert code == 1
    assert "Not applied: the edited dataset would be invalid, so nothing was written:" in stdout
    assert "  data/states/ago.yaml:24:11: error[signature-window]:" in stdout
    assert snapshot(linked_copy) == before


def test_apply_writes_the_edits_but_records_no_reconciliation_while_something_differs(linked_copy: Path, tmp_path: Path) -> None:
    text = replace_in_row(PAGE_TEXT, "Albania", "19 Mar\t 2014", "20 Mar\t 2014")
    text = text.replace("<td>Japan<br></td>", "<td>Japan <SUP><A href='#9' class='noteIndex'>9</A></SUP><br></td>", 1)
    meta_before = (linked_copy / "dataset.yaml").read_text(encoding="utf-8")

    code, stdout, _ = apply(write_page(tmp_path, text))

    assert code == 1
    assert "2014-03-20" in (linked_copy / "states" / "alb.yaml").read_text(encoding="utf-8")
    assert (linked_copy / "dataset.yaml").read_text(encoding="utf-8") == meta_before
    assert "Still differing after the edits (1 finding); these need a person:" in stdout
    assert "  warning[footnote-unexplained]: Japan (JPN): the row carries footnote 9" in stdout
    assert "Recorded in dataset.yaml" not in stdout


def test_apply_writes_nothing_when_nothing_can_be_applied(linked_copy: Path, tmp_path: Path) -> None:
    before = snapshot(linked_copy)
    text = PAGE_TEXT.replace("<td>Japan<br></td>", "<td>Japan <SUP><A href='#9' class='noteIndex'>9</A></SUP><br></td>", 1)
    code, stdout, _ = apply(write_page(tmp_path, text))
    assert code == 1
    assert "Nothing to apply: what still differs needs a person's judgement." in stdout
    assert snapshot(linked_copy) == before


def test_apply_on_an_agreeing_dataset_records_only_the_reconciliation(linked_copy: Path) -> None:
    meta = linked_copy / "dataset.yaml"
    before = meta.read_text(encoding="utf-8")
    others = {k: v for k, v in snapshot(linked_copy).items() if k != "dataset.yaml"}

    code, stdout, _ = apply(PAGE_PATH)

    assert code == 0, stdout
    changed = file_diff(before, meta.read_text(encoding="utf-8"))
    assert changed[-1] == "+  reconciled_on: 2026-02-13"
    assert all("reconciled_on" in line for line in changed)
    assert {k: v for k, v in snapshot(linked_copy).items() if k != "dataset.yaml"} == others
    assert "Files written:\n  data/dataset.yaml\n" in stdout
