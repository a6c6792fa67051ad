"""The fast path: the same bytes as the typer commands, or it stands aside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from att_univ import launcher
from att_univ.cli import app
from att_univ.data.discovery import find_dataset
from tests.conftest import REPO, run_cli

SAME_OUTPUT = [
    ["status"],
    ["status", "--format", "json"],
    ["status", "-f", "csv", "--as-of", "2023-02-15"],
    ["status", "--format=markdown", "--region=asean"],
    ["status", "--as-of", "2014-12-23", "--by", "organisation", "-v"],
    ["status", "--by", "m49-intermediate-region", "--verbose"],
    ["status", "--as-of", "2030-01-01"],  # with a note on stderr
    ["timeline"],
    ["timeline", "-f", "json"],
    ["timeline", "--format", "csv"],
]

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, real_index, private_copy


@pytest.mark.parametrize("argv", SAME_OUTPUT, ids=" ".join)
def test_the_fast_path_prints_what_the_typer_command_prints(in_data_copy, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    full = run_cli(*argv, "--data", "data")
    assert full.exit_code == 0  # and the cache is current now
    assert launcher.fast_path([*argv, "--data", "data"]) == 0
    fast = capsys.readouterr()
    assert fast.out == full.stdout
    notes = [line for line in full.stderr.splitlines() if "dataset validated" not in line and "treaty index" not in line]
    assert [line for line in fast.err.splitlines() if "treaty index" not in line] == notes


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["show", "GMB"],
        ["status", "--help"],
        ["status", "-h"],
        ["status", "--out", "x.txt"],
        ["status", "-fjson"],  # click reads this; the fast path leaves it to click
        ["status", "--format"],
        ["status", "--format", "json", "--format", "csv"],
        ["status", "--unknown"],
        ["status", "--region", "-x"],
        ["status", "--verbose=yes"],
        ["status", "extra"],
        ["timeline", "--as-of", "2020-01-01"],
        ["--debug", "status"],
    ],
    ids=lambda argv: " ".join(argv) or "nothing",
)
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert launcher.parse(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--format", "xml"],
        ["status", "--region", "ecowa"],
        ["status", "--by", "organization"],
        ["status", "--as-of", "2023-02-30"],
        ["status", "--data", "/nonexistent"],
    ],
    ids=" ".join,
)
def test_errors_are_left_to_typer_and_nothing_is_printed(in_data_copy, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    run_cli("status", "--data", "data")  # a current cache
    data = [] if "--data" in argv else ["--data", "data"]
    assert launcher.fast_path([*argv, *data]) is None
    assert capsys.readouterr() == ("", "")


def test_no_cache_no_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".attu-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert launcher.fast_path(["status", "--data", str(tmp_path / "data")]) is None
    assert capsys.readouterr() == ("", "")


def test_the_fast_path_knows_every_option_of_the_commands() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, spec in launcher.OPTIONS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        declared = {opt for param in command.params for opt in param.opts}
        known = set(spec) | set(launcher.FLAGS) | set(launcher.LEFT_TO_TYPER)
        assert declared | {"--help", "-h"} == known, name
        for param in command.params:
            for opt in param.opts:
                if opt in spec:
                    assert spec[opt] == param.name, opt  # the same parameter


def test_the_guard_stops_the_fast_path(in_data_copy, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from att_univ.treaty import cache

    run_cli("status", "--data", "data")
    real = cache.read_index

    def with_a_secret(root):  # type: ignore[no-untyped-def]
        index = real(root)
        return index._replace(public_secrets=(("african group", "states/xyz: notes[0].text"),))

    monkeypatch.setattr(cache, "read_index", with_a_secret)
    assert launcher.fast_path(["status", "--data", "data"]) is None  # typer then reports it (exit 4)
    assert capsys.readouterr() == ("", "")

    import att_univ.cli.status as commands

    monkeypatch.setattr(commands, "open_index", lambda data, verbose=False: (find_dataset(data), with_a_secret(data)))
    result = run_cli("status", "--data", "data")
    assert result.exit_code == 4 and result.stdout == ""
    assert "states/xyz: notes[0].text" in result.stderr


def _layout(tmp_path: Path) -> dict[str, Path]:
    project = tmp_path / "project"
    (project / "data" / "states").mkdir(parents=True)
    (project / "deep" / "er").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(project)
    return {"project": project, "data": project / "data", "deep": project / "deep" / "er", "elsewhere": tmp_path / "elsewhere"}


@pytest.mark.parametrize(
    ("option", "env", "cwd"),
    [
        (None, None, "deep"),
        (None, None, "data"),
        (None, None, "project"),
        (None, None, "elsewhere"),
        ("project", None, "elsewhere"),
        ("data", None, "elsewhere"),
        ("link", None, "elsewhere"),
        ("missing", None, "elsewhere"),
        (None, "project", "elsewhere"),
        (None, "missing", "deep"),
        ("~", None, "elsewhere"),
    ],
)
def test_the_dataset_is_found_as_paths_finds_it(tmp_path: Path, option: str | None, env: str | None, cwd: str) -> None:
    places = _layout(tmp_path)
    places["link"] = tmp_path / "link"
    places["missing"] = tmp_path / "missing"
    option_path = "~" if option == "~" else (str(places[option]) if option else None)
    environ = {"ATTU_DATA": str(places[env])} if env else {}
    here = str(places[cwd])
    try:
        expected = find_dataset(Path(option_path) if option_path else None, environ=environ, cwd=Path(here))
    except Exception:
        expected = None
    found = launcher.locate_dataset(option_path, environ, here)
    if expected is None:
        assert found is None
    else:
        assert found == (str(expected.root), expected.how)


def test_the_bundled_dataset_is_the_repository_data_in_a_checkout() -> None:
    root, how = launcher.locate_dataset(None, {}, os.path.abspath(os.sep)) or ("", "")
    assert (root, how) == (str(find_dataset(None, environ={}, cwd=Path(os.sep)).root), "the dataset bundled with attu")


def test_a_failure_in_the_fast_path_falls_back_to_the_full_command_line(in_data_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from att_univ.views import status as status_view

    run_cli("status", "--data", "data")  # writes the cache

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in the fast path")

    monkeypatch.setattr(status_view, "status_output", broken)
    assert launcher.fast_path(["status", "--data", "data"]) is None
