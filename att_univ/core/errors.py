"""Exit codes and the one typed failure that commands raise."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the process tells its caller; documented in the README."""

    OK = 0
    INVALID_DATA = 1
    USAGE = 2
    REFUSED = 3  # repository or environment refused (dirty tree, detached HEAD, no git)
    CONFIDENTIALITY = 4  # the confidentiality guard stopped an output
    INTERNAL = 70


class AttuError(Exception):
    """A failure the user can act on: printed as one message, never as a traceback."""

    exit_code: ExitCode = ExitCode.INVALID_DATA

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(AttuError):
    """The command line asked for something that cannot be done as asked."""

    exit_code = ExitCode.USAGE


class RefusedError(AttuError):
    """The repository or environment is not in a state where the command may run."""

    exit_code = ExitCode.REFUSED


class ConfidentialityError(AttuError):
    """An output for a wider audience would have contained a restricted value."""

    exit_code = ExitCode.CONFIDENTIALITY
