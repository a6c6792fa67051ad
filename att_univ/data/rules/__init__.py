"""The rules across records that `attu validate` checks: one small generator per rule, each with its code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from att_univ.core.problems import Problem
    from att_univ.data.dataset import Dataset

Rule: TypeAlias = "Callable[[Dataset], Iterator[Problem]]"
