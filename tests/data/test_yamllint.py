"""The dataset, and every YAML export of it, is clean under the project's .yamllint."""

from __future__ import annotations

from pathlib import Path

import pytest
from yamllint import linter
from yamllint.config import YamlLintConfig

from tests.conftest import DATA, REPO, run_cli

CONFIG = YamlLintConfig(file=str(REPO / ".yamllint"))


def lint(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.yaml")):
        for problem in linter.run(path.read_text(encoding="utf-8"), CONFIG, str(path)):
            found.append(f"{path.relative_to(root)}:{problem.line}:{problem.column}: {problem.desc} ({problem.rule})")
    return found


def test_the_dataset_is_clean_under_yamllint():
    assert lint(DATA) == []


def test_a_yaml_1_1_boolean_is_reported_by_the_configuration():
    problems = list(linter.run("iso2: NO\n", CONFIG))
    assert [p.rule for p in problems] == ["truthy"]


@pytest.mark.parametrize("audience", ["partners"])  # the wider export; public is a subset of it
def test_the_yaml_export_is_clean_under_yamllint_and_norway_stays_a_code(tmp_path: Path, audience: str):
    import yaml  # PyYAML reads YAML 1.1, where a bare NO is false

    out = tmp_path / "export"
    assert run_cli("export", "--data", str(DATA), "--audience", audience, "--out", str(out)).exit_code == 0
    assert lint(out) == []
    assert yaml.safe_load((out / "states" / "nor.yaml").read_text(encoding="utf-8"))["iso2"] == "NO"
    assert yaml.safe_load((DATA / "states" / "nor.yaml").read_text(encoding="utf-8"))["iso2"] == "NO"


def test_attu_fmt_writes_yaml_1_1_words_quoted():
    from att_univ.data.canonical import canonical

    text = (DATA / "states" / "nor.yaml").read_text(encoding="utf-8")
    modeline = text.splitlines(keepends=True)[0]
    assert canonical(text.replace("iso2: 'NO'", "iso2: NO"), modeline) == text  # what `attu fmt` writes
