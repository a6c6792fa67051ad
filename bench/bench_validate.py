"""`attu validate`: the real dataset, and synthetic datasets up to every possible ISO3 code."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import DATA, MAX_STATES, synthetic_dataset
from timing import ATTU, time_command


def main() -> None:
    real = time_command([ATTU, "validate", "--data", str(DATA)])
    print(f"attu validate, real dataset (197 states, 42 regions): {real:.0f} ms")
    for size in (1_000, 5_000, MAX_STATES):
        with tempfile.TemporaryDirectory() as directory:
            root = synthetic_dataset(Path(directory), size)
            elapsed = time_command([ATTU, "validate", "--data", str(root)], runs=3)
            print(f"attu validate, {size:>6} synthetic states: {elapsed:>6.0f} ms  ({1000 * elapsed / size:.0f} µs per state)")


if __name__ == "__main__":
    main()
