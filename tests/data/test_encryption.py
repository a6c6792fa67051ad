"""Protected values encrypted at rest (issue 12), on the canary dataset: every non-public text carries
the marker word QQRSTR (restricted) or QQPTNR (partners), so a leak cannot hide.

One encrypted copy is made per module (to a restricted and a partners identity of the test's own);
each test that changes files works on its own copy of it. HOME and ATTU_IDENTITY are always set:
the tester's real keys are never read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from att_univ.data.crypto import new_identity
from att_univ.data.loader import load_dataset
from tests.conftest import FIXTURES, run_cli

CANARY = FIXTURES / "canary"
MARKS = {"restricted": "qqrstr", "partners": "qqptnr"}
GIT_PERSON = {f"GIT_{who}_{what}": v for who in ("AUTHOR", "COMMITTER") for what, v in (("NAME", "t"), ("EMAIL", "t@x.org"))}
PHONE = "+99 555 0173 0000"  # the canary phone number: a restricted value that cannot carry a marker


class Keys:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "home"
        self.home.mkdir(parents=True)
        self.files: dict[str, Path] = {}
        self.public: dict[str, str] = {}
        for who in ("restricted", "partners", "stranger"):
            secret, public = new_identity()
            path = base / f"{who}.txt"
            path.write_text(secret + "\n", encoding="utf-8")
            self.files[who] = path
            self.public[who] = public

    def env(self, who: str | None) -> dict[str, str | None]:
        """The environment of someone holding `who`'s key (None: no key at all)."""
        return {
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.base / "cache"),
            "ATTU_IDENTITY": str(self.files[who]) if who else None,
            "ATTU_DATA": None,
        }

    def use(self, monkeypatch: pytest.MonkeyPatch, who: str | None) -> None:
        for name, value in self.env(who).items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def encrypted(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary dataset, encrypted with `attu keys add` and `attu encrypt`."""
    root = tmp_path_factory.mktemp("encrypted") / "data"
    shutil.copytree(CANARY, root, ignore=shutil.ignore_patterns(".attu-cache"))  # a cache of the dataset in clear
    env = keys.env("restricted")
    for who in ("restricted", "partners"):
        result = run_cli("keys", "add", f"test-{who}", keys.public[who], "--audience", who, "--data", str(root), env=env)
        assert result.exit_code == 0, result.output
    result = run_cli("encrypt", "--data", str(root), env=env)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def copy(encrypted: Path, tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(encrypted, root, ignore=shutil.ignore_patterns(".attu-cache"))
    return root


def _texts(root: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.yaml"))).casefold()


def test_no_protected_value_is_left_in_clear_in_any_file(encrypted: Path) -> None:
    text = _texts(encrypted)
    assert MARKS["restricted"] not in text and MARKS["partners"] not in text and PHONE not in text
    assert "enc[age," in text
    plain = _texts(CANARY)
    assert MARKS["restricted"] in plain and MARKS["partners"] in plain  # the canaries were there to hide


@pytest.mark.parametrize("who", ["restricted", "partners", None])
def test_each_identity_loads_exactly_its_audience_view(
    encrypted: Path, keys: Keys, who: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.use(monkeypatch, who)
    plain = load_dataset(CANARY, cached=False).dataset
    result = load_dataset(encrypted)
    assert result.ok, result.problems
    assert result.dataset is not None and plain is not None
    audience = who or "public"
    assert result.dataset.audience == audience
    assert result.dataset.records == plain.for_audience(audience).records


def test_asking_for_more_than_the_keys_open_is_refused(encrypted: Path, keys: Keys) -> None:
    result = run_cli("show", "XCA", "--audience", "restricted", "--data", str(encrypted), env=keys.env("partners"))
    assert result.exit_code == 3
    assert "needs a restricted key" in result.output
    assert MARKS["restricted"] not in result.output.casefold()


# Every command in every format, with no key, a partners key and the restricted key: test_encryption_sweep.py.


def _record_restricted_step(copy: Path, keys: Keys, *extra: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """`attu record process` of a step whose summary carries the restricted canary, with the restricted key."""
    return run_cli(
        "record",
        "process",
        "XCA",
        "legislation",
        "2026-01-10",
        "--summary",
        "Bill qqrstr tabled.",
        "--data",
        str(copy),
        *extra,
        env={**keys.env("restricted"), **(env or {})},
    )


def test_the_whole_history_holds_no_canary(copy: Path, keys: Keys) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(copy)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "encrypted"], check=True)
    committer = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "t"), ("EMAIL", "t@example.org"))
    }
    result = _record_restricted_step(copy, keys, "--commit", env=committer)
    assert result.exit_code == 0, result.output
    history = subprocess.run([*git, "log", "-p", "--all"], check=True, capture_output=True, text=True).stdout.casefold()
    blobs = subprocess.run([*git, "rev-list", "--all", "--objects"], check=True, capture_output=True, text=True).stdout.split()
    contents = [subprocess.run([*git, "cat-file", "-p", sha], capture_output=True).stdout for sha in blobs if len(sha) == 40]
    everything = history + "\n".join(c.decode("utf-8", "replace") for c in contents).casefold()
    assert history.count("\ncommit ") + history.startswith("commit ") == 2  # the record was committed
    for mark in (*MARKS.values(), PHONE):
        assert mark not in everything


def test_record_seals_what_it_adds_and_keeps_every_other_ciphertext(copy: Path, keys: Keys) -> None:
    path = copy / "states" / "xca.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = _record_restricted_step(copy, keys)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    assert MARKS["restricted"] not in "\n".join(after).casefold()
    assert set(before) <= set(after)  # every earlier line, ciphertext included, unchanged
    assert any(line.strip().startswith("summary: ENC[age,") for line in set(after) - set(before))
    assert run_cli("validate", "--data", str(copy), env=keys.env("restricted")).exit_code == 0


def test_fmt_keeps_ciphertext_and_validate_reports_a_value_in_clear(copy: Path, keys: Keys) -> None:
    path = copy / "states" / "xca.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("    summary: ENC[age,"))
    lines[index] = "    summary: Written in clear by hand.\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", "--data", str(copy), env=keys.env(None))
    assert result.exit_code == 1
    assert f"states/xca.yaml:{index + 1}:14: error[plaintext]" in result.output
    assert "Written in clear" not in result.output
    others = {line for line in lines if "ENC[age," in line}
    assert run_cli("fmt", "--data", str(copy), env=keys.env("restricted")).exit_code == 0
    assert others <= set(path.read_text(encoding="utf-8").splitlines(keepends=True))  # ciphertext kept byte for byte
    assert run_cli("encrypt", "--data", str(copy), env=keys.env("partners")).exit_code == 0  # a partner can seal it too
    text = path.read_text(encoding="utf-8")
    assert "Written in clear" not in text and others <= set(text.splitlines(keepends=True))
    assert run_cli("validate", "--data", str(copy), env=keys.env("restricted")).exit_code == 0


def test_fmt_seals_a_value_in_clear_even_in_a_file_it_need_not_reformat(copy: Path, keys: Keys) -> None:
    env = keys.env(None)  # sealing needs only the recipients' public keys
    assert run_cli("fmt", "--data", str(copy), env=env).exit_code == 0  # every file canonical (and remembered as such)
    path = copy / "states" / "xca.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("    summary: ENC[age,"))
    lines[index] = "    summary: Written in clear by hand.\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert run_cli("fmt", "--check", "--data", str(copy), env=env).exit_code == 0  # the layout is canonical as it is
    assert run_cli("fmt", "--data", str(copy), env=env).exit_code == 0
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "Written in clear" not in "".join(after) and after[index].startswith("    summary: ENC[age,")
    assert after[:index] + after[index + 1 :] == lines[:index] + lines[index + 1 :]  # every other line as it was
    assert run_cli("validate", "--data", str(copy), env=keys.env("restricted")).exit_code == 0


def test_keys_check_and_rotate_after_a_recipient_is_removed(copy: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    env = keys.env("restricted")
    assert run_cli("keys", "check", "--data", str(copy), env=env).exit_code == 0
    assert run_cli("keys", "remove", "test-partners", "--data", str(copy), env=env).exit_code == 0
    stale = run_cli("keys", "check", "--data", str(copy), env=env)
    assert stale.exit_code == 1 and "stale-encryption" in stale.output
    rotated = run_cli("keys", "rotate", "--data", str(copy), env=env)
    assert rotated.exit_code == 0, rotated.output
    assert run_cli("keys", "check", "--data", str(copy), env=env).exit_code == 0
    again = run_cli("keys", "rotate", "--data", str(copy), env=env)
    assert "0 of" in again.output  # resumable: nothing left to do
    keys.use(monkeypatch, "partners")
    dataset = load_dataset(copy, cached=False).dataset
    assert dataset is not None and dataset.audience == "public"  # the removed key no longer opens anything new


def test_keys_check_refuses_the_demo_key_outside_the_bundled_dataset(tmp_path: Path, keys: Keys) -> None:
    root = tmp_path / "data"
    shutil.copytree(CANARY, root, ignore=shutil.ignore_patterns(".attu-cache"))  # a cache of the dataset in clear
    env = keys.env(None)
    assert run_cli("encrypt", "--demo", "--data", str(root), env=env).exit_code == 0
    result = load_dataset(root)  # the demo identity opens the bundled kind of dataset without any key
    assert result.ok and result.dataset is not None and result.dataset.audience == "restricted"
    check = run_cli("keys", "check", "--data", str(root), env=env)
    assert check.exit_code == 1 and "demo-key" in check.output


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: text.replace(",YWdl", ",YWdx", 1), "damaged"),
        (lambda text: text.replace("]\n", "AAAA]\n", 1)[: text.index("ENC[age,") + 120] + "]\n", "damaged"),
    ],
)
def test_a_damaged_ciphertext_is_a_located_problem_without_plaintext(copy: Path, keys: Keys, damage, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = copy / "states" / "xca.yaml"
    text = path.read_text(encoding="utf-8")
    body = text[text.index("process:") :]
    path.write_text(text[: text.index("process:")] + damage(body), encoding="utf-8")
    result = run_cli("show", "XCA", "--audience", "restricted", "--data", str(copy), env=keys.env("restricted"))
    assert result.exit_code == 1, result.output
    assert "states/xca.yaml:" in result.output and "cannot be decrypted" in result.output
    assert "Traceback" not in result.output and MARKS["restricted"] not in result.output.casefold()


def test_a_value_encrypted_to_other_keys_is_named_as_such(copy: Path, keys: Keys) -> None:
    from att_univ.data.crypto import seal

    path = copy / "states" / "xca.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("    summary: ENC[age,"))
    lines[index] = f"    summary: {seal('A stranger wrote this.', [keys.public['stranger']])}\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", "--data", str(copy), env=keys.env("restricted"))
    assert result.exit_code == 1
    assert f"states/xca.yaml:{index + 1}:14: error[encrypted]" in result.output and "other keys than yours" in result.output


def test_unusable_identities_are_refused_with_exit_3(copy: Path, keys: Keys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not a key\n", encoding="utf-8")
    cases = {str(bad): "not an age identity", str(tmp_path / "missing.txt"): "cannot read it"}
    if shutil.which("ssh-keygen"):
        protected = tmp_path / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(protected)], check=True)
        cases[str(protected)] = "passphrase"
    for path, message in cases.items():
        env = {**keys.env(None), "ATTU_IDENTITY": path}
        before = (copy / "states" / "xca.yaml").read_bytes()
        result = run_cli("show", "XCA", "--data", str(copy), env=env)
        assert result.exit_code == 3, result.output
        assert path in result.output and message in result.output
        assert (copy / "states" / "xca.yaml").read_bytes() == before


def test_an_ssh_ed25519_key_is_a_recipient_and_an_identity(tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    if not shutil.which("ssh-keygen"):
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "home" / ".ssh" / "id_ed25519"
    key.parent.mkdir(parents=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    root = tmp_path / "data"
    shutil.copytree(CANARY, root, ignore=shutil.ignore_patterns(".attu-cache"))  # a cache of the dataset in clear
    env = {**keys.env(None), "HOME": str(tmp_path / "home")}  # found as ~/.ssh/id_ed25519
    public = key.with_suffix(".pub").read_text(encoding="utf-8")
    assert run_cli("keys", "add", "ssh-holder", public, "--audience", "restricted", "--data", str(root), env=env).exit_code == 0
    assert run_cli("encrypt", "--data", str(root), env=env).exit_code == 0
    assert MARKS["restricted"] not in _texts(root)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    result = load_dataset(root, cached=False)
    assert result.ok and result.dataset is not None and result.dataset.audience == "restricted"


def test_the_dataset_cache_holds_no_plaintext(encrypted: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    keys.use(monkeypatch, "restricted")
    assert load_dataset(encrypted).ok
    assert run_cli("status", "--data", str(encrypted), env=keys.env("restricted")).exit_code == 0
    caches = [*encrypted.rglob(".attu-cache/*"), *(keys.base / "cache").rglob("*")]
    assert caches
    for path in caches:
        if path.is_file():
            raw = path.read_bytes().lower()
            assert MARKS["restricted"].encode() not in raw and MARKS["partners"].encode() not in raw


def test_keys_init_makes_an_identity_once(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "ATTU_IDENTITY": None, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run_cli("keys", "init", env=env)
    assert first.exit_code == 0 and first.stdout.startswith("age1")
    path = tmp_path / ".config" / "attu" / "identity.txt"
    assert path.stat().st_mode & 0o077 == 0
    second = run_cli("keys", "init", env=env)
    assert second.stdout == first.stdout and "already" in second.output


def test_diff_without_the_key_names_the_encrypted_fields_that_changed(copy: Path, keys: Keys) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(copy)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "encrypted"], check=True)
    result = _record_restricted_step(copy, keys)
    assert result.exit_code == 0, result.output
    for fmt in ("text", "markdown", "json"):
        shown = run_cli("diff", "HEAD", "--format", fmt, "--data", str(copy), env=keys.env(None))
        assert shown.exit_code == 0, shown.output
        assert "states/xca.yaml" in shown.stdout and "process.summary" in shown.stdout, fmt
        assert MARKS["restricted"] not in shown.stdout.casefold()
    full = run_cli("diff", "HEAD", "--audience", "restricted", "--data", str(copy), env=keys.env("restricted"))
    assert full.exit_code == 0 and "Encrypted values changed" not in full.stdout


def test_the_bundled_dataset_reads_the_same_after_attu_encrypt(dataset_copy: Path, keys: Keys) -> None:
    env = keys.env(None)  # no key of one's own: the demo key opens the bundled dataset
    commands = (
        ("plan", "--region", "asia-pacific", "--format", "markdown"),
        ("tiers", "--format", "json"),
        ("show", "GMB", "--audience", "restricted", "--format", "json"),
    )
    before = [run_cli(*command, "--data", str(dataset_copy), env=env) for command in commands]
    encrypted = run_cli("encrypt", "--demo", "--data", str(dataset_copy), env=env)
    assert encrypted.exit_code == 0, encrypted.output
    assert (dataset_copy / "recipients.yaml").exists()
    after = [run_cli(*command, "--data", str(dataset_copy), env=env) for command in commands]
    for command, old, new in zip(commands, before, after, strict=True):
        assert (old.exit_code, old.stdout) == (new.exit_code, new.stdout), command
    assert run_cli("validate", "--data", str(dataset_copy), env=env).exit_code == 0


def test_history_decrypts_with_the_key_and_names_the_encrypted_fields_without(copy: Path, keys: Keys) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(copy)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "encrypted"], check=True)
    recorded = run_cli(
        "record", "process", "XCA", "parliament-submitted", "2026-01-20", "--summary", "Bill qqrstr sent to parliament.",
        "--data", str(copy), "--commit", env={**keys.env("restricted"), **GIT_PERSON},
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    with_key = run_cli("history", "XCA", "--audience", "restricted", "--data", str(copy), env=keys.env("restricted"))
    assert with_key.exit_code == 0, with_key.output
    assert "process step added: parliament submitted on 2026-01-20" in with_key.stdout and "Bill qqrstr sent" in with_key.stdout
    assert "encrypted values changed" not in with_key.stdout
    for who in (None, "partners"):
        shown = run_cli("history", "XCA", "--format", "json", "--data", str(copy), env=keys.env(who)).stdout
        commits = json.loads(shown)["commits"]
        assert commits[-1]["changes"] == [] and commits[-1]["protected"] == [
            {"file": "states/xca.yaml", "field": f"process.{field}", "count": 1} for field in ("date", "stage", "summary")
        ], who
        assert any(item["field"] == "contacts.name" for item in commits[0]["protected"])  # the record was created encrypted
        for fmt in ("text", "markdown"):
            text = run_cli("history", "XCA", "--format", fmt, "--data", str(copy), env=keys.env(who)).stdout
            assert "encrypted values changed (your keys do not open them; their content is not shown): process.date (1)" in text
            assert MARKS["restricted"] not in text.casefold() and "2026-01-20" not in text and "parliament" not in text
