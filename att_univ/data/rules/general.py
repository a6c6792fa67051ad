"""Cross-record rules: each a small generator with its own code, yielding located problems."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from pydantic import BaseModel

from att_univ.core.problems import Problem
from att_univ.core.treaty_rules import OPENED_FOR_SIGNATURE, TREATY_ENTRY_INTO_FORCE, entry_into_force_for
from att_univ.data.dataset import Dataset
from att_univ.data.models.walk import Path, leaves
from att_univ.data.rules import Rule
from att_univ.data.rules.coordination import COORDINATION_RULES
from att_univ.data.rules.cycles import CYCLE_RULES
from att_univ.data.rules.narrative import NARRATIVE_RULES
from att_univ.data.rules.plans import PLAN_RULES
from att_univ.data.rules.references import REFERENCE_FIELDS, reference_problem
from att_univ.data.rules.votes import VOTE_RULES


def run_checks(dataset: Dataset) -> list[Problem]:
    """Every cross-record problem in the dataset."""
    return [problem for rule in RULES for problem in rule(dataset)]


def signature_window(dataset: Dataset) -> Iterator[Problem]:
    """Signatures were possible only from 3 June 2013 until the treaty entered into force."""
    for iso3, state in dataset.states.items():
        signature = state.treaty.signature
        if signature and not OPENED_FOR_SIGNATURE <= signature.date < TREATY_ENTRY_INTO_FORCE:
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "signature", "date"),
                "signature-window",
                "signature date outside 2013-06-03 to 2014-12-23: after entry into force states accede",
            )


def deposit_after_signature(dataset: Dataset) -> Iterator[Problem]:
    """An instrument is deposited on or after the signature it confirms."""
    for iso3, state in dataset.states.items():
        signature, deposit = state.treaty.signature, state.treaty.deposit
        if signature and deposit and deposit.date < signature.date:
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "deposit", "date"),
                "deposit-before-signature",
                "deposit date is earlier than the signature date",
            )


def instrument_matches_signature(dataset: Dataset) -> Iterator[Problem]:
    """Signatories ratify, accept or approve; only states that did not sign accede."""
    for iso3, state in dataset.states.items():
        signature, deposit = state.treaty.signature, state.treaty.deposit
        if deposit is None:
            continue
        where = ("treaty", "deposit", "instrument")
        if deposit.instrument == "accession" and signature is not None:
            yield dataset.problem(
                "states",
                iso3,
                where,
                "accession-by-signatory",
                "a signatory ratifies, accepts or approves; accession is for states that did not sign",
            )
        if deposit.instrument != "accession" and signature is None:
            yield dataset.problem(
                "states",
                iso3,
                where,
                "ratification-without-signature",
                "ratification, acceptance or approval needs a signature; a state that did not sign accedes",
            )


def entry_into_force_rule(dataset: Dataset) -> Iterator[Problem]:
    """Entry into force follows Art. 22: 2014-12-24 for early deposits, deposit + 90 days after."""
    for iso3, state in dataset.states.items():
        deposit, eif = state.treaty.deposit, state.treaty.entry_into_force
        if deposit is None and eif is not None:
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "entry_into_force"),
                "entry-into-force",
                "entry into force without a deposit",
                prefer_key=True,
            )
        elif deposit is not None and eif is None:
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "deposit"),
                "entry-into-force",
                "deposit without its entry into force date (Art. 22)",
                prefer_key=True,
            )
        elif deposit is not None and eif is not None and eif.date != entry_into_force_for(deposit.date):
            expected = entry_into_force_for(deposit.date).isoformat()
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "entry_into_force", "date"),
                "entry-into-force",
                f"entry into force should be {expected} under Art. 22 for this deposit date",
            )


def intent_not_to_become_party(dataset: Dataset) -> Iterator[Problem]:
    """Only a signatory that has not deposited can tell the depositary it will not become a party."""
    for iso3, state in dataset.states.items():
        intent = state.treaty.intent_not_to_become_party
        if intent and (state.treaty.signature is None or state.treaty.deposit is not None):
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "intent_not_to_become_party"),
                "intent-not-to-become-party",
                "only a signatory without a deposit can declare it does not intend to become a party",
                prefer_key=True,
            )


def process_before_deposit(dataset: Dataset) -> Iterator[Problem]:
    """A domestic process leads to the deposit: its steps come before it."""
    for iso3, state in dataset.states.items():
        deposit = state.treaty.deposit
        for index, step in enumerate(state.process):
            if deposit and step.date >= deposit.date:
                yield dataset.problem(
                    "states",
                    iso3,
                    ("process", index, "date"),
                    "process-after-deposit",
                    "process steps are for states not yet party: this one is dated on or after the deposit",
                )


def no_future_dates(dataset: Dataset) -> Iterator[Problem]:
    """No state fact or membership is dated after the dataset's as-of date."""
    as_of = dataset.meta.as_of
    for folder in ("states", "regions"):
        for key, record in dataset.records.get(folder, {}).items():
            for location, value in _dates(record):
                # Entry into force is computed by Art. 22, 90 days after a deposit: a recent deposit's is ahead.
                if value > as_of and location[-2:] != ("entry_into_force", "date"):
                    yield dataset.problem(
                        folder,
                        key,
                        location,
                        "future-date",
                        f"date is after the dataset's as-of date ({as_of.isoformat()} in dataset.yaml)",
                    )


def value_checks(dataset: Dataset) -> Iterator[Problem]:
    """Checks of single values, in one walk over every record (the walk is most of what they cost):
    every cited source is described in dataset.yaml; no record names one its readers may not see
    (`references.reference_problem`)."""
    known = dataset.meta.sources
    wanted = frozenset({"sources", *REFERENCE_FIELDS})
    for folder, by_key in dataset.records.items():
        for key, record in by_key.items():
            for leaf in leaves(record, fields=wanted):
                if leaf.field == "sources" and isinstance(leaf.path[-1], int) and leaf.value not in known:
                    yield dataset.problem(
                        folder, key, leaf.path, "unknown-source", "source id is not listed under sources in dataset.yaml"
                    )
                problem = reference_problem(dataset, folder, key, leaf)
                if problem is not None:
                    yield problem


def known_states(dataset: Dataset) -> Iterator[Problem]:
    """Regions and engagements name only states that have a file."""
    for slug, region in dataset.regions.items():
        for index, member in enumerate(region.members):
            if not dataset.exists("states", member.state):
                yield dataset.problem(
                    "regions",
                    slug,
                    ("members", index),
                    "unknown-state",
                    "member is not a state of the dataset (no file in states/)",
                )
    for key, engagement in dataset.engagements.items():
        for index, code in enumerate(engagement.states):
            if not dataset.exists("states", code):
                yield dataset.problem(
                    "engagements",
                    key,
                    ("states", index),
                    "unknown-state",
                    "not a state of the dataset (no file in states/)",
                )


def known_regions(dataset: Dataset) -> Iterator[Problem]:
    """Region parents and engagement regions exist."""
    for slug, region in dataset.regions.items():
        if region.parent and not dataset.exists("regions", region.parent):
            yield dataset.problem("regions", slug, ("parent",), "unknown-region", "parent region has no file in regions/")
    for key, engagement in dataset.engagements.items():
        for index, region_slug in enumerate(engagement.regions):
            if not dataset.exists("regions", region_slug):
                yield dataset.problem("engagements", key, ("regions", index), "unknown-region", "region has no file in regions/")


def unique_members(dataset: Dataset) -> Iterator[Problem]:
    """A state is listed once per region, or in periods that do not overlap."""
    for slug, region in dataset.regions.items():
        periods: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for index, member in enumerate(region.members):
            start = member.since or dt.date.min
            end = member.until or dt.date.max
            if end <= start:
                yield dataset.problem("regions", slug, ("members", index), "membership-dates", "membership ends before it starts")
                continue
            if any(start < other_end and other_start < end for other_start, other_end in periods[member.state]):
                yield dataset.problem(
                    "regions",
                    slug,
                    ("members", index),
                    "duplicate-member",
                    "state is listed more than once for the same period",
                )
            periods[member.state].append((start, end))


def one_un_group(dataset: Dataset) -> Iterator[Problem]:
    """Every state belongs to exactly one UN regional group, or to the region of states in none."""
    groups: dict[str, list[str]] = defaultdict(list)
    for region in dataset.regions_in("un-regional-group"):
        for code in region.ever_members():
            groups[code].append(region.slug)
    for iso3 in dataset.states:
        found = groups.get(iso3, [])
        if len(found) != 1:
            message = (
                "state is in no UN regional group: add it to one, or to the region of states in none"
                if not found
                else f"state is in {len(found)} UN regional groups ({', '.join(found)}); it belongs in exactly one"
            )
            yield dataset.problem("states", iso3, ("iso3",), "un-group", message)


def reconciled_record(dataset: Dataset) -> Iterator[Problem]:
    """The page the dataset was reconciled against is a listed source, dated as the record says."""
    reconciled, meta_file = dataset.meta.reconciled, dataset.meta_file
    if reconciled is None or meta_file is None:
        return
    source = dataset.meta.sources.get(reconciled.source)

    def problem(field: str, message: str) -> Problem:
        line, column = meta_file.locate(("reconciled", field))
        return Problem(meta_file.display, line, column, "reconciled", message)

    if source is None:
        yield problem("source", "source id is not listed under sources in dataset.yaml")
    elif source.date is not None and source.date != reconciled.status_as_at:
        yield problem("status_as_at", f"the source {reconciled.source} is dated {source.date.isoformat()}")
    if reconciled.status_as_at > dataset.meta.as_of:
        yield problem("status_as_at", "the page is newer than the dataset's as-of date: move as_of forward")
    if reconciled.reconciled_on < reconciled.status_as_at:
        yield problem("reconciled_on", "a page cannot be reconciled before its 'status as at' date")


def _names_problem(dataset: Dataset, spelling: str, code: str, message: str, *, on_key: bool = True) -> Problem:
    source = dataset.names_file
    assert source is not None  # only called when the table was loaded
    line, column = source.locate(("names", spelling), prefer_key=on_key)
    return Problem(source.display, line, column, code, message)


def depositary_spellings(dataset: Dataset) -> Iterator[Problem]:
    """The depositary's spellings lead to states of the dataset, and never one spelling to two states."""
    names = dataset.depositary_names
    if names is None:
        return
    from att_univ.data.spellings import spelling_clashes

    for spelling, code in names.names.items():
        if not dataset.exists("states", code):
            message = f"{code} is not a state of the dataset (no file in states/)"
            yield _names_problem(dataset, spelling, "unknown-state", message, on_key=False)
    for clash in spelling_clashes(names):
        earlier = f"{clash.earlier_spelling!r} once spacing, footnote marks and the encoding of accents are normalised"
        if clash.conflicting:
            message = f"the same name as {earlier}, but it leads to {clash.code}, not {clash.earlier_code}"
            yield _names_problem(dataset, clash.spelling, "spelling-conflict", message)
        else:
            problem = _names_problem(dataset, clash.spelling, "duplicate-spelling", f"the same name as {earlier}")
            yield replace(problem, severity="warning")


def depositary_name_listed(dataset: Dataset) -> Iterator[Problem]:
    """Every state can be matched on the depositary's page: its depositary name, or some spelling, is listed."""
    names = dataset.depositary_names
    if names is None:
        return
    from att_univ.data.spellings import match_participant, spelling_table

    table = spelling_table(names)
    listed = set(table.values())
    for iso3, state in dataset.states.items():
        depositary_name = state.treaty.depositary_name
        if depositary_name is not None and match_participant(depositary_name, table) != iso3:
            yield dataset.problem(
                "states",
                iso3,
                ("treaty", "depositary_name"),
                "depositary-name",
                f"this name is not listed for {iso3} in depositary-names.yaml; add it there",
            )
        elif iso3 not in listed:
            yield dataset.problem(
                "states",
                iso3,
                ("iso3",),
                "depositary-name",
                "no spelling in depositary-names.yaml leads to this state, so the depositary's page cannot be matched to it",
            )


RULES: tuple[Rule, ...] = (
    signature_window,
    deposit_after_signature,
    instrument_matches_signature,
    entry_into_force_rule,
    intent_not_to_become_party,
    process_before_deposit,
    no_future_dates,
    value_checks,
    known_states,
    known_regions,
    unique_members,
    one_un_group,
    depositary_spellings,
    depositary_name_listed,
    reconciled_record,
)
RULES = (*RULES, *PLAN_RULES)  # plans and resources (att_univ/data/rules/plans.py)
RULES = (*RULES, *COORDINATION_RULES)  # actors and engagements (att_univ/data/rules/coordination.py)
RULES = (*RULES, *CYCLE_RULES)  # CSP cycles (att_univ/data/rules/cycles.py)
RULES = (*RULES, *VOTE_RULES)  # General Assembly votes (att_univ/data/rules/votes.py)
RULES = (*RULES, *NARRATIVE_RULES)  # unconfirmed passages quote their record (att_univ/data/rules/narrative.py)


def _dates(record: BaseModel) -> Iterator[tuple[Path, dt.date]]:
    return ((leaf.path, leaf.value) for leaf in leaves(record) if isinstance(leaf.value, dt.date))
