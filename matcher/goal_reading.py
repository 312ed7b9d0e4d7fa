"""How a goal typed as free text is read as an occupation, or as an occupational field.

A consultant types "kontor", "lageret", "pæd medhjælper", "køre varer ud" or "chafør". The
reading tries, in turn, what is surest first, and character-level similarity last:

1. a known job title or unit group name as written (spaces, hyphens and case aside): 1.0;
2. the same words in another form ("lagermedarbejderen", "kokke"): 0.95;
3. a word that names an occupational field ("kontor", "noget med børn"): the field, 0.9;
4. a job title whose every part the text has ("medhjælper i køkken": Køkkenmedhjælper): 0.9;
5. the competence catalogue ("køre varer ud": distribution, used by chauffeurs): 0.85;
6. the closest spelling of a job title ("chafør": Chauffør), its similarity as confidence.

Manager titles ("Lagerchef", "Butiksleder") are readings only when the text asks for a
manager. A reading below weights.goal_title_min_confidence is shown but not taken.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from matcher.competences import Catalogue, default_catalogue
from matcher.compounds import decompound, lemma
from matcher.lexicon import ABBREVIATIONS
from matcher.occupations import (
    Field,
    OccupationTable,
    default_occupations,
    is_manager_title,
)
from matcher.text import compact_title, content_words, stem, word_stems

# Words around a goal that say nothing of which occupation ("job i køkken", "noget med dyr").
FILLER_STEMS = frozenset(word_stems("job jobbet arbejde noget gerne stilling praktik område"))

EXACT, SAME_WORDS, FIELD, PARTS, CATALOGUE = 1.0, 0.95, 0.9, 0.9, 0.85


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed goal is read as: a unit group (`occupation_code`, `title`) or a field."""

    title: str
    """The job title it was read as, or the field's name."""
    confidence: float
    occupation_code: str | None = None
    field: Field | None = None
    how: str = "closest"
    """Which step read it: exact, same_words, field, parts, catalogue or closest."""


@dataclass(frozen=True, slots=True)
class _Known:
    title: str
    code: str
    manager: bool
    parts: frozenset[str]


class GoalReader:
    def __init__(self, occupations: OccupationTable, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        known = [
            (title, unit)
            for unit in occupations.units()
            for title in [*occupations.titles_of(unit), occupations.name(unit) or ""]
            if title
        ]
        self._titles = [_Known(t, c, is_manager_title(t), _parts(t)) for t, c in known]
        self._exact: dict[str, _Known] = {}
        self._same: dict[str, _Known] = {}
        for title in self._titles:
            self._exact.setdefault(compact_title(title.title), title)
            self._same.setdefault(_stems_key(title.title), title)
        self._fields: dict[str, Field] = {}
        for field in occupations.fields():
            for word in field.words:
                self._fields.setdefault(compact_title(word), field)
                self._fields.setdefault(_stems_key(word), field)
        # Closest spellings among every title, or the ordinary ones only (position: title).
        self._spelled = {i: compact_title(t.title) for i, t in enumerate(self._titles)}
        self._spelled_ordinary = {
            i: spelled for i, spelled in self._spelled.items() if not self._titles[i].manager
        }

    def read(self, text: str) -> Reading | None:
        """The surest reading of a typed goal, or None for a text with no letters."""
        text = expand_abbreviations(text)
        compact = compact_title(text)
        if not compact:
            return None
        manager = is_manager_title(text)
        exact = self._exact.get(compact)
        if exact is not None:
            return Reading(exact.title, EXACT, exact.code, how="exact")
        field = self._fields.get(compact)
        same = self._same.get(_stems_key(text))
        if field is None and same is not None:
            return Reading(same.title, SAME_WORDS, same.code, how="same_words")
        field = field or self._fields.get(_stems_key(text, fillers=False))
        if field is not None:
            return Reading(field.name, FIELD, field=field, how="field")
        return (
            self._by_parts(text, manager)
            or self._by_catalogue(text)
            or self._closest(compact, manager)
        )

    def _by_parts(self, text: str, manager: bool) -> Reading | None:
        # Titles of two parts or more: a title of one word ("Medhjælper") would fit any text
        # that has the word, whatever else it says.
        have = _parts(text)
        fitting = [
            t
            for t in self._titles
            if len(t.parts) > 1 and t.parts <= have and (manager or not t.manager)
        ]
        if not fitting:
            return None
        best = max(fitting, key=lambda t: len(t.parts))
        return Reading(best.title, PARTS, best.code, how="parts")

    def _by_catalogue(self, text: str) -> Reading | None:
        for concept in self._catalogue.strongest(text):
            unit = next((u for u in concept.units if len(u) == 4), None)
            if unit is not None:
                return Reading(concept.label, CATALOGUE, unit, how="catalogue")
        return None

    def _closest(self, compact: str, manager: bool) -> Reading | None:
        choices = self._spelled if manager else self._spelled_ordinary
        best = process.extractOne(compact, choices, scorer=fuzz.ratio)
        if best is None:
            return None
        found = self._titles[best[2]]
        return Reading(found.title, round(best[1] / 100.0, 3), found.code)


def expand_abbreviations(text: str) -> str:
    """The text with the trade's abbreviations written out ("ppm" -> pædagogmedhjælper)."""
    words = re.split(r"(\W+)", text)
    return "".join(ABBREVIATIONS.get(w.lower(), w) for w in words)


def _stems_key(text: str, *, fillers: bool = True) -> str:
    """A text's words by their stems, in order, fillers dropped unless asked to keep them."""
    stems = [s for s in word_stems(text) if fillers or s not in FILLER_STEMS]
    return " ".join(stems) if stems else compact_title(text)


def _parts(text: str) -> frozenset[str]:
    """The stems of a text's words' parts (a compound's parts, or the word itself)."""
    found: set[str] = set()
    for word in content_words(text):
        parts = decompound(word) or (word,)
        found.update(stem(lemma(part)) for part in parts)
    return frozenset(found - FILLER_STEMS)


@cache
def default_reader() -> GoalReader:
    return reader_for(default_occupations())


@lru_cache(maxsize=4)
def reader_for(occupations: OccupationTable) -> GoalReader:
    """The reader of one occupation table (made once: it indexes every title)."""
    return GoalReader(occupations, default_catalogue())
