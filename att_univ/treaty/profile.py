"""One state's profile: treaty facts with their sources, regions, process, support and engagements.

Pure: built from a dataset already projected for its audience (`Dataset.for_audience`), so
whatever the audience may not see is simply absent here; the date is a parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from att_univ.core.treaty_rules import in_force_from, in_force_on, renounced_on, status_on
from att_univ.core.wording import long_date
from att_univ.data.dataset import Dataset
from att_univ.data.models import State
from att_univ.data.models.localized import english
from att_univ.data.votes import GROUP_WORDS, group_keys, vote_date, vote_line, voting_record
from att_univ.treaty.status import SCHEME_LABELS

STAGE_WORDS = {
    "intention-declared": "Declared its intention to join",
    "under-consideration": "Joining under consideration",
    "legal-review": "Legal review under way",
    "legislation": "Legislation in preparation",
    "executive-approval": "Approved by the government",
    "parliament-submitted": "Submitted to parliament",
    "parliament-approved": "Approved by parliament",
    "complete": "Domestic process completed",
}
READINESS_WORDS = {
    "near-term": "could join in the near term",
    "medium-term": "could join in the medium term",
    "long-term": "could join in the long term",
    "unknown": "readiness unknown",
}
SUPPORT_WORDS = {
    "vtf": "ATT Voluntary Trust Fund",
    "sponsorship": "ATT Sponsorship Programme",
    "assistance-database": "ATT assistance database",
    "eu-outreach": "EU ATT Outreach Project",
    "other": "Other support",
}
DECLARATION_WORDS = {
    "declaration": "Declaration",
    "interpretative-declarations": "Interpretative declarations",
    "territorial-scope": "Territorial scope",
}
SECTION_TITLES = {
    "treaty": "Treaty",
    "state": "State",
    "regions": "Regions",
    "votes": "UNGA votes",
    "process": "Domestic process",
    "readiness": "Readiness",
    "challenges": "Challenges",
    "needs": "Needs",
    "support": "Support",
    "contacts": "Contacts",
    "notes": "Notes",
    "engagements": "Engagements",
}


@dataclass(frozen=True)
class Entry:
    """One line of a section: when, what, on whose authority, and who may see it."""

    date: dt.date | None
    text: str
    sources: tuple[str, ...] = ()
    note: str | None = None  # a caveat, a follow-up, an outcome
    sensitivity: str = "public"


@dataclass(frozen=True)
class Section:
    """A titled group of entries (only sections with something visible are built)."""

    key: str
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class SourceRef:
    """A cited source, numbered in order of first citation."""

    number: int
    id: str
    title: str
    publisher: str | None
    url: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Profile:
    """Everything one audience may know about one state, as at a date."""

    iso3: str
    name: str
    as_of: dt.date
    audience: str
    status: str
    in_force: bool
    intent_not_to_become_party: bool
    headline: str
    sections: tuple[Section, ...]
    sources: tuple[SourceRef, ...]
    record: dict[str, Any]  # the state's record as this audience sees it (JSON-ready)
    engagements: tuple[dict[str, Any], ...]

    def source_numbers(self, ids: tuple[str, ...]) -> list[int]:
        """The numbers of cited sources, for `[1, 2]` marks."""
        numbers = {s.id: s.number for s in self.sources}
        return [numbers[i] for i in ids if i in numbers]


def state_profile(dataset: Dataset, state: State, day: dt.date) -> Profile:
    """The profile of a state in a dataset projected for one audience, as at `day`."""
    treaty = state.treaty
    status = status_on(treaty, day)
    sections = [
        Section("treaty", SECTION_TITLES["treaty"], tuple(_treaty_entries(state, day))),
        Section("state", SECTION_TITLES["state"], tuple(e for e in (_identity(state), _groups(state)) if e is not None)),
        Section("regions", SECTION_TITLES["regions"], tuple(_region_entries(dataset, state.iso3, day))),
        Section("votes", SECTION_TITLES["votes"], tuple(_vote_entries(dataset, state, day))),
    ]
    for key, entries in (
        ("process", [_process(step) for step in sorted(state.process, key=lambda s: s.date)]),
        ("readiness", [_readiness(item) for item in sorted(state.readiness, key=lambda r: r.assessed_on)]),
        ("challenges", [Entry(c.date, c.summary, c.sources, sensitivity=c.sensitivity) for c in state.challenges]),
        ("needs", [_need(need) for need in state.needs]),
        ("support", [_support(item) for item in sorted(state.support, key=lambda s: s.date)]),
        ("contacts", [_contact(contact) for contact in state.contacts]),
        ("notes", [Entry(n.date, english(n.text), n.sources, sensitivity=n.sensitivity) for n in state.notes]),
        ("engagements", [_engagement(e) for e in _engagements_of(dataset, state.iso3)]),
    ):
        if entries:
            sections.append(Section(key, SECTION_TITLES[key], tuple(entries)))
    sources = _numbered_sources(dataset, sections)
    return Profile(
        iso3=state.iso3,
        name=state.name,
        as_of=day,
        audience=dataset.audience,
        status=status,
        in_force=in_force_on(treaty, day),
        intent_not_to_become_party=renounced_on(treaty, day),
        headline=_headline(state, day),
        sections=tuple(s for s in sections if s.entries),
        sources=sources,
        record=state.model_dump(mode="json", exclude_defaults=True),
        engagements=tuple(e.model_dump(mode="json", exclude_defaults=True) for e in _engagements_of(dataset, state.iso3)),
    )


def _headline(state: State, day: dt.date) -> str:
    treaty = state.treaty
    status = status_on(treaty, day)
    if status == "party" and treaty.deposit is not None:
        started = in_force_from(treaty)
        force = ""
        if started is not None:
            force = f"; in force for it {'since' if started <= day else 'from'} {long_date(started)}"
        text = f"State Party since {long_date(treaty.deposit.date)} ({treaty.deposit.instrument}){force}."
    elif status == "signatory" and treaty.signature is not None:
        text = f"Signatory since {long_date(treaty.signature.date)}, not yet party."
        if renounced_on(treaty, day) and treaty.intent_not_to_become_party is not None:
            text += (
                f" On {long_date(treaty.intent_not_to_become_party.date)} the depositary received its communication "
                "that it does not intend to become a party; the depositary still lists the signature."
            )
    else:
        text = "Neither signatory nor party."
        steps = sorted(state.process, key=lambda s: s.date)
        if steps:
            last = steps[-1]
            text += f" Latest step towards joining ({long_date(last.date)}): {STAGE_WORDS[last.stage].lower()}."
    return f"{state.name} ({state.iso3}): {text}"


def _treaty_entries(state: State, day: dt.date) -> list[Entry]:
    treaty = state.treaty
    entries = []
    if treaty.signature is not None:
        entries.append(Entry(treaty.signature.date, "Signed the treaty", treaty.signature.sources, treaty.signature.caveat))
    if treaty.deposit is not None:
        deposit = treaty.deposit
        entries.append(Entry(deposit.date, f"Deposited its instrument of {deposit.instrument}", deposit.sources, deposit.caveat))
    if treaty.deposit is not None:
        eif = treaty.entry_into_force
        started = in_force_from(treaty)
        basis = "date of effect in the UN Treaty Series" if eif and eif.basis == "unts-date-of-effect" else "by Art. 22"
        entries.append(Entry(started, f"Treaty in force for it ({basis})", eif.sources if eif else ()))
    if treaty.provisional_application is not None:
        pa = treaty.provisional_application
        entries.append(Entry(pa.date, "Declared provisional application of Articles 6 and 7 (Art. 23)", pa.sources, pa.caveat))
    for declaration in treaty.declarations:
        entries.append(
            Entry(declaration.date, f"{DECLARATION_WORDS[declaration.kind]}: {declaration.summary}", declaration.sources)
        )
    if treaty.intent_not_to_become_party is not None:
        intent = treaty.intent_not_to_become_party
        entries.append(Entry(intent.date, f"Does not intend to become a party: {intent.summary}", intent.sources, intent.caveat))
    if treaty.depositary_name:
        entries.append(Entry(None, f"The depositary lists it as “{treaty.depositary_name}”"))
    if not entries:
        entries.append(Entry(None, f"No signature or deposit recorded as at {long_date(day)}"))
    return entries


def _identity(state: State) -> Entry:
    membership = "UN member state" if state.un_member else "not a UN member state"
    return Entry(None, f"ISO 3166 codes {state.iso3} and {state.iso2}; UN M49 code {state.m49}; {membership}", state.sources)


def _groups(state: State) -> Entry | None:
    groups = state.development_groups
    if groups is None:
        return None
    keys = group_keys(groups)
    text = "; ".join(GROUP_WORDS[key] for key in keys) if keys else "Not a Least Developed Country, LLDC or SIDS"
    return Entry(None, f"Development groups: {text}", groups.sources)


def _vote_entries(dataset: Dataset, state: State, day: dt.date) -> list[Entry]:
    """One line per recorded vote, oldest first; the name the record printed where it differs (once, until it changes)."""
    entries = []
    shown = state.name.casefold()
    for item in voting_record((v for v in dataset.votes.values() if v.date <= day), state.iso3):
        exact = item.vote.date_precision == "day"
        text = vote_line(item) if exact else f"{vote_date(item.vote)}: {vote_line(item)}"
        recorded = item.cast.name_as_recorded
        note = f"recorded as {recorded}" if recorded.casefold() != shown else None
        shown = recorded.casefold() if recorded.casefold() != state.name.casefold() else shown
        entries.append(Entry(item.vote.date if exact else None, text, item.vote.sources, note))
    return entries


def _region_entries(dataset: Dataset, iso3: str, day: dt.date) -> list[Entry]:
    entries = []
    for scheme, label in SCHEME_LABELS.items():
        current, former = [], []
        for region in dataset.regions_in(scheme):
            for member in region.members:
                if member.state != iso3:
                    continue
                if member.on(day):
                    since = f" (since {long_date(member.since)})" if member.since else ""
                    current.append(f"{region.name}{since}")
                elif member.until is not None and member.until <= day:
                    text = f"{label}: no longer a member of {region.name}"
                    former.append(Entry(member.until, text, member.sources, member.note))
        if current:
            entries.append(Entry(None, f"{label}: {'; '.join(current)}"))
        entries.extend(former)
    return entries


def _process(step: Any) -> Entry:
    instrument = f" ({step.instrument})" if step.instrument else ""
    summary = f": {english(step.summary)}" if step.summary else ""
    return Entry(step.date, f"{STAGE_WORDS[step.stage]}{instrument}{summary}", step.sources, sensitivity=step.sensitivity)


def _readiness(item: Any) -> Entry:
    by = f" (assessed by {item.assessed_by})" if item.assessed_by else ""
    rationale = f": {item.rationale}" if item.rationale else ""
    text = f"{READINESS_WORDS[item.level].capitalize()}{by}{rationale}"
    return Entry(item.assessed_on, text, item.sources, sensitivity=item.sensitivity)


def _need(need: Any) -> Entry:
    category = need.category.replace("-", " ").capitalize()
    return Entry(need.date, f"{category}: {need.summary}", need.sources, sensitivity=need.sensitivity)


def _support(item: Any) -> Entry:
    summary = f": {item.summary}" if item.summary else ""
    text = f"{SUPPORT_WORDS[item.programme]}, {item.status}{summary}"
    return Entry(item.date, text, item.sources, sensitivity=item.sensitivity)


def _contact(contact: Any) -> Entry:
    details = [part for part in (contact.role, contact.organisation, contact.email, contact.phone) if part]
    return Entry(None, ", ".join([contact.name, *details]), sensitivity=contact.sensitivity)


def _engagements_of(dataset: Dataset, iso3: str) -> list[Any]:
    return sorted((e for e in dataset.engagements.values() if iso3 in e.states), key=lambda e: (e.date, e.id))


def _engagement(engagement: Any) -> Entry:
    text = f"{engagement.kind.capitalize()}: {engagement.title}"
    if engagement.summary:
        text += f". {engagement.summary}"
    notes = []
    if engagement.outcome:
        notes.append(f"Outcome: {engagement.outcome}")
    if engagement.follow_up:
        notes.append(f"Follow-up due {long_date(engagement.follow_up)}")
    return Entry(engagement.date, text, engagement.sources, "; ".join(notes) or None, engagement.sensitivity)


def _numbered_sources(dataset: Dataset, sections: list[Section]) -> tuple[SourceRef, ...]:
    order: dict[str, int] = {}
    for section in sections:
        for entry in section.entries:
            for cited in entry.sources:
                order.setdefault(cited, len(order) + 1)
    refs = []
    for source_id, number in order.items():
        source = dataset.meta.sources.get(source_id)
        if source is not None:
            refs.append(SourceRef(number, source_id, source.title, source.publisher, source.url, source.date))
    return tuple(refs)
