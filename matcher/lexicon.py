"""The Danish word lists text normalisation uses: stop words and the domain's synonyms
(compounds are split by the lexicon, see matcher.text)."""

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

# Stop words a phrase of the competence catalogue keeps: the particles of Danish phrasal verbs
# ("vaske op", "køre ud", "rive ned") and a few words that make a phrase what it is ("mad til
# mange", "tale med alle").
PARTICLES = frozenset(["op", "ud", "ind", "ned", "af", "over", "mange", "alle"])

# The domain's synonyms, compiled by hand: a word also stands for these (each normalised as any
# word is, so "sosu" meets "social- og sundhedshjælper"). Word families the lemmas do not join
# ("administration", "administrativ") are listed both ways.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sosu": ("social", "sundhed"),
    "logistik": ("lager",),
    "lager": ("logistik",),
    "administration": ("administrativ",),
    "administrativ": ("administration",),
    "administrative": ("administration",),
}

# Abbreviations consultants and citizens write for occupations, written out before a typed goal
# is read (compiled by hand; "sosu" is also a synonym above).
ABBREVIATIONS: dict[str, str] = {
    "ppm": "pædagogmedhjælper",
    "pmh": "pædagogmedhjælper",
    "pæd": "pædagog",
    "pæda": "pædagog",
    "hk": "kontorassistent",
    "hk'er": "kontorassistent",
    "hker": "kontorassistent",
    "sosu": "social- og sundhedshjælper",
    "ssh": "social- og sundhedshjælper",
    "ssa": "social- og sundhedsassistent",
    "kok-elev": "kokkeelev",
}

NOUNS_AMONG_STOP_WORDS = frozenset({"have"})
"""Stop words that are also nouns of the domain: words of their own ("have": a garden, in job
texts) and parts of compounds ("havearbejde")."""
