"""Synthetic datasets for benchmarks: the real states' files cloned under every ISO3-shaped code.

ISO 3166 alpha-3 codes are three capital letters, so at most 26**3 = 17,576 distinct states
can exist; the largest synthetic dataset uses all of them.
"""

from __future__ import annotations

import itertools
import shutil
import string
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
MAX_STATES = 26**3


def synthetic_dataset(target: Path, states: int) -> Path:
    """Write a valid dataset of `states` states under target/data and return its path."""
    if states > MAX_STATES:
        raise ValueError(f"at most {MAX_STATES} three-letter codes exist")
    root = target / "data"
    (root / "states").mkdir(parents=True)
    (root / "regions").mkdir()
    shutil.copy(DATA / "dataset.yaml", root / "dataset.yaml")
    templates = [path.read_text(encoding="utf-8") for path in sorted((DATA / "states").glob("*.yaml"))]
    codes = ["".join(letters) for letters in itertools.product(string.ascii_uppercase, repeat=3)][:states]
    for index, code in enumerate(codes):
        text = templates[index % len(templates)]
        original = text.split("iso3: ", 1)[1][:3]
        text = text.replace(f"iso3: {original}", f"iso3: {code}", 1)
        (root / "states" / f"{code.lower()}.yaml").write_text(text, encoding="utf-8")
    members = "".join(f"  - {code}\n" for code in codes)
    (root / "regions" / "everyone.yaml").write_text(
        "slug: everyone\nname: Every synthetic state\nscheme: un-regional-group\nsources: [un-m49]\nmembers:\n" + members,
        encoding="utf-8",
    )
    return root
