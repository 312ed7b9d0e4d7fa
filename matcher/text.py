"""Danish text normalisation shared by every backend.

Skills, experience, tasks and titles are reduced to sets of stems here, in Python, so that the
embedded index and OpenSearch (which may lack a Danish analyzer) see exactly the same terms.

A word stands for the Snowball stem of its lemma (simplemma's Danish lexicon: "køkkenet" and
"køkken" meet, "kartofler" is "kartoffel"), the stems of its compound parts, each a word in its
own right (matcher.compounds: "sorteringsmedarbejder" also yields "sortering"), and those of its
domain synonyms (matcher.lexicon.SYNONYMS).
"""

import unicodedata
from functools import lru_cache

import Stemmer

from matcher.compounds import WORD, decompound, domain_parts, known, lemma
from matcher.lexicon import GENERIC_WORK_WORDS, NOUNS_AMONG_STOP_WORDS, STOP_WORDS, SYNONYMS

_STEMMER = Stemmer.Stemmer("danish")


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


def _own_terms(word: str) -> list[str]:
    """Its lemma's stem and each compound part's, as the part would be on its own ("børne-"
    is barn, as "børn" is)."""
    terms = [stem(lemma(word))]
    for part in decompound(word):
        if (part in domain_parts() and part not in GENERIC_WORK_WORDS) or part not in STOP_WORDS:
            terms.append(stem(lemma(part)))
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
        for word in WORD.findall(folded)
        if (word not in STOP_WORDS or word in NOUNS_AMONG_STOP_WORDS) and len(word) >= 2
    ]


def words_of(text: str) -> list[str]:
    """Every word of a text, lower case, as written (stop words too)."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def content_words(text: str) -> list[str]:
    """The words of a text that say something, lower case, in today's spelling."""
    return [_modern_spelling(word) for word, _ in _words(text)]


@lru_cache(maxsize=100_000)
def word_stems(text: str) -> tuple[str, ...]:
    """The stem of each word of a text that says something, in order: its lemma's, with no
    compound parts or synonyms ("kørt varer ud" -> kør, var)."""
    return tuple(terms[0] for _, terms in _words(text))


@lru_cache(maxsize=100_000)
def anchor_terms(text: str) -> frozenset[str]:
    """The stems a word of a text stands for on its own: its lemma's and those of its
    compound's first parts, which say what the compound is about ("hækkeklipper" is about
    hedges: hæk; its head "klipper" alone would make it about hair)."""
    found: set[str] = set()
    for word, terms in _words(text):
        found.add(terms[0])
        found.update(stem(lemma(part)) for part in decompound(_modern_spelling(word))[:-1])
    return frozenset(found)


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
    """An occupation title as the stems of its parts, joined by spaces, the head last
    ("Sorteringsmedarbejder" and "sorterings medarbejder": "sortering medarbejd"), for
    comparing titles by head and modifier (matcher.scoring.goals)."""
    return " ".join(
        stem(lemma(part)) for word in content_words(title) for part in decompound(word) or (word,)
    )


@lru_cache(maxsize=20_000)
def _surface(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Kept per text (not while an index is built): a suggestion's reasons read its
    # function's texts again for every citizen it is shown to.
    return tuple(_words(text))


def surface_words(texts: tuple[str, ...] | list[str], stems: set[str]) -> list[str]:
    """Words of the texts, as written, whose stem (or a compound part's stem) is in `stems`."""
    found: dict[str, None] = {}
    for text in texts:
        for word, terms in _surface(text):
            if any(term in stems for term in terms):
                found.setdefault(word, None)
    return list(found)


def compact_title(title: str) -> str:
    """A title lower-cased with everything but letters removed, so that spellings with and
    without spaces or hyphens ("sorterings-medarbejder", "sorteringsmedarbejder") compare equal."""
    folded = unicodedata.normalize("NFC", title).lower()
    return "".join(_modern_spelling(word) for word in WORD.findall(folded))
