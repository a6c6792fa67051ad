"""The documentation stays true to the program: examples run, the command table and reference match the CLI.

Every `$ attu ...` line in a fenced block of README.md or docs/*.md runs on the bundled dataset;
the lines after it, up to the next `$` line or the end of the block, are its expected output
(`...` on a line of its own stands for any number of lines).
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from att_univ.cli import app
from tests.conftest import REPO, run_cli

README = REPO / "README.md"
DOCS = REPO / "docs"
# Guides other people write in this round: the README may link them before they land.
PLANNED = {"signals.md", "site.md", "hardening.md", "performance.md", "using-attu.md", "development.md"}


@dataclass(frozen=True)
class Example:
    where: str  # "README.md:63"
    command: str
    expected: tuple[str, ...]


def examples(path: Path) -> list[Example]:
    found: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    in_block = False
    current: tuple[int, str] | None = None
    expected: list[str] = []

    def close() -> None:
        nonlocal current, expected
        if current is not None:
            found.append(Example(f"{path.relative_to(REPO)}:{current[0]}", current[1], tuple(expected)))
        current, expected = None, []

    for number, line in enumerate(lines, start=1):
        if line.startswith("```"):
            close()
            in_block = not in_block
        elif in_block and line.startswith("$ "):
            close()
            current = (number, line[2:])
        elif current is not None:
            expected.append(line)
    return found


DOC_FILES = [README, *sorted(DOCS.glob("*.md"))]
EXAMPLES = [example for path in DOC_FILES for example in examples(path)]


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Whether actual lines fit the expected ones, `...` standing for any number of lines."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line.rstrip()) + r"\n" for line in expected)
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in actual)) is not None


def test_there_are_examples_in_the_readme_and_the_guides():
    assert sum(e.where.startswith("README.md") for e in EXAMPLES) >= 3
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_every_example_runs_and_prints_what_the_text_shows(example: Example, dataset_copy: Path):
    words = shlex.split(example.command)
    assert words[0] == "attu", f"{example.where}: examples run attu only"
    # On a copy of the bundled dataset, found as ./data: an example that records a fact must not change the real one.
    result = run_cli(*words[1:], env={"COLUMNS": "100", "NO_COLOR": "1"})
    actual = result.output.rstrip("\n").splitlines()  # as a terminal shows it: stdout and stderr
    assert matches(example.expected, actual), f"{example.where}: `{example.command}` printed:\n{result.output}"


def test_the_matcher_elides_and_compares():
    assert matches(("a", "...", "d"), ["a", "b", "c", "d"])
    assert matches(("a", "...", "b"), ["a", "b"])
    assert not matches(("a", "b"), ["a", "c"])
    assert not matches(("a",), ["a", "b"])


# --- the README ----------------------------------------------------------------------------------


def test_the_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def cli_commands() -> set[str]:
    group = typer.main.get_command(app)
    context = typer.Context(group)
    return {name for name in group.list_commands(context) if not group.get_command(context, name).hidden}  # type: ignore[attr-defined,union-attr]


def table_commands() -> list[str]:
    rows = re.findall(r"^\| `attu ([a-z-]+)[^`]*` \|", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return rows


def test_the_readme_command_table_lists_every_command_and_nothing_else():
    listed = table_commands()
    assert len(listed) == len(set(listed)), "a command is listed twice"
    assert set(listed) == cli_commands()


def test_the_readme_has_the_set_up_commands_and_exit_codes():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    codes = re.findall(r"^\| (\d+) \|", text, flags=re.MULTILINE)
    from att_univ.core.errors import ExitCode

    assert sorted(map(int, codes)) == sorted(int(code) for code in ExitCode)


def test_links_to_files_in_the_repository_lead_somewhere():
    missing = []
    for path in DOC_FILES:
        text = re.sub(r"`[^`\n]*`", "", path.read_text(encoding="utf-8"))  # code spans are not links
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            resolved = (path.parent / target).resolve()
            if not resolved.exists() and not (resolved.parent == DOCS and resolved.name in PLANNED):
                missing.append(f"{path.relative_to(REPO)} → {target}")
    assert missing == []


def test_the_command_reference_is_up_to_date():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import command_reference
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert (DOCS / "commands.md").read_text(encoding="utf-8") == command_reference.reference(), "run: make docs"
