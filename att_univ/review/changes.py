"""What changed between two versions of the dataset, in the words reviewers use. Pure: no I/O, no clock.

Every change carries the sensitivity of the values it would show (the most restrictive of the
old and the new value), so a renderer can show an audience the changes it may see and only
count the others: "Gambia: 2 restricted fields changed".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import singledispatch
from typing import Any, Literal

from pydantic import BaseModel

from att_univ.core.problems import Problem
from att_univ.core.treaty_rules import Status, status_on
from att_univ.data.dataset import Dataset
from att_univ.data.models import Engagement, Region, State
from att_univ.data.models.common import SENSITIVITY_RANK, Sensitive, visible_to
from att_univ.data.models.localized import english
from att_univ.data.models.meta import DatasetMeta
from att_univ.data.models.region import Member
from att_univ.data.models.state import (
    Challenge,
    Contact,
    Declaration,
    Deposit,
    EntryIntoForce,
    Need,
    Note,
    ProcessStep,
    Readiness,
    Support,
    Treaty,
)

Action = Literal["added", "removed", "changed"]
StateAction = Literal["added", "removed", "changed", "unreadable", "readable"]
TEXT_LIMIT = 160  # longer text is cut in change lines; the file holds it whole


@dataclass(frozen=True)
class Change:
    """One change, phrased for people, with the sensitivity of what the phrase shows."""

    field: str  # where: "treaty.deposit", "process", "members"...
    action: Action
    text: str
    sensitivity: str = "public"
    sources: tuple[str, ...] = ()  # the source ids the new or changed fact cites

    def visible_to(self, audience: str) -> bool:
        """Whether this audience may read the change (otherwise it is only counted)."""
        return visible_to(self.sensitivity, audience)


@dataclass(frozen=True)
class RecordChanges:
    """The changes to one record: a state, a region, an engagement or a source."""

    kind: str  # "states", "regions", "engagements", "sources"
    key: str
    name: str
    action: StateAction
    changes: tuple[Change, ...] = ()
    headline: str | None = None  # a state's change of treaty status, the line reviewers look for first
    status_before: Status | None = None
    status_after: Status | None = None
    sensitivity: str = "public"  # of the record as a whole: engagements are sensitive
    headline_sources: tuple[str, ...] = ()  # the sources of the facts the headline tells

    def visible_to(self, audience: str) -> bool:
        """Whether this audience may know about the record at all."""
        return visible_to(self.sensitivity, audience)

    def split(self, audience: str) -> tuple[list[Change], int]:
        """The changes this audience may read, and how many others there are."""
        shown = [change for change in self.changes if change.visible_to(audience)]
        return shown, len(self.changes) - len(shown)


@dataclass(frozen=True)
class Totals:
    """The treaty's numbers on the dataset's as-of date, as the depositary counts them."""

    as_of: dt.date
    parties: int
    signatories: int  # signed, not yet party
    non_signatories: int

    @property
    def states(self) -> int:
        """All states that can join."""
        return self.parties + self.signatories + self.non_signatories


@dataclass(frozen=True)
class TierMove:
    """A state whose universalization tier changed (restricted information)."""

    iso3: str
    name: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class OffThePage:
    """A deposit new in this change that the depositary page the dataset was last reconciled with does not list."""

    iso3: str
    name: str
    deposited: dt.date
    page: str  # the page's source id
    status_as_at: dt.date  # the page's own date

    @property
    def predates_page(self) -> bool:
        """The page should list it: the deposit is older than the page."""
        return self.deposited <= self.status_as_at


@dataclass(frozen=True)
class Snapshot:
    """One side of a comparison: a dataset, its validation problems, and how its files are named."""

    dataset: Dataset
    problems: Sequence[Problem]
    label: str  # "main", "45e75bb", "the working tree"
    prefix: str = ""  # what problem paths carry before `states/x.yaml`, e.g. "main:data/"


@dataclass(frozen=True)
class DatasetChanges:
    """Everything that changed between two snapshots, and what it does to the totals and to validity."""

    before_label: str
    after_label: str
    totals_before: Totals
    totals_after: Totals
    meta: tuple[Change, ...] = ()
    states: tuple[RecordChanges, ...] = ()
    regions: tuple[RecordChanges, ...] = ()
    engagements: tuple[RecordChanges, ...] = ()
    introduced: tuple[Problem, ...] = ()
    fixed: tuple[Problem, ...] = ()
    tier_moves: tuple[TierMove, ...] | None = field(default=None)  # None: tiers were not computed
    off_the_page: tuple[OffThePage, ...] = ()
    source_titles: Mapping[str, str] = field(default_factory=dict)  # id → title, of the sources the changes cite

    @property
    def empty(self) -> bool:
        """True when nothing at all changed."""
        return not (self.meta or self.states or self.regions or self.engagements or self.introduced or self.fixed) and (
            not self.tier_moves
        )


# --- the comparison -----------------------------------------------------------------------


def compare(
    before: Snapshot,
    after: Snapshot,
    *,
    tiers: tuple[Mapping[str, str], Mapping[str, str]] | None = None,
) -> DatasetChanges:
    """Compare two snapshots of the dataset; `tiers` are each side's `{iso3: tier}` when known."""
    old, new = before.dataset, after.dataset
    names = {**old.state_names(), **new.state_names()}
    introduced, fixed = compare_problems(before.problems, before.prefix, after.problems, after.prefix)
    return DatasetChanges(
        before_label=before.label,
        after_label=after.label,
        totals_before=totals(old),
        totals_after=totals(new),
        meta=tuple(meta_changes(old.meta, new.meta, (source_levels(old), source_levels(new)))),
        states=tuple(_states(before, after)),
        regions=tuple(_regions(old, new, names)),
        engagements=tuple(_engagements(old, new, names)),
        introduced=tuple(introduced),
        fixed=tuple(fixed),
        tier_moves=None if tiers is None else tuple(tier_moves(tiers[0], tiers[1], names=names)),
        off_the_page=tuple(off_the_page(old, new)),
        source_titles={key: source.title for key, source in new.meta.sources.items()},
    )


def off_the_page(old: Dataset, new: Dataset) -> Iterator[OffThePage]:
    """Deposits new in `new` that its last reconciled depositary page cannot hold, since the dataset agreed with it without them.

    A change that also moves `reconciled` brings its own page, which lists what it added.
    """
    page = new.meta.reconciled
    if page is None or page != old.meta.reconciled:
        return
    for iso3, state in sorted(new.states.items(), key=lambda item: Dataset.sort_key(item[1].name)):
        deposit = state.treaty.deposit
        earlier = old.states.get(iso3)
        if deposit is None or (earlier is not None and earlier.treaty.deposit == deposit):
            continue
        yield OffThePage(iso3, state.name, deposit.date, page.source, page.status_as_at)


def totals(dataset: Dataset) -> Totals:
    """Parties, signatories and non-signatories on the dataset's as-of date."""
    day = dataset.meta.as_of
    counts = Counter(status_on(state.treaty, day) for state in dataset.states.values())
    return Totals(day, counts["party"], counts["signatory"], counts["non-signatory"])


def tier_moves(before: Mapping[str, str], after: Mapping[str, str], names: Mapping[str, str] | None = None) -> list[TierMove]:
    """States whose tier differs between two `{iso3: tier}` mappings, in order of name."""
    names = names or {}
    moves = [
        TierMove(iso3, names.get(iso3, iso3), before.get(iso3), after.get(iso3))
        for iso3 in set(before) | set(after)
        if before.get(iso3) != after.get(iso3)
    ]
    return sorted(moves, key=lambda move: Dataset.sort_key(move.name))


def compare_problems(
    before: Iterable[Problem], before_prefix: str, after: Iterable[Problem], after_prefix: str
) -> tuple[list[Problem], list[Problem]]:
    """Problems the change introduced and problems it fixed; lines may move, so they are matched without them."""

    def key(problem: Problem, prefix: str) -> tuple[str, str, str, str]:
        return (problem.path.removeprefix(prefix), problem.code, problem.message, problem.severity)

    old = Counter(key(p, before_prefix) for p in before)
    new = Counter(key(p, after_prefix) for p in after)
    return _surplus(after, new - old, after_prefix, key), _surplus(before, old - new, before_prefix, key)


def _surplus(problems: Iterable[Problem], counts: Counter[Any], prefix: str, key: Any) -> list[Problem]:
    """The problems that `counts` says are left over; of several alike, the last ones in the file."""
    remaining = Counter(counts)
    found = []
    for problem in sorted(problems, reverse=True):
        k = key(problem, prefix)
        if remaining[k] > 0:
            remaining[k] -= 1
            found.append(problem)
    return sorted(found)


# --- states -------------------------------------------------------------------------------


def _states(before: Snapshot, after: Snapshot) -> Iterator[RecordChanges]:
    old, new = before.dataset, after.dataset
    broken_before = _unreadable(before, "states")
    broken_after = _unreadable(after, "states")
    codes = set(old.states) | set(new.states)
    found = []
    for iso3 in codes:
        a, b = old.states.get(iso3), new.states.get(iso3)
        if a is not None and b is None and iso3 in broken_after:
            name = a.name
            found.append(RecordChanges("states", iso3, name, "unreadable", headline=f"the file cannot be read in {after.label}"))
            continue
        if a is None and b is not None and iso3 in broken_before:
            found.append(
                RecordChanges(
                    "states", iso3, b.name, "readable", headline=f"the file could not be read in {before.label}; it can now"
                )
            )
            continue
        change = state_changes(a, b, old.meta.as_of, new.meta.as_of)
        if change is not None:
            found.append(change)
    yield from sorted(found, key=lambda c: Dataset.sort_key(c.name))


def state_changes(
    before: State | None, after: State | None, day_before: dt.date | None = None, day_after: dt.date | None = None
) -> RecordChanges | None:
    """How one state's record changed (None if it did not); statuses are taken on the given days (default: all facts)."""
    if before == after:
        return None
    day_before = day_before or dt.date.max
    day_after = day_after or dt.date.max
    state = after or before
    assert state is not None
    status_before = status_on(before.treaty, day_before) if before else None
    status_after = status_on(after.treaty, day_after) if after else None
    action: StateAction = "added" if before is None else "removed" if after is None else "changed"
    headline = _headline(action, status_before, status_after, (before or state).treaty, (after or state).treaty)
    if action == "removed":
        return RecordChanges("states", state.iso3, state.name, action, headline=headline, status_before=status_before)
    empty = State.model_construct(
        iso3=state.iso3, iso2=state.iso2, m49=state.m49, name=state.name, un_member=state.un_member, sources=state.sources
    )
    old, new = before or empty, after or empty
    changes: list[Change] = []
    if action == "changed":
        changes.extend(_scalar_changes(old, new, ("name", "iso3", "iso2", "m49", "un_member", "sources")))
    skip = _explained_by_headline(old.treaty, new.treaty, status_before, status_after)
    changes.extend(_treaty_changes(old.treaty, new.treaty, skip))
    for name, noun in _SENSITIVE_LISTS:
        changes.extend(_list_changes(name, noun, getattr(old, name), getattr(new, name)))
    return RecordChanges(
        "states",
        state.iso3,
        state.name,
        action,
        tuple(changes),
        headline=headline,
        status_before=status_before,
        status_after=status_after,
        headline_sources=_headline_sources(status_after, new.treaty) if headline else (),
    )


def _headline_sources(status: Status | None, treaty: Treaty) -> tuple[str, ...]:
    """The sources of the facts a headline tells: the deposit and entry into force, or the signature."""
    facts = (
        [treaty.deposit, treaty.entry_into_force] if status == "party" else [treaty.signature] if status == "signatory" else []
    )
    return _cited(*facts)


def _cited(*facts: Any) -> tuple[str, ...]:
    """The source ids the facts cite, each once, in order."""
    found: dict[str, None] = {}
    for fact in facts:
        for source in getattr(fact, "sources", None) or ():
            found.setdefault(source, None)
    return tuple(found)


def _headline(action: str, before: Status | None, after: Status | None, old: Treaty, new: Treaty) -> str | None:
    if action == "removed":
        return f"removed from the dataset (was {before or 'non-signatory'})"
    if action == "added":
        return f"added to the dataset: {after or 'non-signatory'}{_status_detail(after, old, new)}"
    if before == after:
        return None
    return f"{before} → {after}{_status_detail(after, old, new)}"


def _status_detail(status: Status | None, old: Treaty, new: Treaty) -> str:
    """What made the status what it is: the deposit and entry into force, the signature, or what was removed."""
    if status == "party" and new.deposit is not None:
        detail = f"{new.deposit.instrument} deposited {new.deposit.date.isoformat()}"
        if new.entry_into_force is not None:
            detail += f", in force {new.entry_into_force.date.isoformat()}"
        return f" ({detail})"
    removed = [name for name in ("deposit", "signature") if getattr(old, name) is not None and getattr(new, name) is None]
    if removed:
        return f" ({' and '.join(removed)} removed)"
    if status == "signatory" and new.signature is not None:
        return f" (signed {new.signature.date.isoformat()})"
    return ""


def _explained_by_headline(old: Treaty, new: Treaty, before: Status | None, after: Status | None) -> set[str]:
    """Treaty fields whose arrival or removal the headline already tells ("non-signatory → party (...)")."""
    if before == after:
        return set()
    skip = set()
    for name in ("signature", "deposit", "entry_into_force"):
        arrived = getattr(old, name) is None and getattr(new, name) is not None
        left = getattr(old, name) is not None and getattr(new, name) is None
        # The signature makes a signatory; the deposit and its entry into force make a party.
        makes = "signatory" if name == "signature" else "party"
        if (arrived and after == makes) or (left and before == makes) or (name == "signature" and left):
            skip.add(name)
    return skip


_TREATY_LABELS = {
    "signature": "signature",
    "deposit": "deposit",
    "entry_into_force": "entry into force",
    "provisional_application": "provisional application (Art. 23)",
    "declarations": "declaration",
    "intent_not_to_become_party": "communication that it does not intend to become a party",
    "depositary_name": "name as the depositary prints it",
}
_FIELD_LABELS = {
    "un_member": "UN member",
    "iso2": "ISO alpha-2 code",
    "iso3": "ISO alpha-3 code",
    "m49": "M49 code",
    "as_of": "as-of date",
    "basis": "basis",
    "follow_up": "follow-up",
    "end_date": "end date",
    "assessed_on": "assessed on",
    "assessed_by": "assessed by",
}


def _treaty_changes(old: Treaty, new: Treaty, skip: set[str]) -> Iterator[Change]:
    for name in Treaty.model_fields:
        if name in skip:
            continue
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        label = _TREATY_LABELS[name]
        where = f"treaty.{name}"
        if name == "declarations":
            for x, y in _align(a, b):
                if x is None:
                    yield Change(where, "added", f"{label} added: {_describe(y)}", sources=_cited(y))
                elif y is None:
                    yield Change(where, "removed", f"{label} removed: {_describe(x)}")
                else:
                    yield Change(where, "changed", f"{label} {_describe(y)}: {_field_diffs(x, y)}", sources=_cited(y))
        elif a is None:
            yield Change(where, "added", f"{label}: {_describe(b)}", sources=_cited(b))
        elif b is None:
            yield Change(where, "removed", f"{label} removed (was {_describe(a)})")
        elif isinstance(b, BaseModel):
            yield Change(where, "changed", f"{label}: {_field_diffs(a, b)}", sources=_cited(b))
        else:
            yield Change(where, "changed", f"{label}: {_value(a)} → {_value(b)}")


_SENSITIVE_LISTS = (
    ("process", "process step"),
    ("readiness", "readiness"),
    ("challenges", "challenge"),
    ("needs", "need"),
    ("support", "support"),
    ("contacts", "contact"),
    ("notes", "note"),
)


def _list_changes(where: str, noun: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> Iterator[Change]:
    """Items of a list (of process steps, notes...) added, removed or changed, each with its own sensitivity."""
    if old == new:
        return
    for a, b in _align(old, new):
        sensitivity = _most_restrictive(a, b)
        if a is None:
            yield Change(where, "added", f"{noun} added: {_describe(b)}", sensitivity, _cited(b))
        elif b is None:
            yield Change(where, "removed", f"{noun} removed: {_describe(a)}", sensitivity)
        else:
            yield Change(where, "changed", f"{noun} {_describe(b, brief=True)}: {_field_diffs(a, b)}", sensitivity, _cited(b))


def _align(old: Sequence[Any], new: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
    """Pairs (old item, new item) of two lists; None on one side for an item added or removed."""
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        paired = min(len(olds), len(news)) if tag == "replace" else 0
        for index in range(paired):
            yield olds[index], news[index]
        for item in olds[paired:]:
            yield item, None
        for item in news[paired:]:
            yield None, item


def _most_restrictive(*items: Any) -> str:
    levels = [item.sensitivity for item in items if isinstance(item, Sensitive)]
    return max(levels, key=SENSITIVITY_RANK.__getitem__) if levels else "public"


# --- regions, engagements, dataset.yaml ------------------------------------------------------


def _regions(old: Dataset, new: Dataset, names: Mapping[str, str]) -> Iterator[RecordChanges]:
    found = []
    for slug in set(old.regions) | set(new.regions):
        a, b = old.regions.get(slug), new.regions.get(slug)
        if a == b:
            continue
        region = b or a
        assert region is not None
        if a is None or b is None:
            action: Action = "added" if a is None else "removed"
            members = len(region.members_on(new.meta.as_of if b else old.meta.as_of))
            text = f"{_words(region.scheme)}, {members} member{'s' * (members != 1)}"
            found.append(RecordChanges("regions", slug, region.name, action, (Change("region", action, text),)))
            continue
        changes = list(_scalar_changes(a, b, ("name", "scheme", "parent", "description", "sources")))
        changes.extend(_member_changes(a, b, names))
        found.append(RecordChanges("regions", slug, b.name, "changed", tuple(changes)))
    yield from sorted(found, key=lambda c: (c.action != "changed", Dataset.sort_key(c.name)))


def _member_changes(old: Region, new: Region, names: Mapping[str, str]) -> Iterator[Change]:
    def by_state(region: Region) -> dict[str, tuple[Member, ...]]:
        grouped: dict[str, list[Member]] = {}
        for member in region.members:
            grouped.setdefault(member.state, []).append(member)
        return {code: tuple(members) for code, members in grouped.items()}

    a, b = by_state(old), by_state(new)
    for code in sorted(set(a) | set(b), key=lambda c: Dataset.sort_key(names.get(c, c))):
        x, y = a.get(code, ()), b.get(code, ())
        if x == y:
            continue
        who = f"{names.get(code, code)} ({code})"
        if not x:
            yield Change("members", "added", f"{who} added as member{_periods(y)}")
        elif not y:
            yield Change("members", "removed", f"{who} no longer listed (was member{_periods(x)})")
        elif len(x) == len(y) == 1 and x[0].until is None and y[0].until is not None and x[0].since == y[0].since:
            yield Change("members", "changed", f"{who} left: membership ended {y[0].until.isoformat()}")
        else:
            yield Change("members", "changed", f"{who} membership: member{_periods(x)} → member{_periods(y)}")


def _periods(members: Sequence[Member]) -> str:
    parts = []
    for member in members:
        if member.since and member.until:
            parts.append(f"from {member.since.isoformat()} until {member.until.isoformat()}")
        elif member.since:
            parts.append(f"since {member.since.isoformat()}")
        elif member.until:
            parts.append(f"until {member.until.isoformat()}")
    return f" ({'; '.join(parts)})" if parts else ""


def _engagements(old: Dataset, new: Dataset, names: Mapping[str, str]) -> Iterator[RecordChanges]:
    found = []
    for key in set(old.engagements) | set(new.engagements):
        a, b = old.engagements.get(key), new.engagements.get(key)
        if a == b:
            continue
        sensitivity = _most_restrictive(a, b)
        engagement = b or a
        assert engagement is not None
        if a is None or b is None:
            action: Action = "added" if a is None else "removed"
            change = Change("engagement", action, _describe_engagement(engagement, names), sensitivity)
            found.append(RecordChanges("engagements", key, engagement.title, action, (change,), sensitivity=sensitivity))
            continue
        changes = (Change("engagement", "changed", _field_diffs(a, b), sensitivity),)
        found.append(RecordChanges("engagements", key, b.title, "changed", changes, sensitivity=sensitivity))
    yield from sorted(found, key=lambda c: (c.action, c.key))


def _describe_engagement(engagement: Engagement, names: Mapping[str, str]) -> str:
    text = f"{engagement.date.isoformat()} {engagement.kind}: {_quote(engagement.title)}"
    if engagement.states:
        text += " with " + ", ".join(names.get(code, code) for code in engagement.states)
    if engagement.regions:
        text += (" and " if engagement.states else " with ") + ", ".join(engagement.regions)
    return text


def source_levels(dataset: Dataset) -> dict[str, str]:
    """Each source's sensitivity: the most open audience that sees it (one that something it sees cites)."""
    levels = dict.fromkeys(dataset.meta.sources, "restricted")
    for audience in ("partners", "public"):
        if audience == "partners" and dataset.audience == "public":
            continue  # read without a partners key: there is no partners view to look at
        for source_id in dataset.for_audience(audience).meta.sources:
            levels[source_id] = audience
    return levels


def meta_changes(
    old: DatasetMeta, new: DatasetMeta, levels: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {})
) -> Iterator[Change]:
    """Changes to dataset.yaml: its as-of date, title, description and the sources facts cite.

    A source change is as sensitive as the source is on the side(s) it shows: a source that only
    restricted facts cite would tell, by its title, what they say.
    """
    yield from _scalar_changes(old, new, ("as_of", "title", "description"))
    for source_id in sorted(set(old.sources) | set(new.sources)):
        a, b = old.sources.get(source_id), new.sources.get(source_id)
        if a == b:
            continue
        before, after = levels[0].get(source_id, "public"), levels[1].get(source_id, "public")
        if a is None:
            assert b is not None
            yield Change("sources", "added", f"source added: {source_id} ({_cut(b.title)})", after)
        elif b is None:
            yield Change("sources", "removed", f"source removed: {source_id} ({_cut(a.title)})", before)
        else:
            level = before if SENSITIVITY_RANK[before] >= SENSITIVITY_RANK[after] else after
            yield Change("sources", "changed", f"source {source_id}: {_field_diffs(a, b)}", level)


# --- phrasing -------------------------------------------------------------------------------


def _scalar_changes(old: BaseModel, new: BaseModel, names: Sequence[str]) -> Iterator[Change]:
    for name in names:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            yield Change(name, "changed", f"{_label(name)}: {_value(a)} → {_value(b)}")


def _field_diffs(old: BaseModel, new: BaseModel) -> str:
    """`date 2024-05-01 → 2024-05-02; instrument ratification → acceptance` for two versions of a record."""
    parts = []
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if isinstance(a, BaseModel) and isinstance(b, BaseModel):
            parts.append(f"{_label(name)} ({_field_diffs(a, b)})")
        elif a is None:
            parts.append(f"{_label(name)} added: {_value(b)}")
        elif b is None or b == ():
            parts.append(f"{_label(name)} removed (was {_value(a)})")
        else:
            parts.append(f"{_label(name)} {_value(a)} → {_value(b)}")
    return "; ".join(parts)


def _describe(item: Any, *, brief: bool = False) -> str:
    """A short description of a record by its telling fields: what reviewers recognise it by."""
    return " ".join(_telling(item, brief))


@singledispatch
def _telling(item: Any, brief: bool) -> list[str]:
    return [_value(item)]


@_telling.register
def _(item: BaseModel, brief: bool) -> list[str]:
    if "date" not in type(item).model_fields:
        return [_value(item)]
    day = getattr(item, "date", None)
    return [day.isoformat() if day else "undated"]


@_telling.register
def _(item: ProcessStep, brief: bool) -> list[str]:
    parts = [f"{_words(item.stage)} on {item.date.isoformat()}"]
    if item.instrument:
        parts.append(f"({item.instrument})")
    if item.summary and not brief:
        parts.append(f"— {_quote(english(item.summary))}")
    return parts


@_telling.register
def _(item: Readiness, brief: bool) -> list[str]:
    parts = [f"{item.level}, assessed {item.assessed_on.isoformat()}"]
    if item.assessed_by:
        parts.append(f"by {item.assessed_by}")
    if item.rationale and not brief:
        parts.append(f"— {_quote(item.rationale)}")
    return parts


@_telling.register
def _(item: Support, brief: bool) -> list[str]:
    parts = [f"{item.programme} {item.status} on {item.date.isoformat()}"]
    if item.summary and not brief:
        parts.append(f"— {_quote(item.summary)}")
    return parts


@_telling.register
def _(item: Need, brief: bool) -> list[str]:
    return [f"{_words(item.category)}" + ("" if brief else f": {_quote(item.summary)}")]


@_telling.register
def _(item: Challenge, brief: bool) -> list[str]:
    return [_quote(item.summary, limit=60 if brief else TEXT_LIMIT)]


@_telling.register
def _(item: Note, brief: bool) -> list[str]:
    return [_quote(english(item.text), limit=60 if brief else TEXT_LIMIT)]


@_telling.register
def _(item: Contact, brief: bool) -> list[str]:
    return [item.name + (f", {item.role}" if item.role and not brief else "")]


@_telling.register
def _(item: Declaration, brief: bool) -> list[str]:
    parts = [_words(item.kind) + (f" of {item.date.isoformat()}" if item.date else "")]
    if not brief:
        parts.append(f"— {_quote(item.summary)}")
    return parts


@_telling.register
def _(item: Deposit, brief: bool) -> list[str]:
    return [f"{item.instrument} deposited {item.date.isoformat()}"]


@_telling.register
def _(item: EntryIntoForce, brief: bool) -> list[str]:
    basis = "under Art. 22" if item.basis == "article-22" else "per the UN Treaty Series"
    return [f"{item.date.isoformat()} {basis}"]


def _label(name: str) -> str:
    return _FIELD_LABELS.get(name, name.replace("_", " "))


def _words(code: str) -> str:
    return code.replace("-", " ")


def _value(value: Any) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, BaseModel):
        return _describe(value)
    if isinstance(value, str) and (" " in value or len(value) > 40):
        return _quote(value)
    return str(value)


def _quote(text: str, *, limit: int = TEXT_LIMIT) -> str:
    return f"“{_cut(text, limit)}”"


def _cut(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unreadable(snapshot: Snapshot, folder: str) -> set[str]:
    """Keys of records whose file exists on this side but could not be loaded."""
    from att_univ.data.models import KIND_BY_FOLDER

    kind = KIND_BY_FOLDER[folder]
    loaded = snapshot.dataset.records.get(folder, {})
    keys = set()
    for problem in snapshot.problems:
        relative = problem.path.removeprefix(snapshot.prefix)
        if relative.startswith(f"{folder}/") and relative.endswith(".yaml") and relative.count("/") == 1:
            key = kind.key_for_stem(relative[len(folder) + 1 : -len(".yaml")])
            if key not in loaded:
                keys.add(key)
    return keys
