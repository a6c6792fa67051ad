"""Recorded answers of restricted outputs: replayed byte for byte, only by the reader who may see them, and
never kept in clear where the dataset keeps them encrypted (issues 12 and 14).

The bundled dataset holds its restricted values sealed to attu's own demo key only, so anyone running attu
reads them: its restricted answers are kept like public ones. The canary dataset of tests/data/test_encryption.py,
encrypted to a restricted and a partners identity of the test's own, shows the other case: each reader's
answers are encrypted to that reader's identity.
"""

from __future__ import annotations

import marshal
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from att_univ import launcher
from att_univ.core.sealed import read_sealed
from att_univ.data import answers
from tests.conftest import run_cli
from tests.data import test_encryption as encryption
from tests.data.test_answers import replayed, run_launcher
from tests.data.test_encryption import MARKS, PHONE, Keys

pytest_plugins = ["tests.support.status_fixtures"]  # in_data_copy, private_copy
keys, encrypted, copy = encryption.keys, encryption.encrypted, encryption.copy  # its fixtures, shared

FORMATS = ("table", "json", "csv", "markdown")
RESTRICTED_COMMANDS = [
    *(["tiers", "--format", fmt] for fmt in FORMATS),
    ["tiers", "--audience", "restricted", "--format", "json"],
    *(["support", "--format", fmt] for fmt in FORMATS),
    ["support", "--all", "--audience", "restricted"],
    *(["coordinate", "--format", fmt] for fmt in FORMATS),
    *(["plan", "--format", fmt] for fmt in ("table", "markdown", "html")),
]
AUDIENCES = [["show", "gmb", "--audience", audience] for audience in ("public", "partners", "restricted")]
ENCRYPTED_COMMANDS = [
    ["tiers", "--format", "json"],
    ["tiers", "--format", "markdown"],
    ["support", "--all", "--format", "csv"],
    ["coordinate", "--format", "table"],
    ["plan", "--format", "markdown"],
    *(["show", "XCA", "--audience", audience, "--format", "json"] for audience in ("public", "partners", "restricted")),
]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a fresh copy are younger than the settling time: let them count as settled."""
    monkeypatch.setattr(answers, "SETTLE_NS", 0)


def kept_entries(root: Path) -> dict[str, tuple[object, ...]]:
    """The answers recorded for the dataset at root, as stored (an encrypted one stays encrypted)."""
    body = read_sealed(answers.cache_paths(str(root.resolve()))[0], answers.MAGIC)
    assert body is not None
    return marshal.loads(body)[3]  # type: ignore[no-any-return]


def request_key(argv: list[str]) -> str:
    request = launcher.answer_request(argv)
    assert request is not None
    return request.key


def cache_texts(*directories: Path) -> str:
    """Every byte of every file below these directories, as text to search for plaintext."""
    found = [path.read_bytes() for directory in directories for path in directory.rglob("*") if path.is_file()]
    return b"\n".join(found).decode("utf-8", "replace").casefold()


def same_as_full_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `argv` in full (Typer's runner), then through the launcher twice: the three print the same bytes."""
    full = run_cli(*argv)
    first = run_launcher(argv, capsys)
    assert first == (full.exit_code, full.stdout, full.stderr)
    assert replayed(argv, capsys) == first, "the second run was not answered, or not with the same bytes"
    assert run_launcher(argv, capsys) == first
    return first


@pytest.mark.parametrize("argv", RESTRICTED_COMMANDS + AUDIENCES, ids=" ".join)
def test_a_restricted_answer_on_a_dataset_in_clear_is_the_full_run(in_data_copy, settled, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    argv = [*argv, "--data", "data"]
    code, _, err = same_as_full_run(argv, capsys)
    assert code == 0
    if argv[0] in answers.RESTRICTED_COMMANDS and "--format" in argv and argv[argv.index("--format") + 1] in ("json", "csv"):
        assert "RESTRICTED — for the WGTU only" in err  # the notice on stderr is replayed too
    entry = kept_entries(in_data_copy)[request_key(argv)]
    assert entry[1] == answers.IN_CLEAR  # sealed to the demo key only: anyone running attu reads it anyway


def test_a_restricted_answer_is_kept_in_a_private_file_inside_the_dataset(private_copy: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    run_launcher(["tiers", "--data", "data"], capsys)
    path = Path(answers.cache_paths(str(private_copy.resolve()))[0])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert (path.parent / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_cache_directory_linked_elsewhere_is_not_written(private_copy: Path, tmp_path: Path, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (private_copy / ".attu-cache").symlink_to(elsewhere)
    run_launcher(["tiers", "--format", "json", "--data", "data"], capsys)
    assert not (elsewhere / answers.CACHE_FILE).exists()
    assert Path(answers.cache_paths(str(private_copy.resolve()))[1]).exists()  # kept in the user's cache instead
    assert replayed(["tiers", "--format", "json", "--data", "data"], capsys) is not None


@pytest.mark.parametrize("argv", [["tiers", "--audience", "partners"], ["coordinate", "--audience", "public"]], ids=" ".join)
def test_a_refused_audience_is_not_kept(in_data_copy, settled, capsys, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    argv = [*argv, "--data", "data"]
    code, _, err = run_launcher(argv, capsys)
    assert code == 2 and "restricted only" in err
    assert replayed(argv, capsys) is None


# --- an encrypted dataset ------------------------------------------------------------------------


@pytest.fixture
def reader(encrypted: Path, keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Keys:
    """Beside the shared encrypted canary dataset (outputs say `data`), with a cache directory of this test's own."""
    monkeypatch.chdir(encrypted.parent)
    keys.use(monkeypatch, "restricted")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return keys


@pytest.mark.parametrize("who", ["restricted", "partners"])
@pytest.mark.parametrize("argv", ENCRYPTED_COMMANDS, ids=" ".join)
def test_an_encrypted_dataset_s_answers_are_the_full_run_and_hold_no_plaintext(  # type: ignore[no-untyped-def]
    encrypted: Path,
    reader: Keys,
    settled,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    who: str,
) -> None:
    monkeypatch.setenv("ATTU_IDENTITY", str(reader.files[who]))
    argv = [*argv, "--data", "data"]
    full = run_cli(*argv)
    first = run_launcher(argv, capsys)
    assert first == (full.exit_code, full.stdout, full.stderr)
    if first[0] not in answers.KEPT_CODES:  # restricted only, and this reader holds a partners key: refused
        assert who == "partners" and replayed(argv, capsys) is None
        return
    assert replayed(argv, capsys) == first
    entry = kept_entries(encrypted)[request_key(argv)]
    public = argv[:2] == ["show", "XCA"] and "public" in argv
    assert entry[1] == (answers.IN_CLEAR if public else answers.ENCRYPTED)
    kept = cache_texts(encrypted / ".attu-cache", tmp_path / "xdg-cache")
    assert MARKS["restricted"] not in kept and MARKS["partners"] not in kept and PHONE.casefold() not in kept


def test_the_restricted_answers_did_show_the_canaries(encrypted: Path, reader: Keys, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    """The check above finds no plaintext in the caches although the answers themselves held it."""
    _, out, _ = run_launcher(["show", "XCA", "--audience", "restricted", "--format", "json", "--data", "data"], capsys)
    assert MARKS["restricted"] in out.casefold()
    _, again, _ = run_launcher(["show", "XCA", "--audience", "restricted", "--format", "json", "--data", "data"], capsys)
    assert again == out
    assert MARKS["restricted"] not in cache_texts(encrypted / ".attu-cache")


def test_a_partners_identity_does_not_open_a_restricted_answer(encrypted: Path, reader: Keys, settled, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "XCA", "--audience", "restricted", "--format", "json", "--data", "data"]
    code, out, _ = run_launcher(argv, capsys)
    assert code == 0 and MARKS["restricted"] in out.casefold()
    request = request_key(argv)
    root = str(encrypted.resolve())
    state = answers.state_key(root, argv, launcher.bundled_templates())
    assert answers.lookup(root, request, state) is not None
    # Even given the very request and state the restricted reader recorded, the partners key opens nothing.
    assert answers.lookup(root, request, state, {"ATTU_IDENTITY": str(reader.files["partners"])}) is None
    assert answers.lookup(root, request, state, {"ATTU_IDENTITY": str(reader.files["stranger"])}) is None
    assert answers.lookup(root, request, state, {"HOME": "/nonexistent"}) is None


def test_a_restricted_key_does_not_open_a_partners_answer(encrypted: Path, reader: Keys, settled, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ATTU_IDENTITY", str(reader.files["partners"]))
    argv = ["show", "XCA", "--audience", "partners", "--format", "json", "--data", "data"]
    code, out, _ = run_launcher(argv, capsys)
    assert code == 0 and MARKS["partners"] in out.casefold()
    request, root = request_key(argv), str(encrypted.resolve())
    state = answers.state_key(root, argv, launcher.bundled_templates())
    assert answers.lookup(root, request, state) is not None
    assert answers.lookup(root, request, state, {"ATTU_IDENTITY": str(reader.files["restricted"])}) is None


def test_a_partners_reader_runs_in_full_and_is_refused(encrypted: Path, reader: Keys, settled, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "XCA", "--audience", "restricted", "--format", "json", "--data", "data"]
    run_launcher(argv, capsys)
    monkeypatch.setenv("ATTU_IDENTITY", str(reader.files["partners"]))
    assert replayed(argv, capsys) is None
    code, out, err = run_launcher(argv, capsys)
    assert code == 3 and "needs a restricted key" in err
    assert MARKS["restricted"] not in (out + err).casefold()


@pytest.mark.parametrize(
    "change",
    ["state file", "engagement", "recipients", "identity rewritten", "another ATTU_IDENTITY", "identity moved"],
)
def test_any_change_to_the_files_or_the_identity_is_another_answer(  # type: ignore[no-untyped-def]
    copy: Path,
    keys: Keys,
    settled,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    change: str,
) -> None:
    keys.use(monkeypatch, "restricted")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.chdir(copy.parent)
    identity = tmp_path / "identity.txt"
    shutil.copy(keys.files["restricted"], identity)
    monkeypatch.setenv("ATTU_IDENTITY", str(identity))
    argv = ["tiers", "--format", "json", "--data", "data"]
    first = run_launcher(argv, capsys)
    assert replayed(argv, capsys) == first
    if change == "state file":
        path = copy / "states" / "xca.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "engagement":
        path = sorted((copy / "engagements").glob("*.yaml"))[0]
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1))
    elif change == "recipients":
        path = copy / "recipients.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    elif change == "identity rewritten":
        identity.write_text(identity.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "another ATTU_IDENTITY":
        monkeypatch.setenv("ATTU_IDENTITY", str(keys.files["restricted"]))
    else:  # the variable unset: the identity found in the home directory instead
        monkeypatch.delenv("ATTU_IDENTITY")
        home_identity = keys.home / ".config" / "attu" / "identity.txt"
        home_identity.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(identity, home_identity)
        try:
            assert replayed(argv, capsys) is None
        finally:
            home_identity.unlink()
        return
    assert replayed(argv, capsys) is None
    assert run_launcher(argv, capsys)[0] == first[0]
    assert replayed(argv, capsys) is not None  # and the new state's answer is recorded in turn


def test_without_an_identity_the_public_view_is_kept_in_clear(  # type: ignore[no-untyped-def]
    encrypted: Path, reader: Keys, settled, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("ATTU_IDENTITY")
    argv = ["tiers", "--format", "json", "--data", "data"]
    first = run_launcher(argv, capsys)
    assert replayed(argv, capsys) == first
    assert kept_entries(encrypted)[request_key(argv)][1] == answers.IN_CLEAR
    kept = cache_texts(encrypted / ".attu-cache")
    assert MARKS["restricted"] not in kept and MARKS["partners"] not in kept


def test_the_identity_is_found_where_keys_finds_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from att_univ.data.keys import identity_path

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("ATTU_IDENTITY", raising=False)
    places = [tmp_path / ".ssh" / "id_ed25519", tmp_path / ".config" / "attu" / "identity.txt"]
    assert answers.identity_file(os.environ) is None and identity_path()[0] is None
    for place in places:
        place.parent.mkdir(parents=True)
        place.write_text("key\n", encoding="utf-8")
        assert answers.identity_file(os.environ) == str(identity_path()[0]) == str(place)
    monkeypatch.setenv("ATTU_IDENTITY", "~/elsewhere.txt")
    assert answers.identity_file(os.environ) == str(identity_path()[0]) == str(tmp_path / "elsewhere.txt")


def test_an_encrypted_answer_is_replayed_without_typer_or_the_models(encrypted: Path, reader: Keys, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["show", "XCA", "--audience", "restricted", "--data", "data"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answers, "SETTLE_NS", 0)
        _, out, _ = run_launcher(argv, capsys)
    script = (
        f"import sys; from att_univ.launcher import main; sys.argv = ['attu', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('typer', 'pydantic', 'att_univ.data.models', 'rich', 'jinja2', 'git', 'babel', 'ruamel')\n"
        "sys.stderr.write(repr(sorted(m for m in heavy if m in sys.modules)))"
    )
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=dict(os.environ))
    assert warm.stdout == out and MARKS["restricted"] in out.casefold()
    assert warm.stderr.endswith("[]"), warm.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["show", "gmb"], False),
        (["show", "gmb", "--audience", "public"], False),
        (["show", "gmb", "--audience=partners"], True),
        (["show", "gmb", "--audience", "public", "--audience", "partners"], True),  # click keeps the last one
        (["signals", "--audience=public", "--audience=restricted"], True),
        (["tiers"], True),
        (["plan", "--format", "markdown"], True),
    ],
)
def test_what_counts_as_a_restricted_output(argv: list[str], expected: bool) -> None:
    assert answers.restricted(argv, answers.Answer("", "", 0)) is expected
    assert answers.restricted(["show", "gmb"], answers.Answer("", "attu: RESTRICTED — for the WGTU only: ...\n", 0))
