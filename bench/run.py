"""`make bench`: run every bench/bench_*.py in turn, passing the command line on (for example --quick)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run each bench script; the first failure stops the run."""
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"# {script.name}\n", flush=True)
        done = subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False)
        if done.returncode:
            return done.returncode
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
