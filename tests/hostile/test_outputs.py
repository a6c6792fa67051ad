"""Items 11 and 12: `--out` never replaces what is not a plain file, and odd paths, permissions and
values get a clear message and the right exit code (never 70, which promises a bug)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

ATTU = str(Path(sys.executable).parent / "attu")
NOT_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="switches to the user nobody with setpriv, which needs root")


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """attu run as an unprivileged user, for whom permissions hold (root ignores them)."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", ATTU, *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, env={"PATH": os.environ["PATH"], "HOME": "/tmp"}
    )


@pytest.fixture
def shared_work() -> Iterator[Path]:
    """A directory the user nobody can reach (pytest's own temporary directories are root's only)."""
    work = Path(tempfile.mkdtemp(prefix="attu-hostile-"))
    work.chmod(0o755)
    shutil.copytree(REPO / "tests" / "fixtures" / "review-data", work / "data")
    for path in work.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    try:
        yield work
    finally:
        for path in work.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(work)


def _special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    proc_link = tmp_path / "stdout-link"
    proc_link.symlink_to("/proc/self/fd/1")
    server = socket.socket(socket.AF_UNIX)
    sock = tmp_path / "sock"
    server.bind(str(sock))
    server.close()
    found = {"fifo": fifo, "symlink": link, "proc-link": proc_link, "socket": sock}
    if os.geteuid() == 0:
        device = tmp_path / "null-device"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        found["device"] = device
    return found


def test_item11_out_never_replaces_a_special_file(small_data: Path, tmp_path: Path) -> None:
    for name, path in _special_files(tmp_path).items():
        before = os.lstat(path)
        result = run_cli("status", "--data", str(small_data), "--out", str(path))
        assert result.exit_code == 2, (name, result.output)
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), name
    assert (tmp_path / "elsewhere.txt").read_text() == "keep\n"


def test_item11_out_dash_is_standard_output(small_data: Path, tmp_path: Path) -> None:
    result = run_cli("status", "--data", str(small_data), "-o", "-")
    assert result.exit_code == 0, result.output
    assert "States Parties" in result.stdout
    assert not Path("-").exists()


def test_item11_out_file_gets_the_umask_mode(small_data: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "new" / "status.txt"
        assert run_cli("status", "--data", str(small_data), "--out", str(out)).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        export = tmp_path / "export"
        assert run_cli("export", "--data", str(small_data), "--out", str(export)).exit_code == 0
        assert stat.S_IMODE(export.stat().st_mode) == 0o755
        assert {stat.S_IMODE(p.stat().st_mode) for p in export.rglob("*") if p.is_file()} == {0o644}
        assert {stat.S_IMODE(p.stat().st_mode) for p in export.rglob("*") if p.is_dir()} == {0o755}
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("status", "--out", "{tmp}"), 2, "is a directory"),
        (("status", "--out", ""), 2, "give a file name"),
        # The kernel's files are refused as devices are (exit 2), not attempted (exit 3, "No such file").
        (("status", "--out", "/proc/version"), 2, "inside /proc"),
        (("status", "--out", "/sys/kernel/report.txt"), 2, "inside /sys"),
        (("status", "--out", "/proc/../proc/version"), 2, "inside /proc"),
        (("export", "--out", "/proc/export"), 2, "inside /proc"),
        (("site", "--out", "/sys/site"), 2, "inside /sys"),
        (("schema", "--out", "{tmp}/file.txt"), 2, "is not a directory"),
        (("export", "--out", "{tmp}/link-dir/export"), 2, "symbolic link"),
        (("status", "--as-of", "0001-01-01"), 2, "out of range"),
        (("coordinate", "--as-of", "0001-01-01"), 2, "out of range"),
        (("tiers", "--as-of", "0001-01-01"), 2, "out of range"),
    ],
)
def test_item12_odd_paths_and_values_get_a_clear_message(
    small_data: Path, tmp_path: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    (tmp_path / "file.txt").write_text("x\n")
    (tmp_path / "link-dir").symlink_to(tmp_path)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    if argv[0] != "schema":
        argv += ["--data", str(small_data)]
    result = run_cli(*argv)
    assert result.exit_code == code, result.output
    assert says in result.stderr
    assert (tmp_path / "file.txt").read_text() == "x\n"


def test_item12_directory_named_like_a_state_file(small_data: Path) -> None:
    (small_data / "states" / "zzz.yaml").mkdir()
    fmt = run_cli("fmt", "--check", "--data", str(small_data))
    assert fmt.exit_code == 1, fmt.output
    assert "zzz.yaml:1:1: error[unreadable]" in fmt.stdout
    record = run_cli("record", "process", "IND", "legal-review", "2026-01-01", "--data", str(small_data))
    assert record.exit_code == 1, record.output
    assert "zzz.yaml" in record.stderr


def test_item12_huge_integer_under_fmt_check(small_data: Path) -> None:
    state = small_data / "states" / "ind.yaml"
    state.write_text(state.read_text() + "notes:\n  - date: 2026-01-01\n    text: " + "7" * 100_000 + "\n")
    result = run_cli("fmt", "--check", "--data", str(small_data))
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.stderr


@NOT_ROOT
def test_item12_unreadable_and_read_only_files_as_a_user(shared_work: Path) -> None:
    states = shared_work / "data" / "states"
    state = states / "ind.yaml"
    original = state.read_text()
    changed = original.replace("name: India", "name:    India")  # not in canonical layout: fmt would rewrite it
    state.write_text(changed)
    states.chmod(0o555)
    for args in (("record", "process", "IND", "legal-review", "2026-01-01"), ("fmt",)):
        result = _as_nobody(*args, "--data", "data", cwd=shared_work)
        assert result.returncode == 3, result
        assert "cannot write data/states/ind.yaml: Permission denied" in result.stderr
    states.chmod(0o755)
    (states / "afg.yaml").chmod(0o000)
    fmt = _as_nobody("fmt", "--check", "--data", "data", cwd=shared_work)
    assert fmt.returncode == 1, fmt
    assert "afg.yaml:1:1: error[unreadable]: Permission denied" in fmt.stdout
    record = _as_nobody("record", "process", "IND", "legal-review", "2026-01-01", "--data", "data", cwd=shared_work)
    assert record.returncode == 1, record
    assert "afg.yaml: cannot read it" in record.stderr
    assert state.read_text() == changed
