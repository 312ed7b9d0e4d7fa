"""Danish text normalisation shared by every backend.

Skills, experience, tasks and titles are reduced to sets of stems here, in Python, so that the
embedded index and OpenSearch (which may lack a Danish analyzer) see exactly the same terms.

A word stands for the Snowball stem of its lemma (simplemma's Danish lexicon: "køkkenet" and
"køkken" meet, "kartofler" is "kartoffel"), the stems of its compound parts split by the same
lexicon (longest head first, a linking s or e dropped: "sorteringsmedarbejder" also yields
"sortering"), and those of its domain synonyms (matcher.lexicon.SYNONYMS).
"""

import re
import threading
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import Stemmer
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

from matcher.lexicon import STOP_WORDS, SYNONYMS

# A compound's parts are at least this long (shorter ones are mostly prefixes: "med", "over").
_MIN_PART_LENGTH = 4
_LINKING = ("s", "e")  # fuge-s and fuge-e: "sortering-s-medarbejder", "børn-e-have"
_WORD = re.compile(r"[a-zæøåéüöä]+")
_STEMMER = Stemmer.Stemmer("danish")


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


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball Danish stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=200_000)
def _modern_spelling(word: str) -> str:
    """ "aa" as "å" where that makes a word the lexicon knows and the word as written is not
    one ("gaardmand" -> "gårdmand"; "dataanalyse" stays as it is)."""
    if "aa" not in word or known(word):
        return word
    modern = word.replace("aa", "å")
    return modern if known(modern) or decompound(modern) else word


def _modifier(part: str) -> tuple[str, ...] | None:
    """A compound's first part as the lexicon knows it (a linking s or e dropped), or split
    further; None when it is not made of known words."""
    for candidate in (part, part[:-1] if part.endswith(_LINKING) else ""):
        if len(candidate) >= _MIN_PART_LENGTH and known(candidate):
            return (candidate,)
    return decompound(part) or None


@lru_cache(maxsize=200_000)
def decompound(word: str) -> tuple[str, ...]:
    """The parts of a compound by the lexicon, the longest head first
    ("sorteringsmedarbejder" -> sortering, medarbejder); () for a word that is not one."""
    # A word the lexicon knows whole is split only at a longer head, so that "logistik" stays
    # one word while "dataanalyse" is still data + analyse.
    shortest_head = _MIN_PART_LENGTH + 1 if known(word) else _MIN_PART_LENGTH
    for cut in range(_MIN_PART_LENGTH, len(word) - shortest_head + 1):
        head = word[cut:]
        if not known(head):
            continue
        modifier = _modifier(word[:cut])
        if modifier is not None:
            return (*modifier, head)
    return ()


def _own_terms(word: str) -> list[str]:
    """Its lemma's stem and each compound part's (a compound inflects only its head)."""
    terms = [stem(lemma(word))]
    parts = decompound(word)
    for position, part in enumerate(parts):
        if part not in STOP_WORDS:
            terms.append(stem(lemma(part) if position == len(parts) - 1 else part))
    return terms


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """The stems a word stands for: its own, and the domain synonyms' of the word and of
    each of its parts ("lagermedarbejder" meets "logistik" as "lager" does)."""
    terms = _own_terms(word)
    for part in (word, *decompound(word)):
        for synonym in SYNONYMS.get(part, ()):
            terms.extend(_own_terms(synonym))
    return tuple(dict.fromkeys(terms))


def _words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each word of a text that says something (lower case, as written) with its terms."""
    folded = unicodedata.normalize("NFC", text).lower()
    return [
        (word, _word_terms(_modern_spelling(word)))
        for word in _WORD.findall(folded)
        if word not in STOP_WORDS and len(word) >= 2
    ]


@lru_cache(maxsize=200_000)
def normalise_terms(text: str) -> tuple[str, ...]:
    """Distinct stems of a Danish text, in order of first appearance, stop words removed."""
    seen: dict[str, None] = {}
    for _, terms in _words(text):
        for term in terms:
            seen.setdefault(term, None)
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
        for word, terms in _words(text):
            if any(term in stems for term in terms):
                found.setdefault(word, None)
    return list(found)


def compact_title(title: str) -> str:
    """A title lower-cased with everything but letters removed, so that spellings with and
    without spaces or hyphens ("sorterings-medarbejder", "sorteringsmedarbejder") compare equal."""
    folded = unicodedata.normalize("NFC", title).lower()
    return "".join(_modern_spelling(word) for word in _WORD.findall(folded))
