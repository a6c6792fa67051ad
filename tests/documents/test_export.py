"""`attu export`: what each audience receives in each format, that a YAML export is itself a valid
dataset, the README and schemas, and how the output directory is handled."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from att_univ.data.loader import load_dataset
from att_univ.data.schemas import schema_names
from att_univ.documents.export import MANIFEST, build_export
from tests.conftest import DATA, FIXTURES, REPO, run_cli, snapshot
from tests.support.datasets import load_ok

CANARY = FIXTURES / "canary"


def _texts(root: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(root.rglob("*")) if path.is_file())


def test_a_yaml_export_is_a_valid_dataset_holding_exactly_the_public_view(tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = run_cli("export", "--data", str(DATA), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"public export, yaml); start with {out / 'README.md'}" in result.stderr
    exported = load_dataset(out)
    assert exported.ok, exported.problems[:5]
    full = load_ok(DATA)
    public = full.for_audience("public")
    assert exported.dataset is not None
    for folder, records in public.records.items():
        assert dict(exported.dataset.records[folder]) == dict(records), folder
    assert exported.dataset.meta == full.meta
    # The dataset's layout, modelines pointing into the export's own schemas/.
    jakarta = (out / "engagements" / "2023-05-31-asean-workshop-jakarta.yaml").read_text()
    assert jakarta.startswith(
        "# yaml-language-server: $schema=../schemas/engagement.schema.json\nid: 2023-05-31-asean-workshop-jakarta\n"
    )
    assert "status: announced\n" in jakarta and "states:" not in jakarta
    assert "  - BRN\n" in (out / "regions" / "asean.yaml").read_text()  # bare codes, as the dataset writes them
    assert sorted(p.name for p in (out / "schemas").iterdir()) == sorted(f"{n}.schema.json" for n in schema_names())
    manifest = json.loads((out / MANIFEST).read_text())
    assert (manifest["audience"], manifest["format"], manifest["as_of"]) == ("public", "yaml", "2026-02-03")
    assert "states/gmb.yaml" in manifest["files"] and MANIFEST not in manifest["files"]


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_each_audience_receives_only_what_it_may_see(fmt: str) -> None:
    full = load_ok(CANARY)
    public = "\n".join(f.text for f in build_export(full, "public", fmt))
    partners = "\n".join(f.text for f in build_export(full, "partners", fmt))
    assert "qqrstr" not in public.casefold() and "qqptnr" not in public.casefold()
    assert "qqrstr" not in partners.casefold()
    assert "QQPTNR note text shared with the cooperating entities only." in partners
    assert "A public note about Canaria and the treaty." in public
    assert "+99 555 0173 0000" not in partners  # a restricted phone number carries no marker word


def test_csv_tables() -> None:
    files = {f.path: f.text for f in build_export(load_ok(DATA), "public", "csv")}
    states = list(csv.DictReader(io.StringIO(files["states.csv"])))
    assert len(states) == 197
    assert sum(row["status"] == "party" for row in states) == 117
    gambia = next(row for row in states if row["iso3"] == "GMB")
    assert (gambia["treaty.deposit.date"], gambia["treaty.deposit.instrument"]) == ("2024-06-13", "accession")
    members = list(csv.DictReader(io.StringIO(files["regions-members.csv"])))
    timor = next(row for row in members if row["slug"] == "asean" and row["state"] == "TLS")
    assert (timor["since"], timor["position"]) == ("2025-10-26", "11")
    process = list(csv.DictReader(io.StringIO(files["states-process.csv"])))
    assert any(row["iso3"] == "GMB" and row["sensitivity"] == "public" for row in process)
    # A table keeps its header even when this audience sees no row of it.
    assert files["states-contacts.csv"].splitlines() == ["iso3,position,name,role,organisation,email,phone,sensitivity"]
    engagements = list(csv.DictReader(io.StringIO(files["engagements.csv"])))
    assert [row["id"] for row in engagements] == ["2023-05-10-toolkit-khmer-myanmar", "2023-05-31-asean-workshop-jakarta"]
    assert (engagements[1]["states"], engagements[1]["status"]) == ("", "announced")
    assert "wgtu-csp9-report" in files["sources.csv"]


def test_json_document() -> None:
    files = {f.path: f.text for f in build_export(load_ok(DATA), "partners", "json")}
    document = json.loads(files["dataset.json"])
    assert document["export"] == {"audience": "partners", "as_of": "2026-02-03"}
    assert len(document["states"]) == 197 and len(document["engagements"]) == 2
    assert {a["id"] for a in document["actors"]} >= {"csp9-presidency", "unoda", "unrcpd", "control-arms"}


def test_the_readme_explains_fields_sensitivity_and_contributing() -> None:
    public = {f.path: f.text for f in build_export(load_ok(DATA), "public", "yaml")}["README.md"]
    assert "as at 3 February 2026, for the public: everything in it may be published" in public
    for expected in (
        "## Fields",
        "### engagements",
        "| `follow_up` | no | When a follow-up is due. |",
        "## Sensitivity",
        "## Contributing engagement records",
        "attu validate data/engagements/<id>.yaml",
        "Open a pull request",
        "id: 2023-05-31-asean-workshop-jakarta",  # the newest public engagement as the example
    ):
        assert expected in public, expected
    partners = {f.path: f.text for f in build_export(load_ok(DATA), "partners", "csv")}["README.md"]
    assert "do not publish it" in partners and "`regions-members.csv`" in partners


def test_restricted_is_refused(tmp_path: Path) -> None:
    result = run_cli("export", "--data", str(CANARY), "--out", str(tmp_path / "x"), "--audience", "restricted")
    assert result.exit_code == 2 and "public or partners only" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "shared"
    assert run_cli("export", "--data", str(CANARY), "--out", str(out), "--audience", "partners", "-f", "csv").exit_code == 0
    assert "QQPTNR" in _texts(out)
    again = run_cli("export", "--data", str(CANARY), "--out", str(out))
    assert again.exit_code == 2 and "not empty" in again.stderr
    # --force replaces the earlier export whole: no partners file survives in the public one.
    forced = run_cli("export", "--data", str(CANARY), "--out", str(out), "--force", "-f", "json")
    assert forced.exit_code == 0, forced.stderr
    assert "QQPTNR" not in _texts(out) and not list(out.glob("*.csv"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging directory left behind
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    refused = run_cli("export", "--data", str(CANARY), "--out", str(other), "--force")
    assert refused.exit_code == 2 and "not an attu export" in refused.stderr
    assert snapshot(other) == {"notes.txt": snapshot(other)["notes.txt"]}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("export", "--data", str(CANARY), "--out", str(empty)).exit_code == 0


def test_a_file_carrying_a_restricted_value_stops_the_whole_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import att_univ.documents.export as export

    original = export.readme

    def leaking_readme(view, fmt, files):  # type: ignore[no-untyped-def]
        secret = load_ok(CANARY).states["XCA"].notes[0].text
        return original(view, fmt, files) + f"\n{secret}\n"

    monkeypatch.setattr(export, "readme", leaking_readme)
    out = tmp_path / "export"
    result = run_cli("export", "--data", str(CANARY), "--out", str(out))
    assert result.exit_code == 4
    assert "states/XCA: notes[0].text" in result.stderr and "README.md" in result.stderr
    assert "QQRSTR" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_the_partners_guide_exists() -> None:
    guide = (REPO / "docs" / "CONTRIBUTING-PARTNERS.md").read_text(encoding="utf-8")
    for expected in ("attu export", "data/engagements/", "sensitivity", "attu validate", "pull request"):
        assert expected in guide
