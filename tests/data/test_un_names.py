"""Each state's UN names (UNTERM, six languages) agree with the reference table they were imported from."""

from __future__ import annotations

import csv
import re

import pytest

from att_univ.data.dataset import Dataset
from tests.conftest import DATA, REPO
from tests.support.datasets import load_ok

REFERENCE = REPO.parent.parent / "shared" / "reference" / "un-names.csv"


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


def _reference() -> dict[tuple[str, str], str]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return {(row["iso3"], row["lang"]): row["unterm_short"] for row in csv.DictReader(handle)}


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the shared reference folder is not beside this checkout")
def test_every_state_carries_its_unterm_names(bundled: Dataset) -> None:
    reference = _reference()
    assert len(bundled.states) == 197
    for iso3, state in bundled.states.items():
        names = state.names
        assert names is not None, iso3
        assert "unterm-names" in names.sources and "unterm-names" in bundled.meta.sources
        for lang in ("ar", "zh", "en", "fr", "ru", "es"):
            expected = reference[(iso3, lang)].rstrip("* ")
            article = getattr(names, f"{lang}_article", None)
            # UNTERM's "Gambie (la)" is the name "Gambie" with the article "la".
            printed = f"{getattr(names, lang)} ({article})" if article else getattr(names, lang)
            if lang == "en":
                expected = re.sub(r" \(the\)$", "", expected)
            assert printed == expected, (iso3, lang)


def test_names_that_cldr_gets_wrong_are_the_un_ones(bundled: Dataset) -> None:
    korea = bundled.states["KOR"].names
    assert korea is not None and (korea.fr, korea.fr_article, korea.es, korea.es_article) == (
        "République de Corée",
        "la",
        "República de Corea",
        "la",
    )
    gabon, andorra = bundled.states["GAB"].names, bundled.states["AND"].names
    assert gabon is not None and andorra is not None
    assert (gabon.fr_article, andorra.fr_article) == ("le", "l'")
    assert bundled.states["COG"].names is not None and bundled.states["COG"].names.ar == "الكونغو"
    assert bundled.states["TUR"].names is not None and bundled.states["TUR"].names.fr == "Türkiye"
