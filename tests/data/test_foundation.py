"""Dataset discovery, the validate/schema/fmt commands, the audience projection and the guard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from att_univ.core.errors import ConfidentialityError, UsageError
from att_univ.data.discovery import bundled_data, find_dataset
from att_univ.data.guard import guard_for
from att_univ.data.loader import load_dataset
from att_univ.data.schemas import schema_names, schema_text
from tests.conftest import DATA, REPO, replace_file, run_cli, snapshot

# --- finding the dataset ------------------------------------------------------------------


def test_option_wins_over_everything(tmp_path: Path) -> None:
    located = find_dataset(DATA, environ={"ATTU_DATA": str(tmp_path)}, cwd=tmp_path)
    assert located.root == DATA.resolve()
    assert located.how == "--data option"


def test_option_accepts_the_directory_above_data() -> None:
    assert find_dataset(REPO, environ={}).root == DATA.resolve()


def test_environment_variable_comes_next(tmp_path: Path) -> None:
    located = find_dataset(None, environ={"ATTU_DATA": str(DATA)}, cwd=tmp_path)
    assert located.root == DATA.resolve()
    assert located.how == "$ATTU_DATA"


def test_nearest_ancestor_holding_data_states(tmp_path: Path) -> None:
    (tmp_path / "data" / "states").mkdir(parents=True)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_dataset(None, environ={}, cwd=deep).root == (tmp_path / "data").resolve()
    inside = tmp_path / "data" / "states"
    assert find_dataset(None, environ={}, cwd=inside).root == (tmp_path / "data").resolve()


def test_bundled_dataset_last(tmp_path: Path) -> None:
    located = find_dataset(None, environ={}, cwd=tmp_path)
    assert located.root == bundled_data()
    assert "bundled" in located.how


def test_a_wrong_data_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        find_dataset(tmp_path, environ={})
    result = run_cli("validate", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "no dataset at" in result.stderr


def test_verbose_says_which_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--verbose", env={"ATTU_DATA": str(DATA)})
    assert result.exit_code == 0
    assert f"using dataset {DATA.resolve()} ($ATTU_DATA)" in result.stderr


# --- validate, schema, fmt ----------------------------------------------------------------


def test_the_bundled_dataset_is_valid() -> None:
    result = run_cli("validate", "--data", str(DATA))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "all valid" in result.stderr


def test_validate_formats(linked_copy: Path) -> None:
    path = linked_copy / "states" / "afg.yaml"
    replace_file(path, path.read_text().replace("date: 2020-10-27", "date: 2020-10-28"))

    as_json = run_cli("validate", "--data", str(linked_copy), "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == [
        {
            "path": "data/states/afg.yaml",
            "line": 29,
            "column": 11,
            "severity": "error",
            "code": "entry-into-force",
            "message": "entry into force should be 2020-10-27 under Art. 22 for this deposit date",
        }
    ]
    github = run_cli("validate", "--data", str(linked_copy), "--format", "github")
    assert github.stdout == (
        "::error file=data/states/afg.yaml,line=29,col=11,title=entry-into-force::"
        "entry into force should be 2020-10-27 under Art. 22 for this deposit date\n"
    )


def test_validate_single_files_by_their_folder(linked_copy: Path) -> None:
    good = run_cli("validate", "data/states/gmb.yaml", "data/regions/asean.yaml")
    assert good.exit_code == 0
    bad = linked_copy / "states" / "zzz.yaml"
    bad.write_text("iso3: ZZZ\n")
    result = run_cli("validate", str(bad))
    assert result.exit_code == 1
    assert "missing-field" in result.stdout
    stray = linked_copy / "elsewhere.yaml"
    stray.write_text("a: 1\n")
    assert "unknown-kind" in run_cli("validate", str(stray)).stdout


def test_unknown_option_is_a_usage_error() -> None:
    result = run_cli("validate", "--format", "xml")
    assert result.exit_code == 2


def test_committed_schemas_are_current() -> None:
    for name, model in schema_names().items():
        committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(model, f"attu {name} file"), f"run `make schemas` ({name})"


def test_schema_command_prints_json() -> None:
    result = run_cli("schema", "region")
    assert json.loads(result.stdout)["title"] == "attu region file"
    assert run_cli("schema", "nonsense").exit_code == 2


def test_every_data_file_points_editors_at_its_schema() -> None:
    for path in DATA.glob("*/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = path.parent.name.removesuffix("s")
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json", path


def test_fmt_check_passes_on_the_bundled_dataset() -> None:
    result = run_cli("fmt", "--check", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr


def test_fmt_rewrites_layout_but_keeps_comments(linked_copy: Path) -> None:
    path = linked_copy / "states" / "gmb.yaml"
    original = path.read_text()
    messy = original.replace("iso2: GM", "iso2:    GM   # ISO 3166-1\n").replace("    basis:", "    basis:  ")
    messy = messy.replace("sources: [iso-3166, un-m49]", "sources:\n- iso-3166\n- un-m49")
    replace_file(path, messy.replace("# yaml-language-server: $schema=../../schemas/state.schema.json\n", ""))
    before = snapshot(linked_copy)

    check = run_cli("fmt", "--check", "--data", str(linked_copy))
    assert check.exit_code == 1
    assert "would reformat data/states/gmb.yaml" in check.stderr
    assert snapshot(linked_copy) == before

    assert run_cli("fmt", "--data", str(linked_copy)).exit_code == 0
    fixed = path.read_text()
    assert fixed.startswith("# yaml-language-server: $schema=../../schemas/state.schema.json\n")
    assert "# ISO 3166-1" in fixed
    assert run_cli("fmt", "--check", "--data", str(linked_copy)).exit_code == 0
    assert run_cli("validate", "--data", str(linked_copy)).exit_code == 0


def test_fmt_refuses_unsafe_files_and_writes_nothing(linked_copy: Path) -> None:
    path = linked_copy / "states" / "gmb.yaml"
    replace_file(path, path.read_text() + "extra: &a [1]\nmore: *a\n")
    before = snapshot(linked_copy)
    result = run_cli("fmt", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "error[anchor]" in result.stdout
    assert snapshot(linked_copy) == before


# --- audience projection and confidentiality guard ------------------------------------------

CANARY = "Canary-7f3a-restricted-readiness-rationale"
CANARY_CONTACT = "canary.person@example.org"


@pytest.fixture
def sensitive_dataset(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    path = root / "states" / "kir.yaml"
    path.write_text(
        path.read_text()
        + "readiness:\n"
        + f"  - level: near-term\n    assessed_on: 2025-06-01\n    rationale: {CANARY}\n"
        + "contacts:\n"
        + f"  - name: Canary Person\n    email: {CANARY_CONTACT}\n    sensitivity: partners\n"
        + "notes:\n  - text: A public note about Kiribati and the treaty.\n    sensitivity: public\n"
    )
    return root


def test_projection_removes_what_the_audience_may_not_see(sensitive_dataset: Path) -> None:
    full = load_dataset(sensitive_dataset).dataset
    assert full is not None
    kiribati = full.states["KIR"]
    assert len(kiribati.readiness) == 1 and len(kiribati.contacts) == 1

    public = full.for_audience("public").states["KIR"]
    assert public.readiness == () and public.contacts == ()
    assert [n.text for n in public.notes] == ["A public note about Kiribati and the treaty."]
    assert public.treaty == kiribati.treaty

    partners = full.for_audience("partners").states["KIR"]
    assert partners.readiness == () and len(partners.contacts) == 1
    assert full.for_audience("restricted") is full
    assert full.states["GMB"] is full.for_audience("public").states["GMB"]  # nothing hidden: same object


def test_guard_refuses_restricted_text_and_names_the_field(sensitive_dataset: Path) -> None:
    full = load_dataset(sensitive_dataset).dataset
    assert full is not None
    guard = guard_for(full, "public")
    guard.check("Kiribati signed on 25 September 2013. A public note about Kiribati and the treaty.")
    with pytest.raises(ConfidentialityError) as caught:
        guard.check(f"| KIR | {CANARY.upper()} |")
    assert "states/KIR: readiness[0].rationale" in caught.value.message
    assert CANARY not in caught.value.message
    with pytest.raises(ConfidentialityError):
        guard.check("Contact: canary.person\\@example.org")  # Markdown-escaped still counts
    with pytest.raises(ConfidentialityError):
        guard.check(f"<td>{CANARY[:40]}</td>")  # the start of a long value is enough
    partners = guard_for(full, "partners")
    partners.check(f"Contact: {CANARY_CONTACT}")
    with pytest.raises(ConfidentialityError):
        partners.check(CANARY)
    guard_for(full, "restricted").check(CANARY)


def test_codes_and_choices_are_not_secrets(sensitive_dataset: Path) -> None:
    guard = guard_for(load_dataset(sensitive_dataset).dataset, "public")
    guard.check("near-term 2025-06-01 KIR")
