import threading
import time

import pytest

import matcher.text as text_module
from matcher.text import decompound, normalise_terms, surface_words


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
    assert surface_words(["Kundeservice og kasse"], stems) == ["kundeservice"]


# Compounds of job language and the parts the lexicon splits them into (longest head first, a
# linking s or e dropped from the first part).
COMPOUNDS = {
    "sorteringsmedarbejder": ("sortering", "medarbejder"),
    "rengøringsassistent": ("rengøring", "assistent"),
    "affaldssortering": ("affald", "sortering"),
    "lagermedarbejder": ("lager", "medarbejder"),
    "logistikmedarbejder": ("logistik", "medarbejder"),
    "køkkenmedhjælper": ("køkken", "medhjælper"),
    "butiksmedhjælper": ("butik", "medhjælper"),
    "pædagogmedhjælper": ("pædagog", "medhjælper"),
    "kontorassistent": ("kontor", "assistent"),
    "bogholderiassistent": ("bogholderi", "assistent"),
    "idrætsassistent": ("idræt", "assistent"),
    "sundhedsassistent": ("sundhed", "assistent"),
    "hotelreceptionist": ("hotel", "receptionist"),
    "cykelmekaniker": ("cykel", "mekaniker"),
    "genbrugsstation": ("genbrug", "station"),
    "dataanalyse": ("data", "analyse"),
    "projektkoordinering": ("projekt", "koordinering"),
    "truckfører": ("truck", "fører"),
    "skolepædagog": ("skole", "pædagog"),
    "hjemmerengøring": ("hjemme", "rengøring"),
    "lektiehjælp": ("lektie", "hjælp"),
    "kassemedarbejder": ("kasse", "medarbejder"),
}

# Words that must stay whole: a split would be a false one ("logi" + "stik").
WHOLE = ["logistik", "administration", "omsorg", "medarbejder", "opvask", "dokumentation"]

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


@pytest.mark.parametrize(("word", "parts"), COMPOUNDS.items())
def test_compounds_split_into_the_lexicons_words(word: str, parts: tuple[str, ...]) -> None:
    found = decompound(word)
    assert len(found) == len(parts) and found[-1] == parts[-1]
    # Each part's terms are the compound's too: "rengøring" finds "rengøringsassistent".
    for part in parts:
        assert set(normalise_terms(part)) <= set(normalise_terms(word)), part


@pytest.mark.parametrize("word", WHOLE)
def test_words_that_are_no_compounds_stay_whole(word: str) -> None:
    assert decompound(word) == ()


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


def test_requests_arriving_together_load_the_lexicon_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A serving process' first requests come at once: one thread loads the lexicon (about
    90 MB), the others wait for it instead of loading copies of their own."""
    loads = []
    lexicon = text_module._forms()  # the real one, loaded (again handed out below)

    class SlowFactory:
        def get_dictionary(self, language: str) -> object:
            loads.append(language)
            time.sleep(0.2)  # long enough for every thread to arrive meanwhile
            return lexicon

    monkeypatch.setattr(text_module, "DefaultDictionaryFactory", SlowFactory)
    monkeypatch.setattr(text_module, "_forms_loaded", None)
    start = threading.Barrier(8)
    lemmas = []

    def first_text() -> None:
        start.wait()
        lemmas.append(text_module.lemma("kartofler"))

    threads = [threading.Thread(target=first_text) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert loads == ["da"]
    assert lemmas == ["kartoffel"] * 8
