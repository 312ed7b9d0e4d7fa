"""Danish compounds split into words, and the lexicon that knows the words.

A compound is split into words of the domain where it can be (the hand-compiled ones of
matcher/data/ordled.txt and the words of the occupation titles: "sorteringsmedarbejder" is
sortering + medarbejder, "parkeringsvagt" is parkering + vagt, never parkering + svag); a word
the lexicon does not know at all, into two words it knows. Every part is a word in its own
right: no "ing", "tel" or "skaffe" where "kaffe" was meant.
"""

import re
import threading
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources

from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

from matcher.lexicon import NOUNS_AMONG_STOP_WORDS, SNOWBALL_DANISH_STOP_WORDS

# A compound's parts are at least this long (shorter ones are mostly prefixes: "med", "over"),
# or, when they are words of the domain, at least _MIN_DOMAIN_PART ("mad", "bil", "kok").
_MIN_PART_LENGTH = 4
_MIN_DOMAIN_PART = 3
LINKING = ("s", "e")  # fuge-s and fuge-e: "sortering-s-medarbejder", "børn-e-have"
WORD = re.compile(r"[a-zæøåéüöä]+")


_forms_loaded: Mapping[str, str] | None = None
_forms_loading = threading.Lock()


def _forms() -> Mapping[str, str]:
    """Danish word forms and their lemmas (simplemma's dictionary, about 790,000 forms, some
    90 MB), loaded once, when a text is first normalised. The first requests of a serving
    process arrive together: one thread loads while the others wait for it (each loading its
    own copy made a worker's memory grow by hundreds of MB and its first answers late)."""
    global _forms_loaded
    forms = _forms_loaded
    if forms is None:
        with _forms_loading:
            if _forms_loaded is None:
                _forms_loaded = DefaultDictionaryFactory().get_dictionary("da")
            forms = _forms_loaded
    return forms


def known(word: str) -> bool:
    """Whether the lexicon knows the word form."""
    return word in _forms()


def lemma(word: str) -> str:
    """The word's lemma ("køkkenet" -> "køkken", "kartofler" -> "kartoffel"), or the word."""
    value = _forms().get(word)
    return value.lower() if isinstance(value, str) else word


def _data_words(name: str) -> set[str]:
    text = resources.files("matcher").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return set(WORD.findall(unicodedata.normalize("NFC", "\n".join(lines)).lower()))


@cache
def whole_words() -> frozenset[str]:
    """The hand-compiled words of the domain (matcher/data/ordled.txt): never split
    ("kundeservice" is one thing, and shares no "service" with a caretaker)."""
    return frozenset(_data_words("ordled.txt"))


@cache
def domain_parts() -> frozenset[str]:
    """The words of the domain a compound may be split into: the hand-compiled ones and the
    words of the occupation titles (of 4 letters or more), with their base forms, stop words
    aside ("have", the garden, is a part although "have" is a stop word)."""
    words = set(whole_words()) | {
        w for w in _data_words("disco08.txt") if len(w) >= _MIN_PART_LENGTH
    }
    words |= {lemma(w) for w in words if len(lemma(w)) >= _MIN_PART_LENGTH}
    return frozenset(
        w
        for w in words
        if len(w) >= _MIN_DOMAIN_PART
        and (w not in SNOWBALL_DANISH_STOP_WORDS or w in NOUNS_AMONG_STOP_WORDS)
    )


def _as_part(segment: str, *, last: bool) -> tuple[str, bool] | None:
    """The domain word a segment of a compound is, and whether it is that word as written:
    itself, or (a head, which carries the compound's inflection, or a modifier's bound form:
    "kokke-") its lemma."""
    parts = domain_parts()
    if segment in parts:
        return segment, True
    if len(segment) >= _MIN_DOMAIN_PART and lemma(segment) in parts:
        return (segment if last else lemma(segment)), False
    return None


@lru_cache(maxsize=200_000)
def _modifiers(text: str) -> tuple[str, ...] | None:
    """A compound's first part(s) as domain words, each perhaps followed by a linking s or e
    ("sorterings-", "børne-"); the fewest parts; None when it is not made of them."""
    # Without a linking letter first: "produktions-" is produktion, "børne-" is børn.
    for candidate in (text[:-1] if text.endswith(LINKING) else "", text):
        found = _as_part(candidate, last=False) if candidate else None
        if found is not None:
            return (found[0],)
    best: tuple[str, ...] | None = None
    for cut in range(_MIN_DOMAIN_PART, len(text) - _MIN_DOMAIN_PART + 1):
        left = _modifiers(text[:cut])
        right = _modifiers(text[cut:]) if left is not None else None
        if left is None or right is None or len(right) != 1:
            continue
        if best is None or len(left) + 1 < len(best):
            best = (*left, *right)
    return best


def _linked(modifier: str) -> bool:
    """Whether a first part ends in a linking s or e that a suffix asks for ("sorterings-",
    "genbrugs-"): such a split is the likelier of two ("genbrugs|ting", not "genbrug|sting")."""
    return modifier.endswith(LINKING) and len(modifier) > _MIN_PART_LENGTH


def _domain_split(word: str) -> tuple[str, ...]:
    """The word as domain words: the fewest parts; among those a head as written before an
    inflected one, a linked first part before a bare one, then the longest head."""
    best: tuple[str, ...] = ()
    best_rank: tuple[int, int, int, int] | None = None
    for cut in range(_MIN_DOMAIN_PART, len(word) - _MIN_DOMAIN_PART + 1):
        head = _as_part(word[cut:], last=True)
        modifiers = _modifiers(word[:cut]) if head is not None else None
        if head is None or modifiers is None:
            continue
        rank = (len(modifiers), 0 if head[1] else 1, 0 if _linked(word[:cut]) else 1, cut)
        if best_rank is None or rank < best_rank:
            best, best_rank = (*modifiers, head[0]), rank
    return best


def _lexicon_split(word: str) -> tuple[str, ...]:
    """A word the lexicon does not know, split into two words it knows (of 4 letters or
    more; the first with its linking s or e dropped): a head of the domain before any other
    ("receptions|vagt", not "reception|svagt"), a linked first part, then the longest head."""
    best: tuple[str, ...] = ()
    best_rank: tuple[int, int, int] | None = None
    for cut in range(_MIN_PART_LENGTH, len(word) - _MIN_PART_LENGTH + 1):
        head, first = word[cut:], word[:cut]
        if not known(head):
            continue
        bare = first[:-1] if first.endswith(LINKING) else ""
        modifier = next((m for m in (bare, first) if len(m) >= _MIN_PART_LENGTH and known(m)), None)
        if modifier is None:
            continue
        rank = (0 if head in domain_parts() else 1, 0 if modifier == bare else 1, cut)
        if best_rank is None or rank < best_rank:
            best, best_rank = (modifier, head), rank
    return best


@lru_cache(maxsize=200_000)
def decompound(word: str) -> tuple[str, ...]:
    """The parts of a compound ("sorteringsmedarbejder" -> sortering, medarbejder); () for a
    word that is not one. A compound is split into words of the domain (domain_parts) where it
    can be; a word the lexicon does not know at all, into two words it knows. A word the
    lexicon knows is otherwise whole ("fortrolig" is not fort + rolig), as is every word of the
    hand-compiled list."""
    if word in whole_words():
        return ()
    return _domain_split(word) or (() if known(word) else _lexicon_split(word))
