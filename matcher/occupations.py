"""The DISCO-08 occupation classification with Danish job titles and occupational fields
(fagområder): how near two occupations are, which occupation a free-text title means, and
which titles to offer as a consultant types.

The data is shipped with the package (matcher/data/disco08.txt and fagomraader.txt, compiled
by hand; their headers and docs/design/matching.md say from what)."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from matcher.text import compact_title

UNIT_DIGITS = 4

# How two occupations are related, strongest first when the default weights apply.
SAME_OCCUPATION = "same_occupation"
SAME_MINOR_GROUP = "same_minor_group"
SAME_FIELD = "same_field"
SAME_SUB_MAJOR_GROUP = "same_sub_major_group"
RELATIONS = (SAME_OCCUPATION, SAME_MINOR_GROUP, SAME_FIELD, SAME_SUB_MAJOR_GROUP)


@dataclass(frozen=True, slots=True)
class Field:
    """An occupational field: unit groups that share a kind of work across codes."""

    key: str
    name: str
    units: frozenset[str]
    words: tuple[str, ...] = ()
    """What a consultant types for the field as a goal ("kontor", "lageret")."""


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A job title and the unit group it belongs to; `confidence` (0-1) says how sure a
    free-text title is to mean it."""

    title: str
    occupation_code: str
    occupation_name: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Relation:
    """One way two occupations are related; `field` names the shared field for SAME_FIELD."""

    kind: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class _Title:
    title: str
    code: str
    rank: int  # its place among its unit group's titles: 0 is the usual title
    compact: str
    words: tuple[str, ...]


class OccupationTable:
    """Groups by code (1 to 4 digits), job titles by unit group, and fields."""

    def __init__(self, groups: dict[str, str], titles: dict[str, list[str]], fields: list[Field]):
        self._groups = groups
        self._fields = fields
        self._fields_of: dict[str, tuple[Field, ...]] = {
            unit: tuple(f for f in fields if unit in f.units) for unit in self.units()
        }
        self._titles = [
            _Title(
                title,
                code,
                rank,
                compact_title(title),
                tuple(w for w in re.split(r"[^\w]+", title.lower()) if w),
            )
            for code, names in titles.items()
            for rank, title in enumerate(names)
        ]
        self._compact = [t.compact for t in self._titles]

    def __len__(self) -> int:
        """How many job titles the table has."""
        return len(self._titles)

    def units(self) -> list[str]:
        return sorted(code for code in self._groups if len(code) == UNIT_DIGITS)

    def name(self, code: str) -> str | None:
        """The group's Danish name; a 6-digit national code is named by its unit group."""
        return self._groups.get(code[:UNIT_DIGITS] if len(code) > UNIT_DIGITS else code)

    def is_unit(self, code: str) -> bool:
        return len(code) >= UNIT_DIGITS and code[:UNIT_DIGITS] in self._groups

    def fields(self) -> list[Field]:
        return list(self._fields)

    def field(self, key: str) -> Field | None:
        """The field of that key, or None."""
        return next((f for f in self._fields if f.key == key), None)

    def fields_of(self, code: str) -> tuple[Field, ...]:
        return self._fields_of.get(code[:UNIT_DIGITS], ())

    def titles_of(self, code: str) -> list[str]:
        unit = code[:UNIT_DIGITS]
        return [t.title for t in self._titles if t.code == unit]

    def relations(self, a: str, b: str) -> list[Relation]:
        """Every way two occupation codes are related (none when unrelated)."""
        a, b = a[:UNIT_DIGITS], b[:UNIT_DIGITS]
        found = []
        if a == b:
            found.append(Relation(SAME_OCCUPATION))
        elif a[:3] == b[:3]:
            found.append(Relation(SAME_MINOR_GROUP))
        elif a[:2] == b[:2]:
            found.append(Relation(SAME_SUB_MAJOR_GROUP))
        shared = [f for f in self.fields_of(a) if b in f.units]
        found.extend(Relation(SAME_FIELD, f.name) for f in shared)
        return found

    def suggest(self, text: str, *, limit: int = 10) -> list[TitleMatch]:
        """Titles for a type-ahead: those starting with what was typed, then those with a word
        starting with it, then those containing it, then close spellings; within each, a unit
        group's usual title before its other titles, and shorter before longer."""
        typed = compact_title(text)
        word = text.strip().lower()
        if len(typed) < 2:
            return []
        tiers: list[list[_Title]] = [[], [], []]
        for known in self._titles:
            if known.compact.startswith(typed):
                tiers[0].append(known)
            elif any(w.startswith(word) for w in known.words):
                tiers[1].append(known)
            elif typed in known.compact:
                tiers[2].append(known)
        # Ordinary titles before manager titles, unless what was typed asks for a manager.
        asks_manager = is_manager_title(text)
        chosen = [
            t
            for tier in tiers
            for t in sorted(
                tier, key=lambda t: (not asks_manager and is_manager_title(t.title), _quality(t))
            )
        ]
        if len(chosen) < limit and len(typed) >= 4:
            close = process.extract(
                typed,
                self._compact,
                scorer=fuzz.ratio,
                limit=limit,
                score_cutoff=75.0,
            )
            chosen.extend(self._titles[index] for _, _, index in close)
        return [self._match(t, 1.0) for t in _distinct(chosen)][:limit]

    def _match(self, known: _Title, confidence: float) -> TitleMatch:
        return TitleMatch(known.title, known.code, self._groups[known.code], confidence)


MANAGER_WORDS = ("chef", "leder", "direktør", "bestyrer", "formand", "forstander", "manager")


def is_manager_title(title: str) -> bool:
    """Whether a title names a manager ("Lagerchef", "Butiksleder", "Kontorleder")."""
    return any(w.endswith(MANAGER_WORDS) for w in re.split(r"[^\w]+", title.lower()) if w)


def _quality(title: _Title) -> tuple[int, int, str]:
    return (min(title.rank, 1), len(title.title), title.title)


def _distinct(titles: Iterable[_Title]) -> Iterator[_Title]:
    seen: set[tuple[str, str]] = set()
    for title in titles:
        key = (title.compact, title.code)
        if key not in seen:
            seen.add(key)
            yield title


def _lines(name: str) -> Iterator[list[str]]:
    text = resources.files("matcher").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [part.strip() for part in line.split("|")]


def _expand(codes: str, units: list[str]) -> frozenset[str]:
    """Unit groups named by a field's codes: a unit group, or every one under a shorter code."""
    prefixes = [c.strip() for c in codes.split(",") if c.strip()]
    return frozenset(u for u in units if any(u.startswith(p) for p in prefixes))


@cache
def default_occupations() -> OccupationTable:
    """The shipped table (read once)."""
    groups: dict[str, str] = {}
    titles: dict[str, list[str]] = {}
    for code, name, listed in _lines("disco08.txt"):
        groups[code] = name
        if len(code) == UNIT_DIGITS:
            titles[code] = [t.strip() for t in listed.split(";") if t.strip()]
    units = sorted(titles)
    fields = [
        Field(key, name, _expand(codes, units), tuple(w.strip() for w in words.split(";")))
        for key, name, codes, words in _lines("fagomraader.txt")
    ]
    return OccupationTable(groups, titles, fields)
