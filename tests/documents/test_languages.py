"""Country names in documents: the dataset's name in English, the UN short name in the other UN languages."""

from __future__ import annotations

import pytest

from att_univ.data.dataset import Dataset
from att_univ.documents.languages import name_in_sentence, state_article, state_name
from tests.conftest import DATA, run_cli
from tests.support.datasets import load_ok


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_ok(DATA)


@pytest.mark.parametrize(
    ("iso3", "lang", "expected"),
    [
        ("KOR", "en", "Republic of Korea"),
        ("KOR", "fr", "République de Corée"),
        ("KOR", "es", "República de Corea"),
        ("COG", "ar", "الكونغو"),
        ("TUR", "fr", "Türkiye"),
        ("VAT", "fr", "Saint-Siège"),
        ("USA", "ru", "Соединенные Штаты Америки"),
        ("CHN", "zh", "中国"),
    ],
)
def test_state_names_are_the_un_names(bundled: Dataset, iso3: str, lang: str, expected: str) -> None:
    assert state_name(bundled.states[iso3], lang) == expected


def test_every_name_in_every_un_language_comes_from_the_names_block(bundled: Dataset) -> None:
    for state in bundled.states.values():
        assert state.names is not None
        assert state_name(state, "en") == state.name  # English keeps the names it printed before
        for lang in ("ar", "zh", "fr", "ru", "es"):
            assert state_name(state, lang) == getattr(state.names, lang)


def test_articles_for_french_and_spanish_only(bundled: Dataset) -> None:
    assert state_article(bundled.states["GAB"], "fr") == "le"
    assert state_article(bundled.states["AND"], "fr") == "l'"
    assert state_article(bundled.states["USA"], "es") == "los"
    assert state_article(bundled.states["GAB"], "ar") is None


def test_a_state_without_names_falls_back_to_cldr(bundled: Dataset) -> None:
    korea = bundled.states["KOR"].model_copy(update={"names": None})
    assert state_name(korea, "fr") == "Corée du Sud"


def test_names_in_sentences_carry_their_article(bundled: Dataset) -> None:
    assert name_in_sentence(bundled.states["GAB"], "fr") == "le Gabon"
    assert name_in_sentence(bundled.states["AND"], "fr") == "l'Andorre"
    assert name_in_sentence(bundled.states["USA"], "es") == "los Estados Unidos de América"
    assert name_in_sentence(bundled.states["AND"], "es") == "Andorra"  # UNTERM gives no article
    assert name_in_sentence(bundled.states["GAB"], "en") == "Gabon"


def test_the_french_report_says_le_gabon_et_l_andorre() -> None:
    result = run_cli("report", "--cycle", "csp9", "--lang", "fr", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "au plus tard le 21 juillet 2023 : le Gabon et l'Andorre." in result.stdout
    assert "Corée du Sud" not in result.stdout


def test_a_signatory_is_not_said_to_accede() -> None:
    # Comoros and the Gambia signed: they ratify. The stage words say "become a party", which fits signatories and others.
    golden = DATA.parent / "tests" / "golden" / "report"
    for lang, wrong, right in (
        ("fr", "intention d'adhérer", "Comores : a annoncé son intention de devenir partie"),
        ("es", "intención de adherirse", "intención de hacerse parte"),
        ("ar", "أعلنت اعتزامها الانضمام", "أعلنت اعتزامها أن تصبح طرفًا"),
    ):
        text = (golden / f"csp9.restricted.{lang}.md").read_text(encoding="utf-8")
        assert wrong not in text and right in text, lang
