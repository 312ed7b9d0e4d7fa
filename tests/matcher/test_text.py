import pytest

from matcher.text import normalise_terms, surface_words


def test_inflections_share_a_stem() -> None:
    assert set(normalise_terms("kunde")) & set(normalise_terms("kunder"))


def test_stop_words_and_generic_work_words_are_dropped() -> None:
    assert normalise_terms("og i på arbejde med opgaver") == ()


def test_compounds_also_yield_their_known_parts() -> None:
    assert set(normalise_terms("rengøring")) <= set(normalise_terms("Rengøringsassistent"))
    assert set(normalise_terms("sortering")) <= set(normalise_terms("affaldssortering"))


def test_case_and_old_spelling_are_folded() -> None:
    assert normalise_terms("GAARDMAND") == normalise_terms("gårdmand")


def test_surface_words_show_the_words_as_written() -> None:
    stems = set(normalise_terms("kunder"))
    assert surface_words(["Kundebetjening og kasse"], stems) == ["kundebetjening"]


# Inflected forms and the form whose terms they must share (lemmas join word families).
INFLECTED = {
    "køkkenet": "køkken",
    "opvasken": "opvask",
    "kartofler": "kartoffel",
    "beboere": "beboer",
    "butikker": "butik",
    "varerne": "vare",
    "journaliseringen": "journalisering",
    "kunderne": "kunde",
    "børnene": "barn",
    "hjælperen": "hjælper",
    "lagrene": "lager",
    "pakkerne": "pakke",
    "rengøringen": "rengøring",
    "planterne": "plante",
}

# The domain's synonyms: the two texts must meet.
SYNONYM_PAIRS = [
    ("SOSU-hjælper", "Social- og sundhedshjælper"),
    ("logistik", "lager"),
    ("administration", "administrative opgaver"),
    ("administrativ", "administration"),
]


@pytest.mark.parametrize(("form", "base"), INFLECTED.items())
def test_inflected_forms_meet_their_base_form(form: str, base: str) -> None:
    assert set(normalise_terms(form)) & set(normalise_terms(base))


@pytest.mark.parametrize(("one", "other"), SYNONYM_PAIRS)
def test_the_domains_synonyms_meet(one: str, other: str) -> None:
    assert set(normalise_terms(one)) & set(normalise_terms(other))


def test_unrelated_words_do_not_meet() -> None:
    for one, other in [("lager", "slagter"), ("køkken", "kontor"), ("logistik", "logi")]:
        assert not set(normalise_terms(one)) & set(normalise_terms(other)), (one, other)


def test_aa_is_a_only_where_the_lexicon_says_so() -> None:
    assert normalise_terms("GAARDMAND") == normalise_terms("gårdmand")
    assert "å" not in "".join(normalise_terms("dataanalyse"))  # data + analyse, not "datå"


def test_a_matched_word_in_old_spelling_is_shown_as_written() -> None:
    stems = set(normalise_terms("gårdmand"))
    assert surface_words(["Gaardmand på skolen"], stems) == ["gaardmand"]
