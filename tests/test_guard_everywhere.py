"""The confidentiality guard across the whole tool.

The main test finds every command of the CLI by itself (from the typer app), with every choice
of `--format` and `--audience` and a sample of its other options, and runs it on a dataset in
which every restricted text carries the marker word QQRSTR and every partners text QQPTNR.
Nothing restricted may reach a public or partners output (stdout, stderr, files written), and
nothing for partners may reach a public one. A command added later is covered without anyone
remembering; one with a required option the test cannot guess fails, asking for a sample.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from att_univ.cli import app
from att_univ.cli.common import emit, note, open_for_audience
from att_univ.core.errors import ConfidentialityError, UsageError
from att_univ.data.guard import _free_text_fields, check_message, guard_for
from att_univ.data.loader import load_dataset
from att_univ.data.models import KINDS
from att_univ.data.models.common import Sensitive, visible_to
from tests.conftest import FIXTURES
from tests.support.commands import every_command

CANARY = FIXTURES / "canary"
MARK = {"restricted": "qqrstr", "partners": "qqptnr"}
CANARY_STATE = "XCA"


# --- the fixture covers every restricted field ------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def restricted_text_fields() -> set[tuple[str, str]]:
    """(model, field) for every free-text field that a `Sensitive` part of any kind of record can hold."""
    found: set[tuple[str, str]] = set()
    seen: set[tuple[type[BaseModel], bool]] = set()

    def walk(model: type[BaseModel], inside: bool) -> None:
        inside = inside or issubclass(model, Sensitive)
        if (model, inside) in seen:
            return
        seen.add((model, inside))
        text_fields = _free_text_fields(model)
        for name, info in model.model_fields.items():
            if inside and name in text_fields:
                found.add((model.__name__, name))
            for nested in _models_in(info.annotation):
                walk(nested, inside)

    for kind in KINDS:
        walk(kind.model, False)
    return found


def _walk_values(value: Any, level: str | None) -> Iterator[tuple[str, str, str, str]]:
    """(model, field, value, level) for every text in the record; level is the sensitivity around it."""
    if isinstance(value, BaseModel):
        if isinstance(value, Sensitive):
            level = value.sensitivity
        for name in type(value).model_fields:
            child = getattr(value, name)
            items = child if isinstance(child, tuple) else (child,)
            for item in items:
                if isinstance(item, str) and level is not None:
                    yield type(value).__name__, name, item, level
                elif isinstance(item, (BaseModel, tuple)):
                    yield from _walk_values(item, level)
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk_values(item, level)


@dataclass(frozen=True)
class Canaries:
    """What must not leak: the marker words, and the hidden texts that cannot carry one (a phone number)."""

    unmarked: dict[str, tuple[str, ...]]  # level → texts without a marker word

    def leaks(self, text: str, audience: str) -> list[str]:
        """The canaries of levels above `audience` found in `text`."""
        folded = " ".join(text.split()).casefold()
        found = []
        for level, mark in MARK.items():
            if visible_to(level, audience):
                continue
            if mark in folded:
                found.append(mark)
            found += [value for value in self.unmarked[level] if value.casefold() in folded]
        return found


@pytest.fixture(scope="module")
def canaries() -> Canaries:
    dataset = load_dataset(CANARY).dataset
    assert dataset is not None
    covered: set[tuple[str, str]] = set()
    unmarked: dict[str, list[str]] = {"restricted": [], "partners": []}
    text_fields = restricted_text_fields()
    for records in dataset.records.values():
        for record in records.values():
            for model, field, value, level in _walk_values(record, None):
                if level == "public" or (model, field) not in text_fields:
                    continue
                if MARK[level] not in value.casefold():
                    assert len(value) >= 8, f"{model}.{field}: a canary without marker must be long enough to be unique"
                    unmarked[level].append(value)
                if level == "restricted":
                    covered.add((model, field))
    missing = sorted(text_fields - covered)
    assert not missing, f"tests/fixtures/canary lacks a restricted canary in: {missing}"
    return Canaries({level: tuple(values) for level, values in unmarked.items()})


def test_the_canary_dataset_covers_every_restricted_field(canaries: Canaries) -> None:
    # The fixture above fails if a Sensitive model gains a free-text field the canary dataset lacks.
    assert canaries.unmarked["restricted"] == ("+99 555 0173 0000",)
    assert ("Contact", "phone") in restricted_text_fields() and ("Plan", "title") in restricted_text_fields()


# --- every command, every format, every audience ----------------------------------------------


# Values for options and arguments the test cannot guess. Optional ones are tried one at a time.
SAMPLES: dict[str, Callable[[Path], list[str]]] = {
    "state": lambda ws: [CANARY_STATE],
    "explain": lambda ws: [CANARY_STATE],
    "region": lambda ws: ["canary-org"],
    "actor": lambda ws: ["canary-champion"],
    "plan_id": lambda ws: ["canary-plan"],
    "since": lambda ws: ["2025-01-01"],
    "paths": lambda ws: [str(ws / "data")],
    "out": lambda ws: [str(_fresh(ws, "out"))],
    "source": lambda ws: [str(FIXTURES / "untc" / "untc_att_20260203.html")],
    "date": lambda ws: ["2025-06-01"],
    "title": lambda ws: ["A canary meeting"],
    "engagement_id": lambda ws: ["canary-new-meeting"],
    "summary": lambda ws: ["A note typed on the command line"],
    "source_id": lambda ws: ["canary-new-source"],
    "url": lambda ws: ["https://example.org/canary"],
}
# Samples that depend on the command: a state that can still sign, deposit...
COMMAND_SAMPLES: dict[tuple[str, str], Callable[[Path], list[str]]] = {
    ("record signature", "date"): lambda ws: ["2014-01-10"],
    ("record signature", "state"): lambda ws: ["XCB"],
    ("record deposit", "state"): lambda ws: ["XCN"],
    ("record deposit", "instrument"): lambda ws: ["accession"],
    ("record deposit", "source"): lambda ws: ["canary"],
    ("record signature", "source"): lambda ws: ["canary"],
    ("record process", "source"): lambda ws: ["canary"],
    ("record engagement", "source"): lambda ws: ["canary"],
    ("record engagement", "state"): lambda ws: ["XCB"],
    ("record as-of", "source"): lambda ws: ["canary"],
    ("record as-of", "date"): lambda ws: ["2026-06-01"],
    ("keys add", "name"): lambda ws: ["canary-holder"],
    ("keys add", "key"): lambda ws: ["age1rw6wrhvzpkqdhgtjuhuj4jz8d7vmkmcatmlxzv0w2j2yevd8jakq8vtkyk"],
    ("keys add", "audience"): lambda ws: ["partners"],
    ("keys remove", "name"): lambda ws: ["canary-holder"],
}
# Exit codes that are a command's normal answer, not a failure: reconcile says "the page differs" with 1.
# keys and encrypt: the fixture is in clear, with no recipients.
NORMAL_EXITS = {"reconcile": {1}, "keys check": {1}, "keys rotate": {2}, "keys remove": {2}, "encrypt": {2}}
# Commands whose --audience says whom a key is for, not whom the output is for (their output is public).
RECIPIENT_AUDIENCE = {"keys add"}
# Commands that change the dataset: each run starts again from the fixture as committed.
WRITERS = ("record ", "source ", "keys ", "encrypt")
SKIP = {"data", "help", "templates", "as_of", "window", "gap_months", "stale_after", "name"}
# Options that only make sense with another (`report --check` compares with the file given by --out).
COMMAND_SKIP = {("report", "check")}


_COUNTER = itertools.count()


def _fresh(ws: Path, stem: str) -> Path:
    """A path nothing has used yet, so that each run's files can be told apart."""
    return ws / f"{stem}{next(_COUNTER)}"


def _option(param: Any, value: str | None = None) -> list[str]:
    flag = next((o for o in param.opts if o.startswith("--")), param.opts[0])
    if param.param_type_name == "argument":
        return [value] if value is not None else []
    return [flag] if value is None else [flag, value]


def _sample(command: str, param: Any, ws: Path) -> list[str]:
    if (command, param.name) in COMMAND_SAMPLES:
        return COMMAND_SAMPLES[(command, param.name)](ws)
    if param.name in SAMPLES:
        return SAMPLES[param.name](ws)
    if type(param.type).__name__ == "TyperPath":
        return [str(_fresh(ws, param.name))]
    choices = getattr(param.type, "choices", None)
    if choices:
        return [choices[0]]
    pytest.fail(
        f"attu {command}: the test has no sample value for the required {param.param_type_name} {param.name!r}; "
        f"add one to SAMPLES in {Path(__file__).name}, so that the guard test can run the command"
    )


@dataclass
class Run:
    args: list[str]
    audience: str  # whom the output is for
    by_option: bool  # the audience was chosen with --audience (or its default)


def plan_runs(name: str, command: Any, ws: Path) -> list[Run]:
    """Every format × audience, then each sampled option and flag on its own for every audience."""
    params = list(command.params)
    by_name = {p.name: p for p in params}
    fmt = next((p for p in params if "--format" in p.opts), None)
    aud = next((p for p in params if "--audience" in p.opts), None) if name not in RECIPIENT_AUDIENCE else None
    formats = list(fmt.type.choices) if fmt is not None else [None]
    audiences: list[str | None] = [None, *aud.type.choices] if aud is not None else [None]

    def base() -> list[str]:
        args = name.split()
        if "data" in by_name:
            args += ["--data", str(ws / "data")]
        for param in params:
            if param.required:
                values = _sample(name, param, ws)
                args += _option(param, values[0]) if param.param_type_name == "option" else values
        return args

    def audience_of(choice: str | None) -> tuple[str, bool]:
        if aud is None:
            return "public", False  # no audience option: the output must be fit for anyone
        if choice is None:
            default = aud.default
            return (default.value if default is not None else "restricted"), True  # no default: restricted by convention
        return choice, True

    def with_audience(args: list[str], choice: str | None) -> Run:
        audience, by_option = audience_of(choice)
        return Run(args + ([] if choice is None else ["--audience", choice]), audience, by_option)

    runs = []
    for format_choice in formats:
        for choice in audiences:
            args = base() + ([] if format_choice is None else ["--format", format_choice])
            runs.append(with_audience(args, choice))
    for param in params:
        if param.required or param.name in SKIP or (name, param.name) in COMMAND_SKIP or param in (fmt, aud):
            continue
        if getattr(param, "is_flag", False):
            variant = _option(param)
        elif param.name in SAMPLES or (name, param.name) in COMMAND_SAMPLES:
            variant = []  # built per run below, so that paths are fresh
        else:
            continue
        for choice in audiences if param.name != "verbose" else [None]:
            if variant:
                extra = variant
            else:
                values = _sample(name, param, ws)
                extra = _option(param, values[0]) if param.param_type_name == "option" else values
            runs.append(with_audience(base() + extra, choice))
    return runs


def _workspace(tmp_path: Path, source: Path = CANARY) -> Path:
    shutil.copytree(source, tmp_path / "data")
    if shutil.which("git"):  # history commands need a repository; give them one with a single commit
        env = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-03T12:00:00Z", "GIT_COMMITTER_DATE": "2026-02-03T12:00:00Z"}
        for command in (
            ["init", "-q"],
            ["add", "-A"],
            ["-c", "user.name=attu", "-c", "user.email=attu@example.org", "commit", "-qm", "canary"],
        ):
            subprocess.run(["git", *command], cwd=tmp_path, check=True, env=env, capture_output=True)
    return tmp_path


def _reset(ws: Path) -> None:
    """Put the dataset back as the workspace's first commit holds it."""
    subprocess.run(["git", "reset", "-q", "--hard", "HEAD"], cwd=ws, check=True, capture_output=True)
    first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=ws, check=True, capture_output=True, text=True)
    subprocess.run(["git", "reset", "-q", "--hard", first.stdout.split()[0]], cwd=ws, check=True, capture_output=True)
    subprocess.run(["git", "clean", "-qfd", "data"], cwd=ws, check=True, capture_output=True)


def _outputs(ws: Path, known: set[str]) -> str:
    """The text of every file or directory written into the workspace since `known` was taken."""
    texts = []
    for path in sorted(ws.iterdir()):
        if path.name in known or path.name in ("data", ".git"):
            continue
        known.add(path.name)
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        texts += [_file_text(f) for f in files]
    return "\n".join(texts)


def _file_text(path: Path) -> str:
    """A written file's text; a Word file's is in the XML parts of its zip package."""
    import zipfile

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist() if n.endswith(".xml"))
    return path.read_text(encoding="utf-8", errors="replace")


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text.strip() else ""


COMMANDS = every_command()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_command_leaks_in_any_format_for_any_audience(name: str, tmp_path: Path, canaries: Canaries) -> None:
    ws = _workspace(tmp_path)
    runner = CliRunner()
    problems: list[str] = []
    outcomes: dict[str, set[str]] = {}
    known: set[str] = set()
    for run in plan_runs(name, COMMANDS[name], ws):
        if name.startswith(WRITERS):
            _reset(ws)
        result = runner.invoke(app, run.args)
        written = _outputs(ws, known)
        shown = " ".join(["attu", *run.args])
        leaks = canaries.leaks(result.stdout + result.stderr + written, run.audience)
        if leaks:
            problems.append(f"{shown}: {run.audience} output carries {leaks}")
        # Only a command that takes an output audience can refuse one (others may merely mention the option).
        refused = result.exit_code == 2 and run.by_option and "--audience" in result.stderr
        outcomes.setdefault(run.audience, set()).add("refused" if refused else str(result.exit_code))
        if result.exit_code == 4:
            problems.append(f"{shown}: the guard had to stop it (the view let restricted data through): {result.stderr.strip()}")
        elif result.exit_code != 0 and not refused and result.exit_code not in NORMAL_EXITS.get(name, set()):
            problems.append(f"{shown}: exit {result.exit_code}: {(result.stderr or result.stdout).strip()[:300]}")
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                problems.append(f"  {type(result.exception).__name__}: {result.exception}")
        elif result.exit_code == 0 and run.audience == "restricted" and run.by_option:
            said = [_first_line(result.stdout), result.stderr, _first_line(written)]
            if not any("RESTRICTED" in text for text in said):
                problems.append(f"{shown}: restricted output does not say so on its first line (or on stderr)")
    # A command may refuse audiences, but it must serve some, and refusing the public means serving restricted.
    refuses_wider = "refused" in outcomes.get("public", set()) | outcomes.get("partners", set())
    if refuses_wider and outcomes.get("restricted") != {"0"}:
        problems.append(f"attu {name} refuses public or partners but does not run for restricted: {outcomes}")
    if all(codes <= {"refused"} for codes in outcomes.values()):
        problems.append(f"attu {name} refuses every audience")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_problems_in_the_data_never_echo_their_values(name: str, tmp_path: Path, canaries: Canaries) -> None:
    # A broken file full of restricted text: every command must report it without quoting it.
    ws = _workspace(tmp_path)
    broken = ws / "data" / "states" / "xca.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8")
        .replace("  - level: near-term\n", "  - level: QQRSTR level that is not a level\n", 1)
        .replace("    date: 2024-05-01\n", "    date: QQRSTR not a date\n", 1)
        + "qqrstr_unknown_field: QQRSTR the value of an unknown field\n",
        encoding="utf-8",
    )
    for run in plan_runs(name, COMMANDS[name], ws)[:1]:
        result = CliRunner().invoke(app, run.args)
        assert not canaries.leaks(result.stdout + result.stderr, "public"), (run.args, result.stderr)
        assert result.exit_code in (0, 1, 2), (run.args, result.exit_code, result.stderr)


# --- a leaking template is caught -------------------------------------------------------------


LEAKING_TEMPLATE = "# Engagements\n{% for note in state.notes %}- {{ note.text | md }}\n{% endfor %}"


@pytest.fixture
def leaking_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`attu engagements --format markdown` rendered by a template that prints a state's restricted notes."""
    from att_univ.documents.templating import render_template
    from att_univ.views import coordination as coordination_output

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "engagements.md.j2").write_text(LEAKING_TEMPLATE, encoding="utf-8")
    full = load_dataset(CANARY).dataset
    assert full is not None

    def leaking(view: Any, found: Any, scope: str) -> str:  # a view builder that handed the template too much
        return render_template("engagements.md.j2", {"state": full.states[CANARY_STATE]}, templates=templates)

    monkeypatch.setattr(coordination_output, "engagements_markdown", leaking)


@pytest.mark.parametrize("audience", ["public", "partners"])
def test_a_deliberately_leaking_template_is_refused(audience: str, leaking_template: None, tmp_path: Path) -> None:
    out = tmp_path / "engagements.md"
    for extra in ([], ["--out", str(out)]):
        result = CliRunner().invoke(app, ["engagements", "--data", str(CANARY), "-f", "markdown", "--audience", audience, *extra])
        assert result.exit_code == 4
        assert result.stdout == "" and not out.exists()
        assert "states/XCA: notes[0].text" in result.stderr
        assert "QQRSTR" not in result.stderr.upper()


def test_the_same_template_does_leak_for_the_wgtu(leaking_template: None) -> None:
    # Proof that the template really prints the restricted note: the guard is what stopped it above.
    result = CliRunner().invoke(app, ["engagements", "--data", str(CANARY), "-f", "markdown", "--audience", "restricted"])
    assert result.exit_code == 0
    assert "QQRSTR note text" in result.stdout


# --- messages on stderr -----------------------------------------------------------------------


SECRET = "QQRSTR note text the delegation asked that this stay confidential."


@contextmanager
def extra_command(function: Callable[..., None]) -> Iterator[None]:
    """A command added to the app for one test."""
    app.command(name="probe")(function)
    try:
        yield
    finally:
        app.registered_commands.pop()


def _probe(*args: str) -> Any:
    return CliRunner().invoke(app, ["probe", *args])


def test_a_note_carrying_a_restricted_value_is_refused() -> None:
    def probe(audience: str = "public") -> None:
        open_for_audience(CANARY, audience)
        emit("A public line.\n")
        note(f"about to say: {SECRET}")

    with extra_command(probe):
        refused = _probe()
        assert refused.exit_code == 4 and "states/XCA: notes[0].text" in refused.stderr
        assert "QQRSTR" not in refused.stderr.upper()
        allowed = _probe("--audience", "restricted")
        assert allowed.exit_code == 0 and SECRET in allowed.stderr


def test_an_error_message_carrying_a_restricted_value_is_refused() -> None:
    def probe(query: str = "") -> None:
        open_for_audience(CANARY, "partners")
        raise UsageError(f"no state {query!r}; the nearest is described as: {SECRET}")

    with extra_command(probe):
        result = _probe("--query", "Atlantis")
        assert result.exit_code == 4
        assert "partners error message would contain restricted information (states/XCA: notes[0].text)" in result.stderr
        assert "QQRSTR" not in result.stderr.upper()


def test_repeating_what_the_user_typed_is_no_leak_and_no_oracle() -> None:
    # Refusing an echo of the user's own input would tell them that what they typed is restricted text.
    def probe(query: str = "") -> None:
        open_for_audience(CANARY, "public")
        raise UsageError(f"no state {query!r} in the dataset")

    with extra_command(probe):
        secret = _probe("--query", SECRET)
        other = _probe("--query", "Some other long sentence that is not in the dataset.")
        assert secret.exit_code == other.exit_code == 2
        assert f"no state {SECRET!r}" in secret.stderr


def test_the_guard_is_disarmed_after_each_command() -> None:
    def probe(audience: str = "public") -> None:
        open_for_audience(CANARY, audience)

    def later() -> None:
        note(SECRET)  # no dataset opened: nothing to guard against in this command

    with extra_command(probe):
        assert _probe().exit_code == 0
    app.command(name="later")(later)
    try:
        assert CliRunner().invoke(app, ["later"]).exit_code == 0
    finally:
        app.registered_commands.pop()


# --- the helpers other code calls -------------------------------------------------------------


def test_table_cells_are_checked_one_by_one() -> None:
    # A narrow table wraps a long value over lines, with other columns in between: the rendered
    # text no longer holds it, so the cells themselves must be checked.
    from att_univ.views.terminal import Column, render_table

    full = load_dataset(CANARY).dataset
    guard = guard_for(full, "public")
    text = render_table([Column("State"), Column("Note")], [["Canaria", SECRET.lower()]], width=30)
    assert guard.find(text) is None
    with pytest.raises(ConfidentialityError):
        guard.check_values([["Canaria", SECRET.lower()]])
    guard.check_values([["Canaria", "A public note about Canaria and the treaty."], [None, 3]])


def test_commit_messages_are_checked() -> None:
    full = load_dataset(CANARY).dataset
    check_message(full, "Record the public workshop of 10 November 2025 (Regional workshop on the treaty)")
    with pytest.raises(ConfidentialityError) as caught:
        check_message(full, f"Record: {SECRET}")
    assert caught.value.message.startswith("refused: this public commit message would contain restricted information")
    assert "QQRSTR" not in caught.value.message.upper()
    with pytest.raises(ConfidentialityError):
        check_message(full, "Partners: QQPTNR note text shared with the cooperating entities only.")
    check_message(full, "Partners: QQPTNR note text shared with the cooperating entities only.", audience="partners")


def test_every_command_is_exercised() -> None:
    # Guard against the enumeration silently finding nothing.
    assert {"engagements", "coordinate", "champions", "export", "tiers", "plan", "support", "validate"} <= set(COMMANDS)
    ws = Path("/nonexistent")
    runs = plan_runs("engagements", COMMANDS["engagements"], ws)
    formats = {arg for run in runs for arg in run.args if arg in ("table", "json", "csv", "markdown")}
    assert formats == {"table", "json", "csv", "markdown"}
    assert {run.audience for run in runs} == {"public", "partners", "restricted"}
