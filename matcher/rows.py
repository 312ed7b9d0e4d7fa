"""A function row: one workplace function with its workplace's facts, as documents and
tables carry it, and the texts of many rows as columns of ids into one string pool."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from matcher.competences import default_catalogue, tokens
from matcher.models import Workplace
from matcher.pool import IdArray, Interner, TextPool, merge
from matcher.text import normalise_many, normalise_title

IntArray = npt.NDArray[np.int64]

# How a function's terms are made, as data files and a number bumped when the code changes.
_TERMS_SOURCES = ("ordled.txt", "kompetencer.txt", "disco08.txt")
TERMS_FORMAT = 2
"""1: word stems; 2: stems with compounds split into words of the domain, and competences."""


@cache
def terms_fingerprint() -> str:
    """What a function's terms were made with: the format and the word lists and catalogue.
    An index whose rows were made with another one is rebuilt from the store (its terms
    would not meet the citizens' any more)."""
    digest = hashlib.sha256(str(TERMS_FORMAT).encode())
    for name in _TERMS_SOURCES:
        digest.update(resources.files("matcher").joinpath("data", name).read_bytes())
    return f"{TERMS_FORMAT}-{digest.hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class FunctionRow:
    """One function with its workplace's facts, as documents and tables carry it."""

    function_id: int
    workplace_id: int
    workplace_name: str
    industry: str
    postal_code: str
    lat: float
    lon: float
    title: str
    occupation_code: str
    tasks: tuple[str, ...]
    hours_min: float
    hours_max: float
    placement_types: frozenset[str]
    accommodations: frozenset[str]  # the function's and the whole workplace's
    ordinary_employees: int
    current_subsidised_placements: int
    record_placements: int
    record_good_outcomes: int
    record_paid_hours_outcomes: int

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.title, *self.tasks)

    @property
    def terms(self) -> tuple[str, ...]:
        """The stems of its title and tasks, and the competences they name (`@key`)."""
        texts = self.texts
        return normalise_many(texts) + tokens(default_catalogue().read_many(texts))


def function_rows(workplace: Workplace) -> list[FunctionRow]:
    """The rows of one workplace, one per function."""
    return [
        FunctionRow(
            function_id=function.id,
            workplace_id=workplace.id,
            workplace_name=workplace.name,
            industry=workplace.industry,
            postal_code=workplace.postal_code,
            lat=workplace.coordinates.lat,
            lon=workplace.coordinates.lon,
            title=function.title,
            occupation_code=function.occupation_code,
            tasks=function.tasks,
            hours_min=function.hours.min,
            hours_max=function.hours.max,
            placement_types=function.placement_types,
            accommodations=function.accommodations | workplace.accommodations,
            ordinary_employees=workplace.ordinary_employees,
            current_subsidised_placements=workplace.current_subsidised_placements,
            record_placements=workplace.record.placements,
            record_good_outcomes=workplace.record.good_outcomes,
            record_paid_hours_outcomes=workplace.record.paid_hours_outcomes,
        )
        for function in workplace.functions
    ]


@dataclass(frozen=True, slots=True)
class RowTexts:
    """The rows' texts as ids into one pool of distinct strings; row i's tasks are
    `task_ids[task_start[i]:task_start[i + 1]]`."""

    pool: TextPool
    workplace_name: IdArray
    industry: IdArray
    postal_code: IdArray
    title: IdArray
    occupation_code: IdArray
    normalised_title: IdArray
    task_start: IntArray
    task_ids: IdArray

    def tasks(self, row: int) -> tuple[str, ...]:
        start, end = int(self.task_start[row]), int(self.task_start[row + 1])
        return self.pool.strings(self.task_ids[start:end].tolist())

    def columns(self) -> list[IdArray]:
        return [getattr(self, name) for name in TEXT_COLUMNS] + [self.task_ids]

    def take(self, rows: IntArray) -> "RowTexts":
        """The texts of the given rows, in that order (the same pool)."""
        lengths = (self.task_start[rows + 1] - self.task_start[rows]).astype(np.int64)
        task_start = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=task_start[1:])
        shift = np.repeat(self.task_start[rows] - task_start[:-1], lengths)
        positions = np.arange(int(task_start[-1]), dtype=np.int64) + shift
        columns = {name: getattr(self, name)[rows] for name in TEXT_COLUMNS}
        return RowTexts(
            self.pool, **columns, task_start=task_start, task_ids=self.task_ids[positions]
        )

    @staticmethod
    def concat(parts: Sequence["RowTexts"]) -> "RowTexts":
        """The rows of all parts, in order, over one pool of the strings they use."""
        pool, columns = merge([p.pool for p in parts], [p.columns() for p in parts])
        starts = [parts[0].task_start[:1]] if parts else [np.zeros(1, dtype=np.int64)]
        done = 0
        for part in parts:
            starts.append(part.task_start[1:] + done)
            done += int(part.task_start[-1])
        named = {
            name: np.concatenate([c[k] for c in columns]) if parts else np.zeros(0, np.int32)
            for k, name in enumerate(TEXT_COLUMNS)
        }
        tasks = np.concatenate([c[-1] for c in columns]) if parts else np.zeros(0, np.int32)
        return RowTexts(pool, **named, task_start=np.concatenate(starts), task_ids=tasks)

    @staticmethod
    def of(rows: Sequence[FunctionRow]) -> "RowTexts":
        intern = Interner()
        named = {
            name: np.array([intern(getattr(r, name)) for r in rows], dtype=np.int32)
            for name in TEXT_COLUMNS[:-1]
        }
        named["normalised_title"] = np.array(
            [intern(normalise_title(r.title)) for r in rows], dtype=np.int32
        )
        task_start = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r.tasks) for r in rows], out=task_start[1:])
        tasks = np.array([intern(t) for r in rows for t in r.tasks], dtype=np.int32)
        return RowTexts(intern.pool(), **named, task_start=task_start, task_ids=tasks)


TEXT_COLUMNS = (
    "workplace_name",
    "industry",
    "postal_code",
    "title",
    "occupation_code",
    "normalised_title",
)
