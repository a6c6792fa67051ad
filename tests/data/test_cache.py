"""The dataset cache: a warm load is the cold load, any change is seen, a forged cache is never trusted."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from att_univ.core import sealed
from att_univ.data import cache
from att_univ.data.loader import load_dataset
from tests.conftest import run_cli

GAMBIA = Path("states") / "gmb.yaml"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stat entries at once (files in a test are seconds old), so that the stat shortcut is what is tested."""
    monkeypatch.setattr(cache, "SETTLE_NS", 0)


@pytest.fixture
def own_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user cache directory of the test's own: the suite's is shared by its workers, whose loads replace
    the seed of parses at any moment, and a seed or secret this test forges must not slow or fail another."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return a.problems == b.problems and a.dataset.records == b.dataset.records and a.dataset.meta == b.dataset.meta


def test_a_warm_load_equals_a_cold_one_and_reads_no_file_again(dataset_copy: Path, settled: None) -> None:
    cold = load_dataset(dataset_copy, cached=False)
    first = load_dataset(dataset_copy)
    store = cache.open_cache(str(dataset_copy.resolve()))
    assert store.known_records() and store.rules is not None
    hashed = []
    original = cache.DatasetCache.read

    def spy(self: cache.DatasetCache, path: str):  # type: ignore[no-untyped-def]
        found = original(self, path)
        if found is not None and found[1] is not None:
            hashed.append(path)
        return found

    cache.DatasetCache.read = spy  # type: ignore[method-assign]
    try:
        warm = load_dataset(dataset_copy)
    finally:
        cache.DatasetCache.read = original  # type: ignore[method-assign]
    assert hashed == []  # every file known by its size, mtime, ctime and inode
    assert _same(cold, first) and _same(cold, warm)
    assert warm.dataset is not None and warm.dataset.locate("states", "GMB", ("name",)) == cold.dataset.locate(  # type: ignore[union-attr]
        "states", "GMB", ("name",)
    )


def _fresh_parses(root: Path) -> list[str]:
    """The hashes of the contents parsed afresh by one load (not found in any cache)."""
    parsed = []
    original = cache.DatasetCache.keep

    def spy(self: cache.DatasetCache, digest: str, result):  # type: ignore[no-untyped-def]
        parsed.append(digest)
        original(self, digest, result)

    cache.DatasetCache.keep = spy  # type: ignore[method-assign]
    try:
        assert load_dataset(root).ok
    finally:
        cache.DatasetCache.keep = original  # type: ignore[method-assign]
    return parsed


def test_a_new_copy_of_a_dataset_parses_only_what_differs_from_the_last_one_loaded(
    own_user_cache: None, dataset_copy: Path, tmp_path: Path
) -> None:
    import shutil

    load_dataset(dataset_copy)
    other = tmp_path / "worktree" / "data"
    shutil.copytree(dataset_copy, other, ignore=shutil.ignore_patterns(cache.CACHE_DIRECTORY))
    path = other / GAMBIA
    path.write_text(path.read_text(encoding="utf-8").replace("name: Gambia", "name: The Gambia"), encoding="utf-8")
    assert len(_fresh_parses(other)) == 1
    assert load_dataset(other).dataset.states["GMB"].name == "The Gambia"  # type: ignore[union-attr]

    third = tmp_path / "third" / "data"
    shutil.copytree(dataset_copy, third, ignore=shutil.ignore_patterns(cache.CACHE_DIRECTORY))
    seeds = [Path(sealed.user_cache_directory()) / cache.SEED_RECORDS_FILE.format(shard) for shard in cache.SHARDS]
    for seed in (Path(cache.seed_path()), *seeds):
        seed.write_bytes(seed.read_bytes()[:-1] + b"x")  # a forged seed is not believed: every file is parsed
    assert len(_fresh_parses(third)) > 250


def test_an_edit_in_place_with_size_and_mtime_restored_is_seen(dataset_copy: Path, settled: None) -> None:
    load_dataset(dataset_copy)
    path = dataset_copy / GAMBIA
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "name: Gambia" in text
    with open(path, "r+", encoding="utf-8") as handle:  # the same inode, the same size
        handle.write(text.replace("name: Gambia", "name: Gambix"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    result = load_dataset(dataset_copy)
    assert result.dataset is not None and result.dataset.states["GMB"].name == "Gambix"


def test_a_change_to_depositary_names_is_seen_by_the_cross_record_rules(dataset_copy: Path, settled: None) -> None:
    assert load_dataset(dataset_copy).ok
    names = dataset_copy / "depositary-names.yaml"
    names.write_text(names.read_text(encoding="utf-8") + "  Nowhere Land: ZZZ\n", encoding="utf-8")
    warm = load_dataset(dataset_copy)
    assert not warm.ok
    assert warm.problems == load_dataset(dataset_copy, cached=False).problems
    assert any("depositary-names.yaml" in p.path for p in warm.problems)


def test_problems_of_an_invalid_dataset_are_the_same_from_the_cache(dataset_copy: Path, settled: None) -> None:
    path = dataset_copy / GAMBIA
    path.write_text(path.read_text(encoding="utf-8").replace("iso2: GM", "iso2: gm"), encoding="utf-8")
    (dataset_copy / "states" / "zzz.yml").write_text("x: 1\n", encoding="utf-8")
    cold = load_dataset(dataset_copy, cached=False)
    assert not cold.ok
    assert load_dataset(dataset_copy).problems == cold.problems
    assert load_dataset(dataset_copy).problems == cold.problems


def test_a_cache_written_by_another_attu_is_not_read(dataset_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(dataset_copy)
    assert cache.open_cache(str(dataset_copy.resolve())).known_records()
    monkeypatch.setattr(cache, "source_signature", lambda: ("another attu",))
    assert not cache.open_cache(str(dataset_copy.resolve())).known_records()


def _forge(path: Path, change, magic: bytes = cache.MAGIC) -> None:  # type: ignore[no-untyped-def]
    """Rewrite a sealed cache file's content as someone without the secret can: the old seal, or one under a guessed key."""
    import hashlib
    import hmac

    payload = path.read_bytes()
    body = payload[len(magic) + sealed.MAC_BYTES :]
    forged = change(body)
    mac = hmac.new(b"\0" * sealed.SECRET_BYTES, forged, hashlib.sha256).digest()
    path.write_bytes(magic + mac + forged)


def test_a_forged_cache_is_not_trusted(dataset_copy: Path) -> None:
    load_dataset(dataset_copy)

    def rename_gambia(body: bytes) -> bytes:
        fmt, signature, root, records = pickle.loads(body)
        for digest, (model, record) in records.items():
            if getattr(record, "iso3", None) == "GMB":
                records[digest] = (model, record.model_copy(update={"name": "Forgedland"}))
        return pickle.dumps((fmt, signature, root, records))

    for shard in cache.SHARDS:
        _forge(dataset_copy / cache.CACHE_DIRECTORY / cache.RECORDS_FILE.format(shard), rename_gambia, cache.RECORDS_MAGIC)
    assert load_dataset(dataset_copy).dataset.states["GMB"].name == "Gambia"  # type: ignore[union-attr]
    shown = run_cli("show", "gmb", "--data", str(dataset_copy), "--audience", "restricted")
    assert shown.exit_code == 0 and "Gambia" in shown.stdout and "Forgedland" not in shown.stdout


def test_a_forged_clean_bill_of_health_is_not_believed(dataset_copy: Path, settled: None) -> None:
    from att_univ.data.validation import validate_dataset

    (dataset_copy / "recipients.yaml").unlink()  # a dataset in clear: its problems are kept at rest, so they can be forged
    path = dataset_copy / GAMBIA
    path.write_text(path.read_text(encoding="utf-8").replace("iso2: GM", "iso2: gm"), encoding="utf-8")
    assert validate_dataset(dataset_copy).problems

    def all_valid(body: bytes) -> bytes:
        fmt, signature, root, stats, parses, rules, result = pickle.loads(body)
        return pickle.dumps((fmt, signature, root, stats, parses, (rules[0], ()), (result[0], result[1], ())))

    _forge(dataset_copy / cache.CACHE_DIRECTORY / cache.CACHE_FILE, all_valid)
    assert validate_dataset(dataset_copy).problems
    assert run_cli("validate", "--data", str(dataset_copy)).exit_code == 1


def test_unsealed_bytes_are_never_unpickled(dataset_copy: Path, tmp_path: Path) -> None:
    load_dataset(dataset_copy)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (open, (str(marker), "w"))

    _forge(dataset_copy / cache.CACHE_DIRECTORY / cache.CACHE_FILE, lambda _: pickle.dumps(Payload()))
    assert load_dataset(dataset_copy).ok
    assert not marker.exists()


def test_a_secret_others_can_read_is_no_secret(own_user_cache: None, dataset_copy: Path) -> None:
    load_dataset(dataset_copy)
    secret = Path(sealed.user_cache_directory()) / sealed.SECRET_FILE
    mode = secret.stat().st_mode
    sealed._secret_cache.clear()
    try:
        secret.chmod(0o644)
        assert not cache.open_cache(str(dataset_copy.resolve())).known_records()
    finally:
        secret.chmod(mode & 0o777)
        sealed._secret_cache.clear()
    assert cache.open_cache(str(dataset_copy.resolve())).known_records()


@pytest.mark.parametrize(
    "command",
    [
        ("validate",),
        ("show", "gmb"),
        ("show", "gmb", "--audience", "restricted"),
        ("tiers", "--format", "json"),
        ("engagements", "--audience", "restricted"),
        ("report", "--cycle", "csp9", "--format", "markdown"),
    ],
    ids=lambda c: " ".join(c),
)
def test_output_from_a_warm_cache_equals_the_cold_one(own_user_cache: None, dataset_copy: Path, command: tuple[str, ...]) -> None:
    cache.clear(str(dataset_copy))
    Path(cache.seed_path()).unlink(missing_ok=True)  # cold: no parse of any dataset to start from
    cold = run_cli(*command, "--data", str(dataset_copy))
    assert (dataset_copy / cache.CACHE_DIRECTORY / cache.CACHE_FILE).exists()
    warm = run_cli(*command, "--data", str(dataset_copy))
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert cold.exit_code == 0, cold.stderr


@pytest.mark.parametrize("change", ["edit-in-place", "add-yml", "remove-state", "names", "hidden-file"])
def test_validate_with_nothing_changed_answers_from_the_cache_and_sees_every_change(
    dataset_copy: Path, settled: None, change: str
) -> None:
    from att_univ.data.validation import validate_dataset

    first = validate_dataset(dataset_copy)
    assert cache.known_problems(str(dataset_copy.resolve()), "data") == first.problems == []
    if change == "edit-in-place":
        path = dataset_copy / GAMBIA
        before = path.stat()
        text = path.read_text(encoding="utf-8")
        with open(path, "r+", encoding="utf-8") as handle:
            handle.write(text.replace("iso2: GM", "iso2: gm"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "add-yml":
        (dataset_copy / "states" / "zzz.yml").write_text("x: 1\n", encoding="utf-8")
    elif change == "remove-state":
        (dataset_copy / GAMBIA).unlink()
    elif change == "names":
        names = dataset_copy / "depositary-names.yaml"
        names.write_text(names.read_text(encoding="utf-8") + "  Nowhere Land: ZZZ\n", encoding="utf-8")
    else:  # the loader skips hidden files: so may the cache
        (dataset_copy / "states" / ".gmb.yaml.swp").write_text("x: 1\n", encoding="utf-8")
    assert (cache.known_problems(str(dataset_copy.resolve()), "data") is None) == (change != "hidden-file")
    checked = validate_dataset(dataset_copy)
    assert checked.problems == load_dataset(dataset_copy, cached=False).problems
    assert bool(checked.problems) == (change != "hidden-file")


def test_validate_with_nothing_changed_imports_no_model(dataset_copy: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys; from att_univ.launcher import main; sys.argv = ['attu', 'validate', '--data', 'data']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'att_univ.data.models', 'rich', 'jinja2', 'git', 'babel') if m in sys.modules))"
    )
    run = [sys.executable, "-c", script]
    env = {**os.environ}
    subprocess.run(run, cwd=dataset_copy.parent, env=env, capture_output=True, check=True)
    # Files of a fresh copy are younger than the settling time: make them look settled.
    for path in dataset_copy.rglob("*.yaml"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    import time

    time.sleep(cache.SETTLE_NS / 1e9)
    subprocess.run(run, cwd=dataset_copy.parent, env=env, capture_output=True, check=True)
    warm = subprocess.run(run, cwd=dataset_copy.parent, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.strip().splitlines()[-1] == "[]", warm.stdout + warm.stderr


def test_one_file_changed_rewrites_only_the_records_it_touches(dataset_copy: Path, settled: None) -> None:
    load_dataset(dataset_copy)
    shards = {shard: dataset_copy / cache.CACHE_DIRECTORY / cache.RECORDS_FILE.format(shard) for shard in cache.SHARDS}
    before = {shard: path.stat().st_mtime_ns for shard, path in shards.items()}
    path = dataset_copy / GAMBIA
    path.write_text(path.read_text(encoding="utf-8").replace("name: Gambia", "name: Gambix"), encoding="utf-8")
    assert load_dataset(dataset_copy).dataset.states["GMB"].name == "Gambix"  # type: ignore[union-attr]
    rewritten = [shard for shard, path in shards.items() if path.stat().st_mtime_ns != before[shard]]
    assert 1 <= len(rewritten) <= 2  # the new content's shard, and the old one's (which no longer holds it)
    assert load_dataset(dataset_copy).dataset.states["GMB"].name == "Gambix"  # type: ignore[union-attr]
