"""Danish text normalisation shared by every backend.

Skills, experience, tasks and titles are reduced to sets of stems here, in Python, so that the
embedded index and OpenSearch (which may lack a Danish analyzer) see exactly the same terms.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

# The Snowball project's Danish stop-word list.
SNOWBALL_DANISH_STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "af",
        "for",
        "ikke",
        "der",
        "var",
        "mig",
        "sig",
        "men",
        "et",
        "har",
        "om",
        "vi",
        "min",
        "havde",
        "ham",
        "hun",
        "nu",
        "over",
        "da",
        "fra",
        "du",
        "ud",
        "sin",
        "dem",
        "os",
        "op",
        "man",
        "hans",
        "hvor",
        "eller",
        "hvad",
        "skal",
        "selv",
        "her",
        "alle",
        "vil",
        "blev",
        "kunne",
        "ind",
        "når",
        "være",
        "dog",
        "noget",
        "ville",
        "jo",
        "deres",
        "efter",
        "ned",
        "skulle",
        "denne",
        "end",
        "dette",
        "mit",
        "også",
        "under",
        "have",
        "dig",
        "anden",
        "hende",
        "mine",
        "alt",
        "meget",
        "sit",
        "sine",
        "vor",
        "mod",
        "disse",
        "hvis",
        "din",
        "nogle",
        "hos",
        "blive",
        "mange",
        "ad",
        "bliver",
        "hendes",
        "været",
        "thi",
        "jer",
        "sådan",
    ]
)

# Words that occur in almost every job description and so say nothing about fit.
GENERIC_WORK_WORDS = frozenset(
    [
        "arbejde",
        "arbejder",
        "arbejdet",
        "opgave",
        "opgaver",
        "opgaverne",
        "fx",
        "f.eks",
        "mv",
        "osv",
        "evt",
        "samt",
        "bl.a",
        "diverse",
        "forskellige",
        "generelt",
        "andre",
        "almindelige",
        "løbende",
        "daglige",
        "dagligt",
        "erfaring",
        "erfaringer",
        "kendskab",
    ]
)

STOP_WORDS = SNOWBALL_DANISH_STOP_WORDS | GENERIC_WORK_WORDS

# Word parts common in Danish job language. A compound that starts or ends with one of them
# also yields the part's stem, so "rengøringsassistent" matches a citizen who lists "rengøring"
# and "affaldssortering" matches "sortering". A fixed list, not one learnt from the corpus, so
# that the terms of a text never depend on what else is indexed.
COMPOUND_PARTS: tuple[str, ...] = tuple(
    sorted(
        [
            "lager",
            "kasse",
            "kunde",
            "kunder",
            "køkken",
            "kantine",
            "rengøring",
            "butik",
            "kontor",
            "pleje",
            "omsorg",
            "post",
            "pakke",
            "pakning",
            "vare",
            "varer",
            "sortering",
            "genbrug",
            "affald",
            "have",
            "gartner",
            "park",
            "bager",
            "service",
            "reception",
            "regnskab",
            "bogholderi",
            "arkiv",
            "bibliotek",
            "kultur",
            "værksted",
            "montering",
            "maler",
            "tømrer",
            "pedel",
            "ejendom",
            "vask",
            "tøj",
            "syning",
            "produktion",
            "chauffør",
            "transport",
            "truck",
            "børn",
            "ældre",
            "sundhed",
            "klinik",
            "tandlæge",
            "frisør",
            "cykel",
            "bil",
            "café",
            "kaffe",
            "mad",
            "servering",
            "opvask",
            "frugt",
            "grønt",
            "salg",
            "telefon",
            "computer",
            "data",
            "lægemiddel",
            "medicin",
            "dyr",
            "hest",
            "skole",
            "undervisning",
            "tekstil",
            "sy",
            "opfyldning",
            "pasning",
            "plante",
            "blomster",
            "fisk",
            "kød",
            "slagter",
        ],
        key=len,
        reverse=True,
    )
)

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
