"""Items 6-8: what the public may not see does not reach it through a source's title or an id,
and text that is itself public raises no false alarm."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

LETTER = "Letter from the minister promising ratification in March"


def _add_source(data: Path, source_id: str, title: str) -> None:
    meta = data / "dataset.yaml"
    text = meta.read_text()
    assert "sources:\n" in text
    meta.write_text(text.replace("sources:\n", f"sources:\n  {source_id}:\n    title: {title}\n", 1))


def _append(data: Path, iso3: str, text: str) -> None:
    state = data / "states" / f"{iso3.lower()}.yaml"
    state.write_text(state.read_text() + text)


def test_item06_a_source_cited_only_by_restricted_facts_stays_restricted(small_data: Path, tmp_path: Path) -> None:
    _add_source(small_data, "minister-letter", LETTER)
    _append(
        small_data,
        "IND",
        "process:\n  - stage: intention-declared\n    date: 2026-01-05\n    sources: [minister-letter]\n",
    )
    assert run_cli("validate", "--data", str(small_data)).exit_code == 0
    for fmt in ("yaml", "json", "csv"):
        out = tmp_path / f"export-{fmt}"
        result = run_cli("export", "--format", fmt, "--out", str(out), "--data", str(small_data))
        assert result.exit_code == 0, result.output
        exported = "".join(path.read_text() for path in out.rglob("*") if path.is_file())
        assert "minister" not in exported.lower()
        assert "untc-status-2026" in exported  # sources that public facts cite are still there
    restricted = run_cli("show", "IND", "--audience", "restricted", "--data", str(small_data))
    assert restricted.exit_code == 0, restricted.output


def test_item07_a_public_record_never_names_a_restricted_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "canary", data)
    offer = data / "resources" / "public-offer.yaml"
    offer.write_text(offer.read_text().replace("programme: other\n", "programme: other\nprovider_actor: canary-ngo\n"))
    result = run_cli("validate", "--data", str(data))
    assert result.exit_code == 1, result.output
    assert "resources/public-offer.yaml:4:17: error[sensitivity-mismatch]" in result.stdout
    assert "canary-ngo" in result.stdout  # the id, which validate's WGTU readers may see
    exported = run_cli("export", "--out", str(tmp_path / "export"), "--data", str(data))
    assert exported.exit_code == 1


def test_item08_public_text_raises_no_false_alarm(small_data: Path, tmp_path: Path) -> None:
    _add_source(small_data, "mfa-statement", "Statement by the Ministry of Foreign Affairs of India")
    _append(
        small_data,
        "IND",
        "process:\n"
        "  - stage: under-consideration\n    date: 2026-01-05\n    sensitivity: public\n"
        "    summary: The minister said the state is about to ratify the treaty\n    sources: [mfa-statement]\n"
        "notes:\n  - text: about to ratify the treaty\n"
        "contacts:\n  - name: A discreet official\n    organisation: Ministry of Foreign Affairs\n",
    )
    assert run_cli("validate", "--data", str(small_data)).exit_code == 0
    for args in (("export", "--out", str(tmp_path / "export")), ("status",), ("show", "IND"), ("engagements",)):
        result = run_cli(*args, "--data", str(small_data))
        assert result.exit_code == 0, (args, result.output)
    shown = run_cli("show", "IND", "--data", str(small_data))
    assert "A discreet official" not in shown.stdout


def test_item08_the_guard_still_stops_restricted_text(small_data: Path) -> None:
    from att_univ.core.errors import ConfidentialityError
    from att_univ.data.guard import guard_for
    from att_univ.data.loader import load_dataset

    _add_source(small_data, "minister-letter", LETTER)
    _append(
        small_data,
        "IND",
        "notes:\n  - text: A confidential assessment of the cabinet\n    sources: [minister-letter]\n",
    )
    full = load_dataset(small_data).dataset
    assert full is not None
    guard = guard_for(full, "public")
    for leaked in ("a confidential assessment of the cabinet", LETTER):
        try:
            guard.check(f"text with {leaked} inside")
        except ConfidentialityError:
            continue
        raise AssertionError(f"not stopped: {leaked}")


def test_item06_a_public_diff_leaves_out_a_source_only_restricted_facts_cite(small_data: Path) -> None:
    from att_univ.data.loader import load_dataset
    from att_univ.review.changes import Snapshot, compare
    from att_univ.views.review import diff_view

    before = load_dataset(small_data)
    _add_source(small_data, "minister-letter", LETTER)
    _append(small_data, "IND", "process:\n  - stage: intention-declared\n    date: 2026-01-05\n    sources: [minister-letter]\n")
    after = load_dataset(small_data)
    assert before.dataset is not None and after.dataset is not None
    changes = compare(Snapshot(before.dataset, before.problems, "a"), Snapshot(after.dataset, after.problems, "b"))
    assert "minister" not in str(diff_view(changes, "public")).lower()
    assert "minister" in str(diff_view(changes, "restricted")).lower()
