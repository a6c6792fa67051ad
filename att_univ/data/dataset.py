"""The loaded dataset: every record by kind and key, where each came from, and what it holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from att_univ.data.models import DatasetMeta, DepositaryNames, Engagement, Region, State, Vote

if TYPE_CHECKING:
    from pydantic import BaseModel

    from att_univ.core.problems import Problem, Severity
    from att_univ.data.yamlio import Location, Parsed


@dataclass(frozen=True)
class SourceFile:
    """A data file as read: its path for messages and the positions of what it holds."""

    file: str  # its path (inside a revision: under the revision's label)
    display: str
    parsed: Parsed

    @property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.file)

    def locate(self, location: Location, *, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column of a location inside the file."""
        return self.parsed.locate(location, prefer_key=prefer_key)


@dataclass(frozen=True)
class Dataset:
    """Every record of a dataset, validated, as one audience may see it."""

    root: Path
    meta: DatasetMeta
    records: Mapping[str, Mapping[str, BaseModel]]
    files: Mapping[tuple[str, str], SourceFile] = field(default_factory=dict, repr=False)
    meta_file: SourceFile | None = field(default=None, repr=False)
    audience: str = "restricted"
    unusable: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)
    depositary_names: DepositaryNames | None = field(default=None, repr=False)  # depositary-names.yaml
    names_file: SourceFile | None = field(default=None, repr=False)

    def exists(self, folder: str, key: str) -> bool:
        """Whether a record has a file, even one too broken to load (already reported)."""
        return key in self.records.get(folder, {}) or key in self.unusable.get(folder, frozenset())

    @property
    def states(self) -> Mapping[str, State]:
        """States by ISO3 code."""
        return self.records.get("states", {})  # type: ignore[return-value]

    @property
    def regions(self) -> Mapping[str, Region]:
        """Regions by slug."""
        return self.records.get("regions", {})  # type: ignore[return-value]

    @property
    def engagements(self) -> Mapping[str, Engagement]:
        """Engagements by id."""
        return self.records.get("engagements", {})  # type: ignore[return-value]

    @property
    def votes(self) -> Mapping[str, Vote]:
        """General Assembly votes on the treaty by id, in the order they were taken."""
        records: Mapping[str, Vote] = self.records.get("votes", {})  # type: ignore[assignment]
        return dict(sorted(records.items(), key=lambda item: (item[1].date, item[1].symbol)))

    def file_of(self, folder: str, key: str) -> SourceFile | None:
        """The file a record was read from."""
        return self.files.get((folder, key))

    def locate(self, folder: str, key: str, location: Location = (), *, prefer_key: bool = False) -> tuple[str, int, int]:
        """`(path, line, column)` of a location inside a record's file."""
        source = self.files.get((folder, key))
        if source is None:
            return (f"{folder}/{key}", 1, 1)
        line, column = source.locate(location, prefer_key=prefer_key)
        return (source.display, line, column)

    def problem(
        self,
        folder: str,
        key: str,
        location: Location,
        code: str,
        message: str,
        *,
        severity: Severity = "error",
        prefer_key: bool = False,
    ) -> Problem:
        """A problem located at a place inside a record's file (what cross-record rules report)."""
        from att_univ.core.problems import Problem

        path, line, column = self.locate(folder, key, location, prefer_key=prefer_key)
        return Problem(path, line, column, code, message, severity)

    def regions_in(self, scheme: str) -> list[Region]:
        """The regions of one scheme, in slug order."""
        return sorted((r for r in self.regions.values() if r.scheme == scheme), key=lambda r: r.slug)

    def regions_of(self, iso3: str, day: dt.date) -> list[Region]:
        """Every region the state belonged to on this day."""
        return [r for r in self.regions.values() if any(m.state == iso3 and m.on(day) for m in r.members)]

    def un_group_of(self, iso3: str) -> Region | None:
        """The state's UN regional group (or the region of states in none)."""
        for region in self.regions.values():
            if region.scheme == "un-regional-group" and iso3 in region.ever_members():
                return region
        return None

    def for_audience(self, audience: str) -> Dataset:
        """The dataset with everything this audience may not see removed."""
        from att_univ.data.audience import project_records, project_sources

        if audience == self.audience:
            return self
        from att_univ.data.models.common import SENSITIVITY_RANK

        if SENSITIVITY_RANK[audience] > SENSITIVITY_RANK[self.audience]:
            from att_univ.core.errors import RefusedError

            raise RefusedError(
                f"the {audience} view needs a {audience} key: yours open the {self.audience} view only "
                "(set ATTU_IDENTITY to your key file; see docs/confidentiality.md)"
            )
        records = project_records(self.records, audience)
        return replace(self, meta=project_sources(self.meta, records), records=records, audience=audience)

    def state_names(self) -> dict[str, str]:
        """ISO3 → name, for suggestions and display."""
        return {code: state.name for code, state in self.states.items()}

    @staticmethod
    def sort_key(value: Any) -> Any:
        """Order names the way people expect: accents and case ignored."""
        import unicodedata

        text = unicodedata.normalize("NFKD", str(value))
        return "".join(c for c in text if not unicodedata.combining(c)).casefold()
