"""Bad input, one case per hazard and per rule: exact code, line and column, exit 1, nothing written.

Each case starts from a copy of the real dataset (hard links: see `linked_copy`) and changes one file. Positions are
1-based and point at what a person must fix (the value, or the key of an unknown field).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import replace_file, run_cli, snapshot


@dataclass(frozen=True)
class Case:
    """Change `path` (replace `old` by `new`, or write `content`), expect `expected` among the problems."""

    id: str
    path: str
    expected: str  # "line:column code"
    old: str | None = None
    new: str | None = None
    content: bytes | None = None

    def apply(self, data: Path) -> None:
        target = data / self.path
        if self.content is not None:
            replace_file(target, self.content)
            return
        assert self.old is not None and self.new is not None
        text = target.read_text(encoding="utf-8")
        assert self.old in text, f"{self.id}: fixture text not found"
        replace_file(target, text.replace(self.old, self.new, 1))


GAMBIA = "# modeline\niso3: GMB\niso2: GM\nm49: '270'\nname: Gambia\nun_member: true\nsources: [iso-3166]\n"

CASES = [
    # Malformed YAML and file-level hazards.
    Case("unclosed-flow", "states/afg.yaml", "3:1 yaml-syntax", content=b"iso3: AFG\nname: [Afghanistan\n"),
    Case("tab-indent", "states/afg.yaml", "3:1 yaml-syntax", content=b"iso3: AFG\ntreaty:\n\tdeposit: 1\n"),
    Case("bad-mapping", "states/afg.yaml", "2:11 yaml-syntax", content=b"iso3: AFG\nname: Afgh: anistan\n"),
    Case("utf16", "states/gmb.yaml", "1:1 encoding", content=GAMBIA.encode("utf-16")),
    Case("utf8-bom", "states/gmb.yaml", "1:1 encoding", content=b"\xef\xbb\xbf" + GAMBIA.encode()),
    Case(
        "invalid-utf8",
        "states/gmb.yaml",
        "5:10 encoding",
        content=GAMBIA.replace("Gambia", "Gam\udcffbia").encode("utf-8", "surrogateescape"),
    ),
    Case(
        "latin1",
        "states/civ.yaml",
        "4:8 encoding",
        content="iso3: CIV\niso2: CI\nm49: '384'\nname: Côte d'Ivoire\n".encode("latin-1"),
    ),
    Case(
        "control-character", "states/gmb.yaml", "5:10 control-character", content=GAMBIA.replace("Gambia", "Gam\x07bia").encode()
    ),
    Case("nul-byte", "states/gmb.yaml", "2:8 control-character", content=GAMBIA.replace("GMB", "G\x00MB").encode()),
    Case(
        "bidi-override", "states/gmb.yaml", "5:7 invisible-character", content=GAMBIA.replace("Gambia", "\u202eaibmaG").encode()
    ),
    Case("zero-width-space", "states/gmb.yaml", "2:10 invisible-character", content=GAMBIA.replace("GMB", "GMB\u200b").encode()),
    Case("anchor", "states/gmb.yaml", "5:7 anchor", content=GAMBIA.replace("name: Gambia", "name: &n Gambia").encode()),
    Case(
        "alias-bomb",
        "states/gmb.yaml",
        "1:4 anchor",
        content=(
            b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        ),
    ),
    Case("alias", "states/gmb.yaml", "8:8 alias", content=(GAMBIA + "notes: *x\n").encode()),
    Case(
        "python-tag",
        "states/gmb.yaml",
        "5:7 tag",
        content=GAMBIA.replace("name: Gambia", "name: !!python/object/apply:os.system [ls]").encode(),
    ),
    Case(
        "custom-tag", "states/gmb.yaml", "6:12 tag", content=GAMBIA.replace("un_member: true", "un_member: !flag true").encode()
    ),
    Case("directive", "states/gmb.yaml", "1:1 directive", content=b"%YAML 1.2\n---\niso3: GMB\n"),
    Case("two-documents", "states/gmb.yaml", "8:1 multiple-documents", content=(GAMBIA + "---\niso3: GMB\n").encode()),
    Case("duplicate-key", "states/gmb.yaml", "8:1 duplicate-key", content=(GAMBIA + "name: Gambia, The\n").encode()),
    Case("complex-key", "states/gmb.yaml", "8:3 complex-key", content=(GAMBIA + "? [a, b]\n: 1\n").encode()),
    Case("too-deep", "states/gmb.yaml", "8:31 too-deep", content=(GAMBIA + "notes: " + "[" * 30 + "]" * 30 + "\n").encode()),
    Case("too-large", "states/gmb.yaml", "1:1 too-large", content=(GAMBIA + "# " + "x" * 1_000_100 + "\n").encode()),
    Case("empty-file", "states/gmb.yaml", "1:1 empty-file", content=b"# nothing here\n"),
    Case("not-a-mapping", "states/gmb.yaml", "1:1 not-a-mapping", content=b"- GMB\n- Gambia\n"),
    # Values: YAML 1.2 scalars and the models.
    Case("impossible-date", "states/alb.yaml", "24:11 invalid-date", old="date: 2013-06-03", new="date: 2013-02-30"),
    Case("yes-is-not-true", "states/gmb.yaml", "15:12 wrong-type", old="un_member: true", new="un_member: yes"),
    Case("quoted-date", "states/alb.yaml", "24:11 wrong-type", old="date: 2013-06-03", new="date: '2013-06-03'"),
    Case("unquoted-m49", "states/gmb.yaml", "4:6 wrong-type", old="m49: '270'", new="m49: 270"),
    Case("infinite-number", "states/gmb.yaml", "4:6 number-out-of-range", old="m49: '270'", new="m49: 1e400"),
    Case("negative-infinite-number", "states/gmb.yaml", "4:6 number-out-of-range", old="m49: '270'", new="m49: -2E+999"),
    Case("missing-field", "states/gmb.yaml", "2:1 missing-field", old="name: Gambia\n", new=""),
    Case("unknown-field", "states/gmb.yaml", "5:1 unknown-field", old="name: Gambia", new="nmae: Gambia"),
    Case("bad-instrument", "states/alb.yaml", "28:17 invalid-value", old="instrument: ratification", new="instrument: ratify"),
    Case("bad-iso3", "states/gmb.yaml", "2:7 invalid-value", old="iso3: GMB", new="iso3: gmb"),
    Case("bad-sensitivity", "states/gmb.yaml", "34:18 invalid-value", old="sensitivity: public", new="sensitivity: secret"),
    Case(
        "no-sources",
        "states/alb.yaml",
        "25:14 invalid-value",
        old="sources: [untc-status-2026, mondiale-2026, untc-signatures-2013, untc-xml-2023, unts-52373]",
        new="sources: []",
    ),
    Case("yml-extension", "states/zzz.yml", "1:1 file-name", content=GAMBIA.encode()),
    # Rules across records.
    Case("file-name", "states/gmb.yaml", "2:7 file-name", old="iso3: GMB", new="iso3: GAB"),
    Case("signature-window", "states/ago.yaml", "24:11 signature-window", old="date: 2013-09-24", new="date: 2015-01-15"),
    Case("signature-before-opening", "states/ago.yaml", "24:11 signature-window", old="date: 2013-09-24", new="date: 2013-06-02"),
    Case(
        "deposit-before-signature",
        "states/alb.yaml",
        "27:11 deposit-before-signature",
        old="date: 2014-03-19",
        new="date: 2013-05-01",
    ),
    Case(
        "accession-by-signatory",
        "states/alb.yaml",
        "28:17 accession-by-signatory",
        old="instrument: ratification",
        new="instrument: accession",
    ),
    Case(
        "ratification-without-signature",
        "states/afg.yaml",
        "26:17 ratification-without-signature",
        old="instrument: accession",
        new="instrument: ratification",
    ),
    Case("entry-into-force", "states/afg.yaml", "29:11 entry-into-force", old="date: 2020-10-27", new="date: 2020-10-28"),
    Case(
        "process-after-deposit",
        "states/gmb.yaml",
        "32:11 process-after-deposit",
        old="date: 2023-02-15\n    summary: Told",
        new="date: 2024-07-01\n    summary: Told",
    ),
    Case(
        "future-date",
        "states/gmb.yaml",
        "32:11 future-date",
        old="date: 2023-02-15\n    summary: Told",
        new="date: 2026-03-01\n    summary: Told",
    ),
    Case(
        "intent-by-party",
        "states/alb.yaml",
        "30:3 intent-not-to-become-party",
        old="  entry_into_force:",
        new=(
            "  intent_not_to_become_party:\n    date: 2019-01-01\n    summary: x\n"
            "    sources: [untc-status-2026]\n  entry_into_force:"
        ),
    ),
    Case(
        "unknown-source",
        "states/gmb.yaml",
        "16:21 unknown-source",
        old="sources: [iso-3166, un-m49]",
        new="sources: [iso-3166, un-m94]",
    ),
    Case("unknown-state", "regions/ecowas.yaml", "7:5 unknown-state", old="  - BEN\n", new="  - BNE\n"),
    Case("duplicate-member", "regions/ecowas.yaml", "8:5 duplicate-member", old="  - CPV\n", new="  - BEN\n"),
    Case(
        "membership-dates",
        "regions/asean.yaml",
        "17:5 membership-dates",
        old="since: 2025-10-26",
        new="since: 2025-10-26\n    until: 2025-01-01",
    ),
    Case("two-un-groups", "regions/african.yaml", "2:7 un-group", old="  - AGO\n", new="  - AGO\n  - ALB\n"),
    Case(
        "unknown-parent",
        "regions/western-africa.yaml",
        "5:9 unknown-region",
        old="parent: sub-saharan-africa",
        new="parent: sub-saharan",
    ),
    # A passage marked unconfirmed must be quoted exactly from its record's text, or it unmarks nothing.
    Case(
        "unconfirmed-not-quoted",
        "actors/unrec.yaml",
        "10:5 unconfirmed-passage",
        "  - established in 1986",
        "  - founded in 1986",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_located_reported_and_nothing_written(case: Case, linked_copy: Path) -> None:
    case.apply(linked_copy)
    before = snapshot(linked_copy)

    result = run_cli("validate", "--data", str(linked_copy))

    assert result.exit_code == 1
    line, column_and_code = case.expected.split(":")
    column, code = column_and_code.split(" ")
    shown_path = f"data/{case.path}"
    if case.id == "two-un-groups":
        shown_path = "data/states/alb.yaml"  # the problem is the state's, wherever it is listed twice
    wanted = f"{shown_path}:{line}:{column}: error[{code}]:"
    assert any(out.startswith(wanted) for out in result.stdout.splitlines()), result.stdout
    assert snapshot(linked_copy) == before
    assert "Traceback" not in result.stdout + result.stderr


def test_all_cases_together_are_reported_at_once(linked_copy: Path) -> None:
    chosen = [c for c in CASES if c.id in ("signature-window", "entry-into-force", "unknown-state")]
    for case in chosen:
        case.apply(linked_copy)
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    codes = {line.split("error[")[1].split("]")[0] for line in result.stdout.splitlines()}
    assert codes == {"signature-window", "entry-into-force", "unknown-state"}


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


def test_symlink_out_of_the_dataset_is_refused(linked_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((linked_copy / "states" / "gmb.yaml").read_text())
    (linked_copy / "states" / "gmb.yaml").unlink()
    os.symlink(outside, linked_copy / "states" / "gmb.yaml")

    result = run_cli("validate", "--data", str(linked_copy))

    assert result.exit_code == 1
    assert "data/states/gmb.yaml:1:1: error[symlink]:" in result.stdout


def test_messages_never_quote_the_offending_value(linked_copy: Path) -> None:
    secret = "Confidential-Canary-4711"
    path = linked_copy / "states" / "gmb.yaml"
    text = path.read_text()
    replace_file(
        path,
        text
        + f"readiness:\n  - level: {secret}\n    assessed_on: 2023-01-01\n"
        + f"contacts:\n  - name: A\n    email: {secret}\n"
        + f"notes:\n  - text: ok\n    {secret}: 1\n",
    )
    result = run_cli("validate", "--data", str(linked_copy), "--format", "json")
    assert result.exit_code == 1
    assert secret not in result.stdout + result.stderr
    assert result.stdout.count('"code"') >= 3


def test_missing_dataset_description(linked_copy: Path) -> None:
    (linked_copy / "dataset.yaml").unlink()
    result = run_cli("validate", "--data", str(linked_copy))
    assert result.exit_code == 1
    assert "data/dataset.yaml:1:1: error[missing-file]:" in result.stdout
