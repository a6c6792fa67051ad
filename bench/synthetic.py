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


def synthetic_engagements(target: Path, engagements: int, *, per_year: int = 2_000, seed: int = 19) -> Path:
    """Copy the real dataset under target/data with `engagements` engagements: the bundled ones cloned
    with new ids, states, actors and dates, and some follow-up dates and references.

    The log grows the way a real one does, at a steady `per_year` rate back from the as-of date (a
    tenth of it planned ahead), so a longer log is an older one, not a denser one: the number of
    findings grows with the log, not with its square.
    """
    import datetime as dt
    import random
    import re

    root = target / "data"
    shutil.copytree(DATA, root)
    for path in (root / "engagements").glob("*.yaml"):
        path.unlink()
    randomness = random.Random(seed)
    templates = [path.read_text(encoding="utf-8") for path in sorted((DATA / "engagements").glob("*.yaml"))]
    states = sorted(path.stem.upper() for path in (DATA / "states").glob("*.yaml"))
    actors = sorted(path.stem for path in (DATA / "actors").glob("*.yaml"))
    as_of = dt.date.fromisoformat(re.search(r"^as_of: (\S+)", (DATA / "dataset.yaml").read_text(), re.M)[1])  # type: ignore[index]
    span = max(1, engagements * 365 // per_year)
    start = as_of + dt.timedelta(days=span // 10) - dt.timedelta(days=span)
    written: list[str] = []
    for index in range(engagements):
        day = start + dt.timedelta(days=randomness.randrange(span))
        key = f"{day.isoformat()}-synthetic-{index:06d}"
        fields = {
            "id": key,
            "date": day.isoformat(),
            "actors": "[" + ", ".join(randomness.sample(actors, randomness.choice((1, 1, 2)))) + "]",
            "states": "[" + ", ".join(randomness.sample(states, randomness.choice((1, 1, 1, 2, 3)))) + "]",
        }
        text = templates[index % len(templates)]
        for field, value in fields.items():
            text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.M)
        extra = ""
        if randomness.random() < 0.3:
            extra += f"follow_up: {(day + dt.timedelta(days=randomness.randrange(14, 120))).isoformat()}\n"
        if written and randomness.random() < 0.2:
            extra += f"references: [{randomness.choice(written[-50:])}]\n"
        text = text.replace("sources:", extra + "sources:", 1)
        (root / "engagements" / f"{key}.yaml").write_text(text, encoding="utf-8")
        written.append(key)
    return root
