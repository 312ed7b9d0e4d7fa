"""What people can do, read from what they and the workplaces write: the competence catalogue
(matcher/data/kompetencer.txt) and the concepts a text names.

A concept is named by a text when every content word of one of its phrases is among the text's
terms (matcher.text: lemmas, compound parts, synonyms), so "kørt varer ud for min fars firma"
names distribution ("køre varer ud") and "Hækkeklipper" names pruning ("hæk"). Both sides are
read the same way; in the index a function's concepts are terms of its own, `@<key>`, beside
its word stems, so both backends find and count them as they do words.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from matcher.lexicon import PARTICLES
from matcher.text import anchor_terms, word_stems, words_of

TOKEN = "@"
"""A concept's term in the index and in a query: `@` and its key (no word stem has an @)."""
NEAR = "~"
"""Before a concept's term in a query: a concept near one the citizen has (partly credited)."""


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    label: str
    broader: str | None
    units: tuple[str, ...]
    """DISCO-08 codes of the occupations the concept is used in (unit groups or shorter)."""
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompetenceMatch:
    """What met what: a competence of the function's, the workplace's words for it and the
    citizen's (for a near one, the citizen's competence it is near to)."""

    label: str
    workplace_words: str
    citizen_words: str
    source: str
    """Where the citizen's words come from: skill, education, or an experience's kind."""
    near: bool = False
    """The citizen has a competence near this one, not this one (partly credited)."""
    citizen_label: str | None = None
    """For a near one: the citizen's competence it is near to."""

    def document(self) -> dict[str, object]:
        """As plain JSON data (dataclasses.asdict was a tenth of a request)."""
        return {
            "label": self.label,
            "workplace_words": self.workplace_words,
            "citizen_words": self.citizen_words,
            "source": self.source,
            "near": self.near,
            "citizen_label": self.citizen_label,
        }


class CatalogueError(ValueError):
    """A catalogue line that cannot be read; the message names the line and the field."""


class Catalogue:
    """The concepts, their relations, and the phrases that name them."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts = {c.key: c for c in concepts}
        self._positions = {key: n for n, key in enumerate(self._concepts)}
        self._narrower: dict[str, list[str]] = defaultdict(list)
        self._by_term: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        for concept in self._concepts.values():
            if concept.broader is not None:
                self._narrower[concept.broader].append(concept.key)
            for phrase in concept.phrases:
                stems = frozenset(word_stems(phrase)) | particles(phrase)
                if stems:
                    # Indexed under one of its terms: a text is looked up term by term.
                    self._by_term[min(stems)].append((concept.key, stems))

    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> "Iterable[Concept]":
        return iter(self._concepts.values())

    def concept(self, key: str) -> Concept:
        return self._concepts[key]

    def position(self, key: str) -> int:
        """A concept's place in the catalogue."""
        return self._positions[key]

    def read(self, text: str) -> tuple[str, ...]:
        """The keys of the concepts one text names, in catalogue order."""
        return _read(self, text)

    def read_many(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The concepts any of the texts names, each once, in order of first naming."""
        found: dict[str, None] = {}
        for text in texts:
            found.update(dict.fromkeys(self.read(text)))
        return tuple(found)

    def related(self, keys: Iterable[str]) -> tuple[str, ...]:
        """Concepts near the given ones but not among them: each one's broader concept, its
        narrower ones and those beside it (the same broader concept)."""
        given = dict.fromkeys(keys)
        near: dict[str, None] = {}
        for key in given:
            concept = self._concepts.get(key)
            if concept is None:
                continue
            near.update(dict.fromkeys(self._narrower.get(key, ())))
            if concept.broader is not None:
                near[concept.broader] = None
                near.update(dict.fromkeys(self._narrower[concept.broader]))
        return tuple(k for k in near if k not in given)

    def strongest(self, text: str) -> list[Concept]:
        """The concepts a text names, the one named by the most words first, then a narrower
        one before a broader one, then in catalogue order."""
        sizes = _sizes(self, text)
        order = {key: n for n, key in enumerate(self._concepts)}
        return [
            self._concepts[key]
            for key in sorted(
                sizes,
                key=lambda k: (-sizes[k], self._concepts[k].broader is None, order[k]),
            )
        ]

    def _sizes(self, text: str) -> dict[str, int]:
        """Each concept the text names, with the size of the longest phrase that names it."""
        # A phrase names the concept from the words' own stems and compounds' first parts
        # (matcher.text.anchor_terms): a compound's head alone does not say what it is about
        # ("hækkeklipper" is about hedges, "børnehave" about children, not gardens).
        terms = set(anchor_terms(text)) | particles(text)
        found: dict[str, int] = {}
        for term in terms:
            for key, stems in self._by_term.get(term, ()):
                if stems <= terms:
                    found[key] = max(found.get(key, 0), len(stems))
        return found


@lru_cache(maxsize=1_000)
def _citizen_side(
    catalogue: Catalogue, sources: tuple[tuple[str, str, str], ...]
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The citizen's competences with their words and source, and for each concept near one
    of them, the first it is near to (kept: a request explains many functions to one
    citizen)."""
    had = {key: (words, source) for key, words, source in sources}
    near_to: dict[str, str] = {}
    for mine in had:
        for key in catalogue.related([mine]):
            near_to.setdefault(key, mine)
    return had, near_to


@lru_cache(maxsize=100_000)
def _sizes(catalogue: Catalogue, text: str) -> dict[str, int]:
    return catalogue._sizes(text)


@lru_cache(maxsize=20_000)
def _namers(catalogue: Catalogue, texts: tuple[str, ...]) -> dict[str, str]:
    # Kept per function's texts: a function shown to many citizens names the same concepts.
    found: dict[str, str] = {}
    for text in texts:
        for key in catalogue.read(text):
            found.setdefault(key, text)
    return found


@lru_cache(maxsize=100_000)
def _read(catalogue: Catalogue, text: str) -> tuple[str, ...]:
    found = _sizes(catalogue, text)
    return tuple(key for key in catalogue._concepts if key in found)


def matches(
    catalogue: Catalogue,
    sources: tuple[tuple[str, str, str], ...],
    function_texts: tuple[str, ...],
    function_concepts: Iterable[str],
) -> tuple[CompetenceMatch, ...]:
    """The competences a function shares with a citizen (the citizen's (key, words, source)
    for each competence, first naming), then those near one of the citizen's."""
    had, near_to = _citizen_side(catalogue, sources)
    # In catalogue order: the same for a function however its table numbers its terms.
    wanted = sorted(
        {key for key in function_concepts if key in had or key in near_to},
        key=catalogue.position,
    )
    shared = [key for key in wanted if key in had]
    namers = _namers(catalogue, function_texts)
    found = [
        CompetenceMatch(catalogue.concept(key).label, namers.get(key, ""), *had[key])
        for key in shared
    ]
    found.extend(
        CompetenceMatch(
            catalogue.concept(key).label,
            namers.get(key, ""),
            *had[near_to[key]],
            near=True,
            citizen_label=catalogue.concept(near_to[key]).label,
        )
        for key in wanted
        if key not in had
    )
    return tuple(found)


def particles(text: str) -> frozenset[str]:
    """The adverbial particles of a text ("vaske op", "køre ud"), which stop words drop but a
    phrase needs: "fylde op" is not "fylde"."""
    return frozenset(w for w in words_of(text) if w in PARTICLES)


def tokens(keys: Iterable[str], *, near: bool = False) -> tuple[str, ...]:
    """The index terms of concepts (as a query asks for concepts near the citizen's: `~@`)."""
    prefix = NEAR + TOKEN if near else TOKEN
    return tuple(prefix + key for key in keys)


def parse(text: str, *, source: str = "kompetencer.txt") -> Catalogue:
    """A catalogue from its text (see the file's header for the format)."""
    concepts = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 5:
            raise CatalogueError(f"{source}:{number}: give key|label|broader|units|phrases")
        key, label, broader, units, phrases = fields
        if not key or not label:
            raise CatalogueError(f"{source}:{number}: a concept needs a key and a label")
        concepts.append(
            Concept(
                key,
                label,
                broader or None,
                tuple(u.strip() for u in units.split(",") if u.strip()),
                tuple(p.strip() for p in phrases.split(";") if p.strip()),
            )
        )
    keys = {c.key for c in concepts}
    for concept in concepts:
        if concept.broader is not None and concept.broader not in keys:
            raise CatalogueError(f"{source}: {concept.key}: no concept {concept.broader!r}")
    if len(keys) != len(concepts):
        raise CatalogueError(f"{source}: a key is used twice")
    return Catalogue(concepts)


@cache
def default_catalogue() -> Catalogue:
    """The shipped catalogue (read once)."""
    text = resources.files("matcher").joinpath("data", "kompetencer.txt").read_text("utf-8")
    return parse(text)
