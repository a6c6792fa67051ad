"""Items 1-4: nothing written outside the dataset, nothing deleted that attu did not write,
no update lost to a concurrent writer, no value changed that the writer did not mean to touch."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
import typer.main
import typer.testing

from att_univ.cli import app
from att_univ.data.loader import load_dataset
from tests.conftest import run_cli, snapshot


@pytest.mark.parametrize("engagement_id", ["../states/zzz", "../../../../escaped/x", "a/b", "UPPER", "", "x--y", "a" * 81])
def test_item01_record_engagement_id_is_a_slug(small_data: Path, engagement_id: str) -> None:
    before = snapshot(small_data.parent)
    result = run_cli(
        "record",
        "engagement",
        engagement_id,
        "--date",
        "2026-01-10",
        "--kind",
        "call",
        "--title",
        "A call",
        "--data",
        str(small_data),
    )
    assert result.exit_code == 2, result.output
    assert "lower-case letters" in result.stderr
    assert snapshot(small_data.parent) == before
    assert not (small_data / "states" / "zzz.yaml").exists()


def test_item01_a_slug_id_is_still_recorded(small_data: Path) -> None:
    result = run_cli(
        "record",
        "engagement",
        "2026-01-gambia-call",
        "--date",
        "2026-01-10",
        "--kind",
        "call",
        "--title",
        "A call",
        "--data",
        str(small_data),
    )
    assert result.exit_code == 0, result.output
    assert (small_data / "engagements" / "2026-01-gambia-call.yaml").is_file()


def _export(out: Path, *extra: str) -> None:
    result = run_cli("export", "--out", str(out), "--data", str(Path("data")), *extra)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("foreign", ["precious.txt", ".git/HEAD", "mywork/notes.md", "states/extra.yaml"])
def test_item02_export_force_keeps_what_attu_did_not_write(small_data: Path, tmp_path: Path, foreign: str) -> None:
    out = tmp_path / "export"
    _export(out)
    planted = out / foreign
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("mine\n")
    result = run_cli("export", "--out", str(out), "--force", "--data", str(small_data))
    assert result.exit_code == 2, result.output
    assert "attu did not write" in result.stderr
    assert planted.read_text() == "mine\n"


def test_item02_export_force_replaces_an_untouched_export(small_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    _export(out)
    (out / "README.md").write_text("edited\n")  # a file attu wrote, changed: still attu's to replace
    _export(out, "--force")
    assert (out / "README.md").read_text() != "edited\n"
    assert json.loads((out / "attu-export.json").read_text())["audience"] == "public"


ROUNDS = 50
WRITERS = 4
STAGES = ("intention-declared", "under-consideration", "legal-review", "legislation")


def _record_step(data: str, writer: int, barrier: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    barrier.wait()
    result = run_cli(
        "record",
        "process",
        "IND",
        STAGES[writer],
        f"2026-01-0{writer + 1}",
        "--summary",
        f"writer {writer}",
        "--data",
        data,
    )
    results.put((writer, result.exit_code, result.stderr))


def test_item03_concurrent_writers_never_lose_an_update(small_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """50 rounds of 4 processes recording a step each at the same moment: every step that was
    reported recorded is in the file (forked processes, so that the rounds stay fast)."""
    command = typer.main.get_command(app)  # built once, before the forks, not once per process
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    context = multiprocessing.get_context("fork")
    state_file = small_data / "states" / "ind.yaml"
    original = state_file.read_bytes()
    warm_up = run_cli("record", "process", "IND", "legal-review", "2026-01-01", "--data", str(small_data))
    assert warm_up.exit_code == 0, warm_up.output  # imports done once, before the forks
    for _ in range(ROUNDS):
        state_file.write_bytes(original)
        barrier = context.Barrier(WRITERS)
        results = context.Queue()
        writers = [context.Process(target=_record_step, args=(str(small_data), n, barrier, results)) for n in range(WRITERS)]
        for process in writers:
            process.start()
        outcomes = [results.get(timeout=60) for _ in writers]
        for process in writers:
            process.join(timeout=60)
        recorded = {writer for writer, code, _ in outcomes if code == 0}
        refused = [stderr for _, code, stderr in outcomes if code != 0]
        assert all("run the command again" in stderr for stderr in refused), refused
        dataset = load_dataset(small_data).dataset
        assert dataset is not None
        summaries = {step.summary for step in dataset.states["IND"].process}
        assert {f"writer {n}" for n in recorded} <= summaries
        assert len(recorded) == WRITERS  # with the lock, each waits its turn: none is turned away
