"""`attu show`: one state's profile, by code or name, with sources; the public view never shows restricted fields."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.support.golden import assert_golden
from tests.support.status_reference import CANARY, PARTNERS_CANARY, add_canaries

pytest_plugins = ["tests.support.status_fixtures"]  # data_copy, in_data_copy, real_index, private_copy


@pytest.mark.parametrize("query", ["GMB", "gmb", "Gambia", "  GAMBIA ", "GM"])
def test_a_state_by_code_or_name_in_any_case(in_data_copy, query: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("show", query, "--data", str(in_data_copy), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["iso3"] == "GMB"


@pytest.mark.parametrize(
    ("query", "iso3"),
    [("cote d'ivoire", "CIV"), ("TURKIYE", "TUR"), ("united states", "USA"), ("Bahamas (The)", "BHS"), ("holy see", "VAT")],
)
def test_accents_depositary_spellings_and_unique_parts_of_names(in_data_copy, query: str, iso3: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("show", query, "--data", str(in_data_copy), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["iso3"] == iso3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Gambai", "attu: no state 'Gambai'; did you mean Gambia (GMB), Zambia (ZMB) or Jamaica (JAM)?\n"),
        ("GMV", "attu: no state 'GMV'; did you mean"),
        ("korea", "attu: 'korea' matches 2 states: Democratic People's Republic of Korea (PRK) or Republic of Korea (KOR)"),
        ("Xqzvw", "attu: no state 'Xqzvw'; give an ISO3 code (such as GMB) or a name (such as Gambia)\n"),
    ],
)
def test_typos_and_ambiguity_are_usage_errors_with_suggestions(in_data_copy, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("show", query, "--data", str(in_data_copy))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)


def test_treaty_facts_come_with_their_sources(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("show", "GMB", "--data", str(in_data_copy), "-f", "json").stdout)
    assert data["status"] == "party" and data["in_force"] is True
    deposit = data["sections"]["treaty"][0]
    assert (deposit["date"], deposit["text"]) == ("2024-06-13", "Deposited its instrument of accession")
    assert deposit["sources"] == ["untc-status-2026", "mondiale-2026"]
    assert data["sources"]["untc-status-2026"]["number"] == 1
    assert data["sources"]["untc-status-2026"]["title"].startswith("Status of the Arms Trade Treaty")
    table = run_cli("show", "GMB", "--data", str(in_data_copy)).stdout
    assert "[1] Status of the Arms Trade Treaty (MTDSG chapter XXVI-8)" in table
    assert "Economic Community of West African States" in table


def test_ecuador_shows_its_completed_domestic_process(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("show", "ecuador", "--data", str(in_data_copy), "-f", "json").stdout)
    assert data["status"] == "non-signatory"
    assert data["headline"] == (
        "Ecuador (ECU): Neither signatory nor party. Latest step towards joining (23 January 2026): domestic process completed."
    )
    steps = data["sections"]["process"]
    assert [s["date"] for s in steps] == ["2025-12-17", "2026-01-23"]
    assert steps[1]["text"].startswith("Domestic process completed (accession): Executive Decree 293")


def test_the_united_states_profile_explains_its_communication(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("show", "USA", "--data", str(in_data_copy), "-f", "json").stdout)
    assert data["status"] == "signatory" and data["intent_not_to_become_party"] is True
    assert "On 18 July 2019 the depositary received its communication" in data["headline"]


def test_former_memberships_are_dated(in_data_copy) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("show", "Mali", "--data", str(in_data_copy), "-f", "json").stdout)
    former = [e for e in data["sections"]["regions"] if e["date"]]
    assert former and former[0]["date"] == "2025-01-29"
    assert "no longer a member of Economic Community of West African States (ECOWAS)" in former[0]["text"]


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_public_and_partners_views_never_show_restricted_fields(private_copy, fmt: str) -> None:  # type: ignore[no-untyped-def]
    add_canaries(private_copy)
    public = run_cli("show", "AGO", "--data", str(private_copy), "-f", fmt)
    assert public.exit_code == 0, public.stderr
    assert CANARY not in public.stdout and PARTNERS_CANARY not in public.stdout
    assert "Public visit to the capital" in public.stdout  # a public engagement is shown
    partners = run_cli("show", "AGO", "--data", str(private_copy), "-f", fmt, "--audience", "partners")
    assert partners.exit_code == 0, partners.stderr
    assert CANARY not in partners.stdout and PARTNERS_CANARY in partners.stdout
    restricted = run_cli("show", "AGO", "--data", str(private_copy), "-f", fmt, "--audience", "restricted")
    assert restricted.exit_code == 0, restricted.stderr
    assert CANARY in restricted.stdout
    # Markdown keeps an @ from notifying anyone (an invisible word joiner follows it).
    assert ("focal.point@\u2060example.org" if fmt == "markdown" else "focal.point@example.org") in restricted.stdout
    if fmt == "table":
        assert "[restricted]" in restricted.stdout and "[partners]" in partners.stdout


def test_public_output_goes_through_the_guard(private_copy, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # If a restricted value ever reached the profile, the guard would stop the output (exit 4).
    import att_univ.treaty.profile as profile

    add_canaries(private_copy)
    original = profile.state_profile

    def leaky(dataset, state, day):  # type: ignore[no-untyped-def]
        built = original(dataset, state, day)
        return built.__class__(**{**built.__dict__, "headline": f"{built.headline} {CANARY} readiness rationale."})

    monkeypatch.setattr(profile, "state_profile", leaky)
    result = run_cli("show", "AGO", "--data", str(private_copy))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "restricted information" in result.stderr and CANARY not in result.stderr


@pytest.mark.parametrize(
    ("name", "args"), [("gmb.txt", ["GMB"]), ("ecu.md", ["ECU", "-f", "markdown"]), ("usa.json", ["usa", "-f", "json"])]
)
def test_golden_outputs(in_data_copy, name: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("show", *args, "--data", "data")
    assert result.exit_code == 0, result.stderr
    assert_golden(f"show/{name}", result.stdout)
