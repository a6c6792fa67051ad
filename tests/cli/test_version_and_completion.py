"""attu --version, shell completion from the dataset, and --audience offering only what a command accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, run_cli


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"attu {version('attu')}\n"


def test_version_on_the_fast_path(capsys: pytest.CaptureFixture[str]) -> None:
    from att_univ.launcher import fast_path

    assert fast_path(["--version"]) == 0
    assert capsys.readouterr().out == f"attu {version('attu')}\n"


def _complete(shell: str, words: str, tmp_path: Path) -> str:
    """What the installed completion script would get from attu for the words typed."""
    env = {**os.environ, "_ATTU_COMPLETE": f"complete_{shell}", "ATTU_DATA": str(DATA)}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    launch = "import sys; sys.argv[0] = 'attu'; from att_univ.launcher import main; main()"
    done = subprocess.run([sys.executable, "-c", launch], env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_of_states_regions_and_cycles(shell: str, tmp_path: Path) -> None:
    assert "Switzerland" in _complete(shell, "attu show Swi", tmp_path)
    assert "GMB" in _complete(shell, "attu tiers --explain GM", tmp_path)
    regions = _complete(shell, "attu status --region asi", tmp_path)
    assert "asia-pacific" in regions and "asean" not in regions
    assert "csp9" in _complete(shell, "attu report --cycle csp", tmp_path)
    assert "untc-status-2026" in _complete(shell, "attu record deposit GMB 2026-01-01 -s untc-st", tmp_path)


@pytest.mark.parametrize(
    ("command", "offered"),
    [
        ("tiers", ["restricted"]),
        ("support", ["restricted"]),
        ("plan", ["restricted"]),
        ("coordinate", ["restricted"]),
        ("export", ["public", "partners"]),
        ("show", ["public", "partners", "restricted"]),
    ],
)
def test_audience_offers_only_what_the_command_accepts(command: str, offered: list[str], tmp_path: Path) -> None:
    help_text = run_cli(command, "--help", env={"COLUMNS": "200"}).stdout
    assert f"--audience <{'|'.join(offered)}>" in help_text
    completed = _complete("zsh", f"attu {command} --audience ", tmp_path)
    for audience in ("public", "partners", "restricted"):
        assert (f'"{audience}"' in completed) is (audience in offered), completed


def test_the_repository_is_where_the_tests_run() -> None:
    assert (REPO / "data" / "states").is_dir()
