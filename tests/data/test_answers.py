"""Recorded answers: the same bytes as the full command line, and never an answer the files no longer give."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from att_univ import launcher
from att_univ.data import answers
from tests.conftest import run_cli

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, private_copy

ANSWERED = [
    ["show", "gmb"],
    ["show", "Gambia", "--format", "json"],
    ["validate"],
    ["signals", "--format", "csv"],
    ["report", "--cycle", "csp9", "--format", "markdown"],
]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a fresh copy are younger than the settling time: let them count as settled."""
    monkeypatch.setattr(answers, "SETTLE_NS", 0)


def run_launcher(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`attu ARGV` through the launcher, in this process: exit code, stdout, stderr."""
    saved = sys.argv
    sys.argv = ["attu", *argv]
    try:
        with pytest.raises(SystemExit) as exit_:
            launcher.main()
    finally:
        sys.argv = saved
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def replayed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str] | None:
    request = launcher.answer_request(argv)
    assert request is not None
    code = launcher.replay(request)
    out, err = capsys.readouterr()
    return None if code is None else (code, out, err)


@pytest.mark.parametrize("argv", ANSWERED, ids=" ".join)
def test_a_recorded_answer_is_what_the_full_command_line_prints(in_data_copy, settled, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    argv = [*argv, "--data", "data"]
    full = run_cli(*argv)
    first = run_launcher(argv, capsys)
    assert first == (full.exit_code, full.stdout, full.stderr)
    assert replayed(argv, capsys) == first


def test_an_edit_in_place_is_seen_even_with_size_and_mtime_restored(private_copy: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "gmb", "--data", "data"]
    run_launcher(argv, capsys)
    assert replayed(argv, capsys) is not None
    path = private_copy / "states" / "gmb.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Gambia", "Gambiz", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert replayed(argv, capsys) is None
    _, out, _ = run_launcher(argv, capsys)
    assert "Gambiz" in out


def test_a_new_file_and_another_day_are_other_answers(private_copy: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    argv = ["validate", "--data", "data"]
    run_launcher(argv, capsys)
    assert replayed(argv, capsys) is not None
    root, cwd = str(private_copy.resolve()), os.getcwd()
    today = answers.request_key(argv, root, cwd, os.environ, (False, False), dt.date(2026, 12, 3))
    tomorrow = answers.request_key(argv, root, cwd, os.environ, (False, False), dt.date(2026, 12, 4))
    assert today != tomorrow
    (private_copy / "engagements" / "zz-new.yaml").write_text("id: zz-new\n", encoding="utf-8")
    assert replayed(argv, capsys) is None
    code, out, err = run_launcher(argv, capsys)
    assert code == 1 and "zz-new.yaml" in out + err


def test_young_files_are_not_recorded(private_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "gmb", "--data", "data"]
    (private_copy / "states" / "gmb.yaml").touch()
    run_launcher(argv, capsys)
    assert replayed(argv, capsys) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "gmb", "--out", "gmb.txt"],
        ["tiers", "--format", "json", "--out", "tiers.json"],
        ["report", "--cycle", "csp9", "--templates", "t"],
        ["record", "signature", "GMB"],
        ["show", "--help"],
    ],
    ids=" ".join,
)
def test_nothing_that_writes_is_kept(in_data_copy, settled, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Restricted outputs are kept too (tests/data/test_answers_restricted.py); what writes or asks for help is not."""
    assert not answers.answerable(argv)
    assert launcher.answer_request([*argv, "--data", "data"]) is None


def test_a_forged_answer_file_is_ignored(private_copy: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "gmb", "--data", "data"]
    run_launcher(argv, capsys)
    path = Path(answers.cache_paths(str(private_copy.resolve()))[0])
    body = path.read_bytes()
    path.write_bytes(body.replace(b"Gambia", b"Gambix"))  # rewritten without the user's secret
    assert replayed(argv, capsys) is None
    path.write_bytes(answers.MAGIC + b"\0" * 40)
    assert replayed(argv, capsys) is None


def test_a_replayed_answer_imports_neither_typer_nor_the_models(in_data_copy, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    run_launcher(["show", "gmb", "--data", "data"], capsys)
    script = (
        "import sys; from att_univ.launcher import main; sys.argv = ['attu', 'show', 'gmb', '--data', 'data']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('typer', 'pydantic', 'att_univ.data.models', 'rich', 'jinja2', 'git', 'babel', 'ruamel')\n"
        "sys.stderr.write(repr(sorted(m for m in heavy if m in sys.modules)))"
    )
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "Gambia (GMB)" in warm.stdout
    assert warm.stderr.endswith("[]"), warm.stderr


def test_history_and_diff_answers_follow_the_repository(private_copy: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=private_copy.parent, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", "data")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "data")
    run_launcher(["show", "gmb", "--data", "data"], capsys)
    for argv in (["history", "GMB", "--data", "data"], ["diff", "HEAD", "--data", "data"]):
        full = run_cli(*argv)
        assert run_launcher(argv, capsys) == (full.exit_code, full.stdout, full.stderr)
        assert replayed(argv, capsys) == (full.exit_code, full.stdout, full.stderr)
    assert replayed(["show", "gmb", "--data", "data"], capsys) is not None  # answers that depend on git evict none
    path = private_copy / "states" / "gmb.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "comment")
    assert replayed(["history", "GMB", "--data", "data"], capsys) is None
    code, out, _ = run_launcher(["history", "GMB", "--data", "data"], capsys)
    assert code == 0 and "2 commits" in out
