"""A state that can join the Arms Trade Treaty: treaty facts (public) and process information."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import Field, StringConstraints

from att_univ.data.models.common import (
    ISO2,
    ISO3,
    M49,
    Dated,
    Email,
    Instrument,
    Name,
    OptionalSources,
    Record,
    Sensitive,
    Slug,
    Sources,
    Text,
)
from att_univ.data.models.localized import TranslatableText


class Deposit(Dated):
    """The instrument of ratification, acceptance, approval or accession, as deposited."""

    instrument: Instrument


class EntryIntoForce(Record):
    """When the treaty entered into force for the state (Art. 22)."""

    date: dt.date
    basis: Literal["unts-date-of-effect", "article-22"] = Field(
        description="Read from the UN Treaty Series, or computed by the Art. 22 rule."
    )
    sources: OptionalSources = ()


class Declaration(Record):
    """A declaration lodged with the depositary, or a note on the treaty's territorial scope."""

    kind: Literal["declaration", "interpretative-declarations", "territorial-scope"]
    date: dt.date | None = None
    summary: Text
    sources: Sources


class IntentNotToBecomeParty(Dated):
    """A signatory's communication that it does not intend to become a party."""

    summary: Text


# Differences `attu reconcile` finds between a state's record and the depositary's status page,
# which a `DepositaryException` can explain (att_univ/depositary/reconcile.py produces them), in
# the order the report lists a state's findings: treaty facts first, in the page's column order.
DepositaryFinding = Literal[
    "participant-missing",
    "participant-not-on-page",
    "signature-missing",
    "signature-not-on-page",
    "signature-differs",
    "deposit-missing",
    "deposit-not-on-page",
    "deposit-differs",
    "instrument-differs",
    "provisional-application-missing",
    "provisional-application-not-on-page",
    "provisional-application-differs",
    "intent-missing",
    "intent-not-on-page",
    "intent-differs",
    "declaration-missing",
    "declaration-not-on-page",
    "footnote-unexplained",
]
DEPOSITARY_FINDINGS: tuple[str, ...] = get_args(DepositaryFinding)


class DepositaryException(Record):
    """A known difference from the depositary's status page, and why the dataset is right to differ."""

    finding: DepositaryFinding = Field(description="What `attu reconcile` reports, which this explains.")
    reason: Text
    sources: Sources


class Treaty(Record):
    """The depositary's record for the state: public by nature."""

    signature: Dated | None = None
    deposit: Deposit | None = None
    entry_into_force: EntryIntoForce | None = None
    provisional_application: Dated | None = Field(
        default=None, description="Declared provisional application of Arts. 6 and 7 (Art. 23)."
    )
    declarations: tuple[Declaration, ...] = ()
    intent_not_to_become_party: IntentNotToBecomeParty | None = None
    depositary_name: Name | None = Field(
        default=None, description="The state's name as the depositary prints it, where it differs."
    )
    depositary_exceptions: tuple[DepositaryException, ...] = Field(
        default=(), description="Known, explained differences from the depositary's status page."
    )


ProcessStage = Literal[
    "intention-declared",
    "under-consideration",
    "legal-review",
    "legislation",
    "executive-approval",
    "parliament-submitted",
    "parliament-approved",
    "complete",
]
PROCESS_STAGES: tuple[str, ...] = get_args(ProcessStage)  # in order of advancement


class ProcessStep(Sensitive):
    """A step of the state's domestic process towards ratification or accession."""

    stage: ProcessStage
    date: dt.date
    instrument: Instrument | None = None
    summary: TranslatableText | None = None  # English, or per language ({en: ..., fr: ...})
    sources: OptionalSources = ()


class Readiness(Sensitive):
    """An assessment of how soon the state could join."""

    level: Literal["near-term", "medium-term", "long-term", "unknown"]
    assessed_on: dt.date
    assessed_by: Slug | None = None
    rationale: Text | None = None
    sources: OptionalSources = ()


NeedCategory = Literal[
    "awareness",
    "legal-review",
    "legislation",
    "control-list",
    "national-authority",
    "licensing",
    "enforcement",
    "reporting",
    "stockpile-management",
    "training",
    "other",
]


class Challenge(Sensitive):
    """An obstacle the state has identified on its way to joining."""

    summary: Text
    date: dt.date | None = None
    sources: OptionalSources = ()


class Need(Sensitive):
    """Assistance the state needs, in the categories of the ATT assistance database."""

    category: NeedCategory
    summary: Text
    date: dt.date | None = None
    sources: OptionalSources = ()


class Support(Sensitive):
    """Support the state has applied for or received."""

    programme: Literal["vtf", "sponsorship", "assistance-database", "eu-outreach", "other"]
    status: Literal["considering", "applied", "granted", "completed", "declined"]
    date: dt.date
    summary: Text | None = None
    sources: OptionalSources = ()


class Contact(Sensitive):
    """A person to talk to about the state's process."""

    name: Name
    role: Text | None = None
    organisation: Text | None = None
    email: Email | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{5,30}$")] | None = None


class Note(Sensitive):
    """Free-text information about the state."""

    text: TranslatableText  # English, or per language ({en: ..., fr: ...})
    date: dt.date | None = None
    sources: OptionalSources = ()


class DevelopmentGroups(Record):
    """The UN's development groupings the state belongs to (M49): public, the usual first claim on support."""

    ldc: bool = Field(description="A Least Developed Country.")
    lldc: bool = Field(description="A Landlocked Developing Country.")
    sids: bool = Field(description="A Small Island Developing State.")
    sources: Sources


class UnNames(Record):
    """The state's United Nations short names in the six UN languages (UNTERM), as UN documents print them.

    French and Spanish names come with the article UNTERM gives ("le Gabon", "l'Andorre", "el
    Afganistán"), so that sentences can be written with it; UNTERM gives none for some names.
    """

    ar: Name
    zh: Name
    en: Name
    fr: Name
    fr_article: Literal["le", "la", "l'", "les"] | None = None
    ru: Name
    es: Name
    es_article: Literal["el", "la", "los", "las"] | None = None
    sources: Sources


class State(Record):
    """One state that can join the treaty (file `data/states/<iso3>.yaml`)."""

    iso3: ISO3
    iso2: ISO2
    m49: M49
    name: Name
    names: UnNames | None = Field(default=None, description="UN names in the six UN languages, for documents.")
    un_member: bool
    development_groups: DevelopmentGroups | None = None
    treaty: Treaty = Treaty()
    process: tuple[ProcessStep, ...] = ()
    readiness: tuple[Readiness, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    needs: tuple[Need, ...] = ()
    support: tuple[Support, ...] = ()
    contacts: tuple[Contact, ...] = ()
    notes: tuple[Note, ...] = ()
    sources: Sources = Field(description="Where the codes and name come from.")
