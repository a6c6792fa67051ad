"""Every command of attu, in every format, on an encrypted dataset (issue 12).

The commands and their `--format` choices are read from the CLI itself, so a command or a format
added later is swept without anyone remembering; the arguments each command needs come from one
table, ARGUMENTS, and a command missing from it fails the sweep.

The dataset is the canary one (every restricted text holds QQRSTR, every partners text QQPTNR),
encrypted and committed in a repository of its own, with a second commit recording a restricted
fact. Each sweep works on a clone of that repository, as a partner or a stranger would, holding no
key at all or a partners key: no output, no file written and nothing in the clone's whole history
may hold a canary above what the key opens. Commands that change the dataset run on a throwaway
copy of the clone, and their files and history are searched too. With the restricted key, every
command reads the same before and after encryption.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, run_cli
from tests.data.test_encryption import CANARY, MARKS, PHONE, Keys
from tests.support.commands import every_command

UNTC_PAGE = str(FIXTURES / "untc" / "untc_att_20260203.html")
OTHER_KEY = "age1rw6wrhvzpkqdhgtjuhuj4jz8d7vmkmcatmlxzv0w2j2yevd8jakq8vtkyk"
# What a user types into a writing command: restricted unless they say otherwise, so it must reach
# the files and the history only as ciphertext. (Their own terminal may echo it back to them.)
TYPED = "qqtyped"

# The arguments each command needs besides --data, --format and --audience: one line per command, with one
# tuple per way of running it. "{out}" is a fresh path in the test's own folder.
ARGUMENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "calendar": (("--out", "{out}.ics"),),
    "champions": ((),),
    "coordinate": ((),),
    "diff": (("HEAD~1", "HEAD"), ("HEAD~1",)),
    "encrypt": ((),),
    "engagements": ((), ("--state", "XCA")),
    "export": (("--out", "{out}"),),
    "fmt": ((),),
    "history": (("XCA",),),
    "keys add": (("canary-holder", OTHER_KEY, "--audience", "partners"),),
    "keys check": ((),),
    "keys init": ((),),
    "keys remove": (("test-partners",),),
    "keys rotate": ((),),
    "plan": ((), ("--plan", "public-plan", "--region", "canary-group")),
    "reconcile": ((UNTC_PAGE,), (UNTC_PAGE, "--apply")),
    "record as-of": (("2026-06-01", "--source", "canary", "--commit"),),
    "record deposit": (("XCN", "2025-06-01", "--instrument", "accession", "--source", "canary", "--commit"),),
    "record engagement": (
        (
            "canary-new-meeting",
            "--date",
            "2025-06-01",
            "--kind",
            "meeting",
            "--title",
            f"Met {TYPED}",
            "--state",
            "XCB",
            "--summary",
            f"Said {TYPED}",
            "--commit",
        ),
    ),
    "record process": (("XCA", "legislation", "2026-01-10", "--summary", f"Bill {TYPED} tabled", "--commit"),),
    "record signature": (("XCB", "2014-01-10", "--source", "canary", "--commit"),),
    "report": (("--cycle", "csp11"),),
    "schema": ((), ("state",)),
    "show": (("XCA",), ("XCB",)),
    "signals": ((),),
    "site": (("--out", "{out}"),),
    "source add": (("canary-new-source", "--title", "A canary source", "--commit"),),
    "status": ((),),
    "support": ((), ("XCA",)),
    "tiers": ((), ("--explain", "XCA")),
    "timeline": ((),),
    "validate": ((),),
}
# Commands that change the dataset: each run gets a throwaway copy of the clone.
WRITERS = ("record ", "source ", "keys ", "encrypt", "fmt")
# Formats that are files, not text: written with --out and searched there (a Word file: its XML parts).
FILE_FORMATS = {"docx", "html"}
# Exit codes that are a command's normal answer: reconcile says "the page differs" with 1.
NORMAL_EXITS = {"reconcile": {1}}
RECIPIENT_AUDIENCE = {"keys add"}  # its --audience says whom a key is for, not whom the output is for


COMMANDS = every_command()


def _formats(command: Any) -> list[str | None]:
    option = next((p for p in command.params if "--format" in p.opts), None)
    return [None] if option is None else list(option.type.choices)


def _takes(command: Any, flag: str) -> bool:
    return any(flag in p.opts for p in command.params)


def _audience_default(command: Any) -> str | None:
    option = next((p for p in command.params if "--audience" in p.opts), None)
    return None if option is None else str(getattr(option.default, "value", option.default))


_COUNTER = itertools.count()


def runs(name: str, out: Path) -> Iterator[list[str]]:
    """Every way of running one command: each argument line of ARGUMENTS in each format."""
    if name not in ARGUMENTS:
        pytest.fail(f"attu {name} has no entry in ARGUMENTS ({Path(__file__).name}): say what arguments it needs")
    command = COMMANDS[name]
    for arguments in ARGUMENTS[name]:
        for fmt in _formats(command):
            args = [*name.split(), *(a.replace("{out}", str(out / f"out{next(_COUNTER)}")) for a in arguments)]
            if fmt is not None:
                args += ["--format", fmt]
                if fmt in FILE_FORMATS and "--out" not in args:
                    args += ["--out", str(out / f"out{next(_COUNTER)}.{fmt}")]
            yield args


# --- the repository, its clone, the people ---------------------------------------------------------

GIT_IDENTITY = {
    f"GIT_{who}_{what}": value
    for who in ("AUTHOR", "COMMITTER")
    for what, value in (("NAME", "t"), ("EMAIL", "t@example.org"), ("DATE", "2026-02-03T12:00:00Z"))
}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}
    ).stdout


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"))


def repository_of(keys: Keys, folder: Path, *, encrypted: bool) -> Path:
    """The canary dataset in a repository (encrypted, or in clear), then a restricted fact recorded and committed."""
    root = folder / "data"
    shutil.copytree(CANARY, root, ignore=shutil.ignore_patterns(".attu-cache"))  # a cache of the dataset in clear
    env = {**keys.env("restricted"), **GIT_IDENTITY}
    if encrypted:
        for who in ("restricted", "partners"):
            added = run_cli("keys", "add", f"test-{who}", keys.public[who], "--audience", who, "--data", str(root), env=env)
            assert added.exit_code == 0, added.output
        assert run_cli("encrypt", "--data", str(root), env=env).exit_code == 0
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "The canary dataset")
    recorded = run_cli(
        "record", "process", "XCA", "parliament-submitted", "2026-01-20", "--summary", "Bill QQRSTR sent to parliament.",
        "--data", str(root), "--commit", env=env,
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    return folder


@pytest.fixture(scope="module")
def origin(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary dataset's repository, encrypted from its first commit."""
    return repository_of(keys, tmp_path_factory.mktemp("origin"), encrypted=True)


@pytest.fixture(scope="module")
def clone(origin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a partner or a stranger holds: a clone of the whole repository."""
    target = tmp_path_factory.mktemp("clone") / "repository"
    subprocess.run(["git", "clone", "-q", str(origin), str(target)], check=True, capture_output=True)
    return target


def history_text(repository: Path) -> str:
    """The complete history: `git log -p --all` and the content of every object."""
    log = git(repository, "log", "-p", "--all")
    objects = [line.split()[0] for line in git(repository, "rev-list", "--all", "--objects").splitlines()]
    wanted = ("\n".join(objects) + "\n").encode()
    blobs = subprocess.run(["git", "-C", str(repository), "cat-file", "--batch"], input=wanted, capture_output=True, check=True)
    return log + "\n" + blobs.stdout.decode("utf-8", "replace")


def file_text(path: Path) -> str:
    """A file's text; a Word file's is in the XML parts of its zip package."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.endswith(".xml"))
    return path.read_text(encoding="utf-8", errors="replace")


def written(folder: Path) -> str:
    """Every file below folder (outputs, or a dataset), git's own files left out."""
    return "\n".join(file_text(p) for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts)


def leaks(text: str, audience: str) -> list[str]:
    """The canaries in text that `audience` may not see."""
    folded = " ".join(text.split()).casefold()
    hidden = [MARKS["restricted"], PHONE.casefold()] + ([MARKS["partners"]] if audience == "public" else [])
    return [mark for mark in hidden if mark in folded]


@dataclass
class Outcome:
    args: list[str]
    exit_code: int
    text: str  # what the command printed, and every file it wrote


# --- the sweep ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "partners"], ids=["no-key", "partners-key"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_output_file_or_history_holds_a_canary_the_keys_do_not_open(
    name: str, who: str | None, clone: Path, keys: Keys, tmp_path: Path
) -> None:
    audience = who or "public"
    home = tmp_path / "home"
    home.mkdir()
    env = {**keys.env(who), "HOME": str(home), **GIT_IDENTITY}
    out = tmp_path / "out"
    out.mkdir()
    problems = []
    # A command for the restricted audience only cannot be served from what these keys open: it must refuse.
    restricted_only = _audience_default(COMMANDS[name]) == "None" and name not in RECIPIENT_AUDIENCE
    for args in runs(name, out):
        repository = clone
        if name.startswith(WRITERS) or "--apply" in args:
            repository = tmp_path / f"copy{next(_COUNTER)}"
            shutil.copytree(clone, repository)
        extra = ["--data", str(repository / "data")] if _takes(COMMANDS[name], "--data") else []
        if who is not None and _audience_default(COMMANDS[name]) == "public" and name not in RECIPIENT_AUDIENCE:
            extra += ["--audience", who]  # the widest view the key opens (a command for restricted only: its default)
        result = run_cli(*args, *extra, env=env)
        shown = "attu " + " ".join(args)
        text = result.output + written(out)
        if repository is not clone:
            stored = written(repository / "data") + history_text(repository)
            if TYPED in stored.casefold():
                problems.append(f"{shown}: what the user typed is in clear in the files or the history")
            text += stored
        found = leaks(text, audience)
        if found:
            problems.append(f"{shown}: {audience} output, files or history hold {found}")
        expected = {3} if restricted_only else {0, *NORMAL_EXITS.get(name, ())}
        if result.exit_code not in expected:
            problems.append(f"{shown}: exit {result.exit_code}, expected {sorted(expected)}: {result.output.strip()[:300]}")
        for path in out.iterdir():  # searched: start the next run with an empty folder
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    assert not problems, "\n".join(problems)


def test_every_command_has_arguments_and_is_swept() -> None:
    assert sorted(ARGUMENTS) == sorted(COMMANDS), "ARGUMENTS must list exactly the commands of the CLI"
    formats = {fmt for name in COMMANDS for fmt in _formats(COMMANDS[name])}
    assert {"table", "json", "csv", "markdown", "html", "docx", "text", "yaml"} <= formats


def test_the_clone_history_holds_no_canary(clone: Path) -> None:
    history = history_text(clone)
    assert "enc[age," in history.casefold()
    assert len(git(clone, "log", "--format=%s").splitlines()) == 2  # the restricted fact recorded after encryption is in it
    assert leaks(history, "public") == []


@pytest.mark.parametrize(
    "args", [("show", "XCA"), ("show", "XCA", "--format", "json"), ("engagements", "--format", "csv")], ids=" ".join
)
def test_a_partners_key_shows_the_partners_canaries(args: tuple[str, ...], clone: Path, keys: Keys) -> None:
    result = run_cli(*args, "--audience", "partners", "--data", str(clone / "data"), env=keys.env("partners"))
    assert result.exit_code == 0, result.output
    assert MARKS["partners"] in result.output.casefold()
    assert leaks(result.output, "partners") == []
    refused = run_cli(*args, "--audience", "restricted", "--data", str(clone / "data"), env=keys.env("partners"))
    assert refused.exit_code == 3 and leaks(refused.output, "public") == []


# --- with the restricted key, nothing changes ----------------------------------------------------------

# The commands that write into the dataset are left out: their effect on the files differs by design
# (ciphertext). Each other command is compared in every format, on the same dataset in clear and encrypted.
DIFFERS = {
    ("validate", "text"): "it counts the files checked, and an encrypted dataset has one more: recipients.yaml",
}
WIDEST_AUDIENCE = {"export": "partners"}  # an export is for sharing outside the WGTU: partners at most
_SHA = re.compile(r"\b[0-9a-f]{7,40}\b")  # commits differ: their files hold ciphertext in one repository


@pytest.fixture(scope="module")
def in_clear(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repository_of(keys, tmp_path_factory.mktemp("clear"), encrypted=False)


def _readers() -> list[str]:
    return [name for name in COMMANDS if not name.startswith(WRITERS)]


def _shown(result: Any, repository: Path, out: Path) -> str:
    """What a run showed: its output and the files it wrote, with paths and commits made comparable."""
    files = [f"{p.relative_to(out)}:\n{file_text(p)}" for p in sorted(out.rglob("*")) if p.is_file()]
    text = "\n".join([result.stdout, *files]).replace(str(repository), "<repository>").replace(str(out), "<out>")
    return _SHA.sub("<sha>", text)


@pytest.mark.parametrize("name", _readers())
def test_the_restricted_key_reads_every_output_as_before_encryption(
    name: str, origin: Path, in_clear: Path, keys: Keys, tmp_path: Path
) -> None:
    env = {**keys.env("restricted"), "HOME": str(tmp_path)}
    widest = WIDEST_AUDIENCE.get(name, "restricted")
    audience = ["--audience", widest] if _takes(COMMANDS[name], "--audience") else []
    compared = 0
    for args in runs(name, tmp_path / "out"):
        if "--apply" in args or (name, args[args.index("--format") + 1] if "--format" in args else None) in DIFFERS:
            continue
        shown = []
        for repository in (in_clear, origin):
            out = tmp_path / "out"
            out.mkdir()
            data = ["--data", str(repository / "data")] if _takes(COMMANDS[name], "--data") else []
            result = run_cli(*args, *audience, *data, env=env)
            assert result.exit_code in {0, *NORMAL_EXITS.get(name, ())}, (args, result.output)
            shown.append((result.exit_code, _shown(result, repository, out)))
            shutil.rmtree(out)
        assert shown[0] == shown[1], "attu " + " ".join(args)
        compared += 1
    assert compared
