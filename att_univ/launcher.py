"""The `attu` program. Answers `status` and `timeline` from the cached index without loading typer.

Why: typer (with its vendored click) takes about 45 ms to import and set up, which alone is
more than a 15-line PyYAML script needs to read all 197 state files and count them. `attu
status` is the command people type most, and must be no slower than that script
(bench/bench_status.py). So this entry point recognises the plain, well-formed invocations of
`status` and `timeline`, and when the cached index is current (`att_univ.treaty.cache`) prints the
same bytes that the typer command would, from the same functions.

Anything else goes to the full command line (`att_univ.cli.main`), unchanged: another
command, `--help`, an option this parser does not know or spells differently, `--out`, a
repeated option, an invalid value, a missing or stale cache, any error at all. Nothing is
printed before the fast path has succeeded, so falling back never shows anything twice.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping

TYPE_CHECKING = False  # typing costs the launcher 4 ms to import; mypy reads this name as true
if TYPE_CHECKING:
    from typing import TextIO

    from att_univ.data.answers import Answer

ENVIRONMENT_VARIABLE = "ATTU_DATA"  # as att_univ.data.discovery

# Options the fast path understands, per command, and the parameter each fills. They mirror
# the typer commands in att_univ/cli/status.py (tests/treaty/test_status.py checks that they agree).
OPTIONS = {
    "status": {"--as-of": "as_of", "--region": "region", "--by": "by", "--format": "fmt", "-f": "fmt", "--data": "data"},
    "timeline": {"--format": "fmt", "-f": "fmt", "--data": "data"},
}
FLAGS = {"--verbose": "verbose", "-v": "verbose"}
LEFT_TO_TYPER = ("--out", "-o", "--rev", "--help", "-h")  # understood by the full command line only


def main() -> None:
    """Run attu: the fast path when it applies, else a recorded answer, else the full command line (recording it)."""
    argv = sys.argv[1:]
    try:
        code = fast_path(argv)
        request = None
        if code is None:
            request = answer_request(argv)
            code = replay(request) if request is not None else None
    except KeyboardInterrupt:
        sys.stderr.write("attu: interrupted\n")
        sys.exit(130)
    if code is not None:
        sys.exit(code)
    from att_univ.cli import main as full_command_line

    if request is None:
        full_command_line()
        return
    sys.exit(record(request, full_command_line))


class Request:
    """An invocation that the recorded answers may serve: its key, and what it depends on."""

    __slots__ = ("argv", "key", "root", "state", "templates")

    def __init__(self, argv: tuple[str, ...], root: str, key: str, templates: str) -> None:
        self.argv, self.root, self.key, self.templates = argv, root, key, templates
        self.state: str | None = None  # the files' state key, once taken


def answer_request(argv: list[str]) -> Request | None:
    """The invocation as `att_univ.data.answers` keys it; None when it may not be answered from there."""
    from att_univ.data import answers

    if not answers.answerable(argv):
        return None
    import datetime as dt

    located = locate_dataset(answers.option_value(argv, "--data"), os.environ, os.getcwd())
    if located is None:
        return None
    root = located[0]
    terminals = (sys.stdout.isatty(), sys.stderr.isatty())
    key = answers.request_key(argv, root, os.getcwd(), os.environ, terminals, dt.date.today())
    return Request(tuple(argv), root, key, bundled_templates())


def replay(request: Request) -> int | None:
    """Print the recorded answer and return its exit code; None when there is none for the files as they are."""
    from att_univ.data import answers

    try:
        # Settled, as recording needs it, so that a miss can record under the same key without
        # taking it again (a stat of every file): an answer is never kept for a file younger than that.
        request.state = answers.state_key(request.root, request.argv, request.templates, settled=True)
        found = answers.lookup(request.root, request.key, request.state)
    except Exception:  # a cache is only ever a shortcut
        return None
    if found is None:
        return None
    try:
        sys.stderr.write(found.stderr)
        sys.stderr.flush()
        sys.stdout.write(found.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return found.code


def record(request: Request, run: Callable[[], None]) -> int:
    """Run the full command line, keeping what it prints; record it if the files did not move meanwhile."""
    from att_univ.data import answers

    before = request.state
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    code: int | str | None = 0
    try:
        run()
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
    if not isinstance(code, int):
        return 0 if code is None else 1
    if before is not None and not (out.spoiled or err.spoiled):
        after = answers.state_key(request.root, request.argv, request.templates, settled=True)
        if after == before:
            answer = answers.Answer("".join(out.parts), "".join(err.parts), code)
            with contextlib.suppress(Exception):  # a cache that cannot be written is only slower
                keep(request, before, answer)
    return code


def keep(request: Request, state: str, answer: Answer) -> None:
    """Record an answer: a restricted one encrypted to the reader's identity unless the dataset holds it in clear."""
    from att_univ.data import answers

    encrypt_to: tuple[str, ...] | None = ()
    if answers.restricted(request.argv, answer):
        encrypt_to = answers.reader_keys(request.root)
    if encrypt_to is not None:  # None: encrypted data and no identity of one's own to encrypt the answer to
        answers.keep(request.root, request.key, state, answer, encrypt_to=encrypt_to)


class _Tee:
    """A text stream that keeps a copy of what is written through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.spoiled = False  # written past the text layer (as bytes): the copy is incomplete

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        if name == "buffer":
            self.spoiled = True
        return getattr(self.stream, name)


def parse(argv: list[str]) -> tuple[str, dict[str, str | bool]] | None:
    """The command and its options, if this is an invocation the fast path answers; else None."""
    if not argv or argv[0] not in OPTIONS:
        return None
    spec = OPTIONS[argv[0]]
    values: dict[str, str | bool] = {}
    position = 1
    while position < len(argv):
        argument = argv[position]
        if argument in FLAGS:
            values[FLAGS[argument]] = True
            position += 1
            continue
        name, equals, value = argument.partition("=") if argument.startswith("--") else (argument, "", "")
        if name not in spec or spec[name] in values:
            return None
        if not equals:
            if position + 1 >= len(argv):
                return None
            value = argv[position + 1]
            position += 2
        else:
            position += 1
        if not value or value.startswith("-"):
            return None
        values[spec[name]] = value
    return argv[0], values


def fast_path(argv: list[str]) -> int | None:
    """Answer from the cached index and return the exit code; None when the full command line must."""
    if argv == ["--version"]:  # typer costs more than the answer
        from importlib.metadata import PackageNotFoundError, version

        try:
            sys.stdout.write(f"attu {version('attu')}\n")
        except PackageNotFoundError:
            return None
        return 0
    parsed = parse(argv)
    if parsed is None:
        return None
    command, values = parsed
    from att_univ.treaty.cache import read_index
    from att_univ.views.status import FORMATS, dataset_label

    fmt = str(values.get("fmt", "table"))
    located = locate_dataset(_text(values.get("data")), os.environ, os.getcwd())
    if fmt not in FORMATS or located is None:
        return None
    root, how = located
    try:
        index = read_index(root)
        if index is None:
            return None
        terminal = sys.stdout.isatty()
        label = dataset_label(root)
        if command == "status":
            from att_univ.views.status import status_output

            output = status_output(
                index,
                as_of=_text(values.get("as_of")),
                region=_text(values.get("region")),
                by=str(values.get("by", "un-regional-group")),
                fmt=fmt,
                terminal=terminal,
                dataset_label=label,
            )
        else:
            from att_univ.views.timeline import timeline_output

            output = timeline_output(index, fmt=fmt, terminal=terminal, dataset_label=label)
        if index.public_secrets:  # a guard without secrets passes everything: skip importing it
            from att_univ.treaty.index import public_guard

            public_guard(index).check(output.text)
    except Exception:  # a fast-path failure of any kind: the full command line reports it, never as a traceback
        return None
    if values.get("verbose"):
        sys.stderr.write(f"attu: using dataset {root} ({how})\nattu: treaty index read from the cache\n")
    for message in output.notes:
        sys.stderr.write(f"{message}\n")
    if command == "status":
        import datetime as dt

        from att_univ.views.status import stale_dataset_note

        stale = stale_dataset_note(index.as_of, dt.date.today())  # the clock is read here, not in services
        if stale:
            sys.stderr.write(f"{stale}\n")
    try:
        sys.stdout.write(output.text)
        sys.stdout.flush()
    except BrokenPipeError:  # `attu status | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


def locate_dataset(option: str | None, environ: Mapping[str, str], cwd: str) -> tuple[str, str] | None:
    """`paths.find_dataset` in `os.path` terms (pathlib costs 7 ms to import); None where it would refuse."""
    if option is not None:
        root = _dataset_dir(option)
        return None if root is None else (root, "--data option")
    if environ.get(ENVIRONMENT_VARIABLE):
        root = _dataset_dir(environ[ENVIRONMENT_VARIABLE])
        return None if root is None else (root, f"${ENVIRONMENT_VARIABLE}")
    here = os.path.realpath(cwd)
    directory = here
    while True:
        if os.path.isdir(os.path.join(directory, "data", "states")):
            return os.path.join(directory, "data"), f"nearest data/states/ above {here}"
        if os.path.basename(directory) == "data" and os.path.isdir(os.path.join(directory, "states")):
            return directory, f"nearest data/states/ above {here}"
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    package = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(package, "_data")
    bundled = packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(package), "data")
    return bundled, "the dataset bundled with attu"


def _dataset_dir(path: str) -> str | None:
    path = os.path.expanduser(path)
    if os.path.isdir(os.path.join(path, "states")):
        return os.path.realpath(path)
    if os.path.isdir(os.path.join(path, "data", "states")):
        return os.path.realpath(os.path.join(path, "data"))
    return None


def bundled_templates() -> str:
    """Where `att_univ.data.discovery.bundled_templates` finds the report templates, in `os.path` terms."""
    package = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(package, "_templates")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(package), "templates")


def _text(value: str | bool | None) -> str | None:
    return None if value is None else str(value)
