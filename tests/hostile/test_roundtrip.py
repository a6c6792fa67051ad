"""Item 4: the writer reads values as the reader does, and leaves what it does not touch byte for byte."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from att_univ.data.loader import load_dataset
from att_univ.data.yamlio import parse, reformat
from tests.conftest import FIXTURES, run_cli

TRICKY = ("2001-12-14t21:59:43.10-05:00", ".NaN", "0x1F", "1_000", "+12", "-0", "007", "~", "True", "12:30", "1e5", "9" * 5000)


def _with_steps(data: Path, summaries: tuple[str, ...]) -> Path:
    state = data / "states" / "ind.yaml"
    steps = "".join(
        f"  - stage: legal-review\n    date: 2025-0{n + 1}-01\n    summary: {text}\n    sensitivity: restricted\n"
        for n, text in enumerate(summaries)
    )
    state.write_text(state.read_text() + "process:\n" + steps)
    return state


def test_item04_fmt_leaves_values_it_does_not_mean_to_touch(small_data: Path) -> None:
    state = _with_steps(small_data, ("2001-12-14t21:59:43.10-05:00", ".NaN", "0x1F"))
    before = state.read_text()
    result = run_cli("fmt", "--data", str(small_data))
    assert result.exit_code == 0, result.output
    assert state.read_text() == before
    steps = load_dataset(small_data).dataset.states["IND"].process  # type: ignore[union-attr]
    assert [step.summary for step in steps] == ["2001-12-14t21:59:43.10-05:00", ".NaN", "0x1F"]


def test_item04_record_leaves_other_lines_byte_identical(small_data: Path) -> None:
    state = _with_steps(small_data, ("2001-12-14t21:59:43.10-05:00", ".NaN"))
    before = state.read_text().splitlines()
    result = run_cli("record", "process", "IND", "legislation", "2026-01-05", "--data", str(small_data))
    assert result.exit_code == 0, result.output
    after = state.read_text().splitlines()
    assert after[: len(before)] == before
    assert [line for line in after if "summary" in line] == [line for line in before if "summary" in line]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(TRICKY), st.from_regex(r"[A-Za-z0-9.:+_ -]{1,20}", fullmatch=True)), min_size=1, max_size=6
    )
)
def test_item04_fmt_round_trip_reads_back_equal(tokens: list[str]) -> None:
    text = "".join(f"k{n}: {token}\n" for n, token in enumerate(tokens))
    parsed = parse(text, "x.yaml")
    assume(not parsed.problems)
    formatted = reformat(text)
    assert parse(formatted, "x.yaml").value == parsed.value
    assert reformat(formatted) == formatted


summaries = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() == text and text.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=summaries)
def test_item04_record_round_trip_reads_back_equal(summary: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "data"
        shutil.copytree(FIXTURES / "review-data", data)
        result = run_cli("record", "process", "IND", "legal-review", "2026-01-05", "--summary", summary, "--data", str(data))
        assume(result.exit_code != 1 or "invalid" not in result.stderr)  # data rules (e.g. text limits) may refuse it
        assert result.exit_code == 0, result.output
        steps = load_dataset(data).dataset.states["IND"].process  # type: ignore[union-attr]
        assert [step.summary for step in steps] == [summary]
