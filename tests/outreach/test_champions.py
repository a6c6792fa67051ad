"""The regional network: facilitators, champions, paired states and last contact, per audience;
`attu champions` on the fixture and on the bundled dataset."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from att_univ.data.dataset import Dataset
from att_univ.outreach.champions import network
from tests.conftest import DATA, run_cli
from tests.support.datasets import AS_OF, COORD, load_ok


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_ok(COORD)


def test_the_network_per_region(fixture: Dataset) -> None:
    regions = network(fixture, AS_OF)
    assert [(r.slug, r.plans) for r in regions] == [("fix-group", ()), ("fix-org", ("fix-plan",))]
    group, org = regions
    assert group.facilitators == () and [c.id for c in group.champions] == ["champ-c"]

    (facilitator,) = org.facilitators
    assert (facilitator.id, facilitator.state_name, facilitator.plans) == ("vp-one", "Portia", ("fix-plan",))
    # Its letter to Signb (not in the organisation) does not count; the call with Nearia does.
    assert facilitator.last_contact is not None and facilitator.last_contact.id == "e5-call"

    assert [c.id for c in org.champions] == ["champ-a", "champ-b"]  # by name; champ-a is also in the plan
    paxland, portia = org.champions
    assert paxland.languages == ("fr", "km") and paxland.offers == (
        ("accession-experience", "Joined in 2015 after a two-year legal review."),
    )
    assert [(p.iso3, p.status, p.since) for p in paxland.paired] == [("XSA", "signatory", dt.date(2025, 2, 1))]
    contact = paxland.paired[0].last_contact
    assert contact is not None and (contact.id, contact.date, contact.actors) == (
        "e3-workshop",
        dt.date(2026, 1, 31),
        ("Centre",),
    )
    assert paxland.last_contact is not None and paxland.last_contact.id == "e1-visit"
    assert [(p.iso3, p.status, p.last_contact) for p in portia.paired] == [("XJN", "party", None)]


def test_dates_decide_who_is_a_champion(fixture: Dataset) -> None:
    early = network(fixture, dt.date(2025, 1, 15))
    assert [r.slug for r in early] == ["fix-org"]  # champ-c is recorded only from June 2025
    assert [p.iso3 for c in early[0].champions for p in c.paired] == []  # pairings start in February
    before_plan = network(fixture, dt.date(2024, 12, 31))
    assert before_plan == ()


def test_each_audience_sees_its_own_network(fixture: Dataset) -> None:
    public = network(fixture.for_audience("public"), AS_OF)
    # The plan is restricted, so neither it nor its facilitator shows; the pairing is restricted too.
    assert [(r.slug, r.plans, r.facilitators) for r in public] == [("fix-org", (), ())]
    assert [(c.id, c.paired) for c in public[0].champions] == [("champ-a", ())]
    partners = network(fixture.for_audience("partners"), AS_OF)
    assert [c.id for c in partners[0].champions] == ["champ-a", "champ-b"]
    assert [p.iso3 for p in partners[0].champions[1].paired] == ["XJN"]


def test_a_region_asked_for_by_name(fixture: Dataset) -> None:
    (group,) = network(fixture, AS_OF, regions=["fix-group"])
    assert group.slug == "fix-group"
    assert network(fixture, AS_OF, regions=["atlantis"]) == ()


def test_attu_champions_on_the_bundled_dataset_says_none_are_recorded() -> None:
    result = run_cli("champions", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert "Asia-Pacific Group" in result.stdout
    assert "No regional facilitator is recorded for Asia-Pacific Group." in result.stdout
    assert "No champions are recorded yet for Asia-Pacific Group." in result.stdout
    asean = run_cli("champions", "--data", str(DATA), "--region", "asean", "--format", "markdown")
    assert asean.exit_code == 0
    assert "No champions are recorded yet for Association of Southeast Asian Nations (ASEAN)." in asean.stdout


def test_attu_champions_formats_and_audiences() -> None:
    restricted = run_cli("champions", "--data", str(COORD), "--audience", "restricted")
    assert restricted.exit_code == 0
    assert restricted.stdout.splitlines()[0].startswith("RESTRICTED")
    assert "Vice-President from Portia (Portia); last contact in the region: 1 May 2025: Call with Nearia" in restricted.stdout
    markdown = run_cli("champions", "--data", str(COORD), "--audience", "restricted", "--format", "markdown")
    assert "languages: French (fr), Khmer (km)" in markdown.stdout
    partners = run_cli("champions", "--data", str(COORD), "--audience", "partners", "--format", "json")
    document = json.loads(partners.stdout)
    assert document["audience"] == "partners" and "PARTNERS" in partners.stderr
    assert [c["id"] for c in document["regions"][0]["champions"]] == ["champ-a", "champ-b"]
    public = run_cli("champions", "--data", str(COORD), "--format", "markdown")
    assert "Portia" not in public.stdout and "Paxland (champion)" in public.stdout
    unknown = run_cli("champions", "--data", str(COORD), "--region", "fix-orgs")
    assert unknown.exit_code == 2 and "did you mean fix-org?" in unknown.stderr
