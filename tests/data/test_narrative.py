"""Rule `unconfirmed-passage`: an unconfirmed passage quotes its record's own text, at the record's sensitivity."""

from __future__ import annotations

import shutil
from pathlib import Path

from att_univ.data.loader import load_dataset
from att_univ.data.rules.narrative import unconfirmed_passages
from tests.conftest import DATA, FIXTURES


def _problems(root: Path) -> list[str]:
    dataset = load_dataset(root).dataset
    assert dataset is not None
    return [f"{Path(p.path).name}:{p.line}:{p.column} {p.code}" for p in unconfirmed_passages(dataset)]


def _with_unconfirmed(tmp_path: Path, quote: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "canary", root)
    champion = root / "actors" / "canary-champion.yaml"
    champion.write_text(champion.read_text(encoding="utf-8") + f"unconfirmed:\n  - {quote}\n", encoding="utf-8")
    return root


def test_the_bundled_dataset_quotes_every_unconfirmed_passage() -> None:
    assert _problems(DATA) == []


def test_a_public_record_may_quote_its_public_text(tmp_path: Path) -> None:
    assert _problems(_with_unconfirmed(tmp_path, "Can work in French")) == []


def test_a_public_record_may_not_quote_a_restricted_part_of_itself(tmp_path: Path) -> None:
    # The offer is restricted: a public quote of it would carry it into public outputs.
    root = _with_unconfirmed(tmp_path, "QQRSTR offer summary its own legal review")
    assert _problems(root) == ["canary-champion.yaml:28:5 unconfirmed-passage"]
