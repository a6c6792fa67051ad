"""Golden files: expected outputs kept beside the tests, regenerated with `make golden` (UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def assert_golden(relative: str, text: str) -> None:
    """Compare `text` with tests/golden/<relative>; with UPDATE_GOLDEN=1, write it instead."""
    path = GOLDEN / relative
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run `make golden` and review the diff"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"output differs from {path}; if the change is intended, run `make golden` and review the diff"
