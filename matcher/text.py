"""Danish text normalisation shared by every backend.

Skills, experience, tasks and titles are reduced to sets of stems here, in Python, so that the
embedded index and OpenSearch (which may lack a Danish analyzer) see exactly the same terms.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

from matcher.lexicon import COMPOUND_PARTS, STOP_WORDS

_MIN_PART_LENGTH = 4
_MIN_REST_LENGTH = 3
_WORD = re.compile(r"[a-zæøåéüöä]+")
_STEMMER = Stemmer.Stemmer("danish")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball Danish stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=100_000)
def _compound_parts(word: str) -> tuple[str, ...]:
    parts: list[str] = []
    for part in COMPOUND_PARTS:
        if len(part) < _MIN_PART_LENGTH or len(word) - len(part) < _MIN_REST_LENGTH:
            continue
        if word.startswith(part) or word.endswith(part):
            parts.append(part)
    return tuple(parts)


@lru_cache(maxsize=200_000)
def normalise_terms(text: str) -> tuple[str, ...]:
    """Distinct stems of a Danish text, in order of first appearance, stop words removed."""
    folded = unicodedata.normalize("NFC", text).lower().replace("aa", "å")
    seen: dict[str, None] = {}
    for word in _WORD.findall(folded):
        if word in STOP_WORDS or len(word) < 2:
            continue
        seen.setdefault(stem(word), None)
        for part in _compound_parts(word):
            seen.setdefault(stem(part), None)
    return tuple(seen)


def normalise_many(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Distinct stems of several texts together."""
    seen: dict[str, None] = {}
    for text in texts:
        for term in normalise_terms(text):
            seen.setdefault(term, None)
    return tuple(seen)


def normalise_title(title: str) -> str:
    """An occupation title reduced to its stems joined by spaces, for fuzzy comparison."""
    return " ".join(normalise_terms(title))


def surface_words(texts: tuple[str, ...] | list[str], stems: set[str]) -> list[str]:
    """Words of the texts, as written, whose stem (or a compound part's stem) is in `stems`."""
    found: dict[str, None] = {}
    for text in texts:
        folded = unicodedata.normalize("NFC", text).lower()
        for word in _WORD.findall(folded):
            if word in STOP_WORDS or len(word) < 2:
                continue
            if stem(word) in stems or any(stem(p) in stems for p in _compound_parts(word)):
                found.setdefault(word, None)
    return list(found)


def compact_title(title: str) -> str:
    """A title lower-cased with everything but letters removed, so that spellings with and
    without spaces or hyphens ("sorterings-medarbejder", "sorteringsmedarbejder") compare equal."""
    folded = unicodedata.normalize("NFC", title).lower().replace("aa", "å")
    return "".join(_WORD.findall(folded))
