"""Compounds split into words of the domain, and the lexicon loaded once."""

import threading
import time

import pytest

import matcher.compounds as compounds_module
from matcher.compounds import decompound
from matcher.text import normalise_terms

# Compounds of job language and their parts, each a word of the domain in its own right (a
# linking s or e dropped from a first part; the head as written).
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
    "parkeringsvagt": ("parkering", "vagt"),
    "havearbejde": ("have", "arbejde"),
    "kontorstol": ("kontor", "stol"),
    "madpakker": ("mad", "pakker"),
    "formiddagsmad": ("formiddag", "mad"),
    "kassebeholdning": ("kasse", "beholdning"),
    "pladsmangel": ("plads", "mangel"),
    "kaffebrygning": ("kaffe", "brygning"),
    "varepåfyldning": ("vare", "påfyldning"),
    "gartnermedhjælper": ("gartner", "medhjælper"),
    "kantinemedhjælper": ("kantine", "medhjælper"),
    "børnehave": ("børn", "have"),
    "hækkeklipper": ("hæk", "klipper"),
    "grønthandel": ("grønt", "handel"),
    "undervisningsassistent": ("undervisning", "assistent"),
    "flyttekasser": ("flytte", "kasser"),
    "servicemedarbejder": ("service", "medarbejder"),
    "lagerstyring": ("lager", "styring"),
    "varemodtagelse": ("vare", "modtagelse"),
    "ordreplukning": ("ordre", "plukning"),
    "trappevask": ("trappe", "vask"),
    "gulvvask": ("gulv", "vask"),
    "vinduespudsning": ("vindue", "pudsning"),
    "græsslåning": ("græs", "slåning"),
    "snerydning": ("sne", "rydning"),
    "opvaskemaskine": ("opvask", "maskine"),
    "vaskemaskine": ("vask", "maskine"),
    "tøjvask": ("tøj", "vask"),
    "kassebetjening": ("kasse", "betjening"),
    "kundebetjening": ("kunde", "betjening"),
    "telefonbetjening": ("telefon", "betjening"),
    "bilvask": ("bil", "vask"),
    "cykelreparation": ("cykel", "reparation"),
    "dækskift": ("dæk", "skift"),
    "olieskift": ("olie", "skift"),
    "brødbagning": ("brød", "bagning"),
    "kagebagning": ("kage", "bagning"),
    "madpakke": ("mad", "pakke"),
    "sengetøj": ("seng", "tøj"),
    "arbejdstøj": ("arbejde", "tøj"),
    "lastbilchauffør": ("lastbil", "chauffør"),
    "varebilschauffør": ("varebil", "chauffør"),
    "buschauffør": ("bus", "chauffør"),
    "budchauffør": ("bud", "chauffør"),
    "cykelhjelm": ("cykel", "hjelm"),
    "plejehjem": ("pleje", "hjem"),
    "plejecenter": ("pleje", "center"),
    "hjemmepleje": ("hjemme", "pleje"),
    "hjemmehjælper": ("hjemme", "hjælper"),
    "dyrepasser": ("dyr", "passer"),
    "hundepension": ("hund", "pension"),
    "frisørsalon": ("frisør", "salon"),
    "tøjbutik": ("tøj", "butik"),
    "genbrugsbutik": ("genbrug", "butik"),
    "supermarkedsmedarbejder": ("supermarked", "medarbejder"),
    "vaskerimedarbejder": ("vaskeri", "medarbejder"),
    "produktionsmedarbejder": ("produktion", "medarbejder"),
    "pakkerimedarbejder": ("pakkeri", "medarbejder"),
    "kantinemedarbejder": ("kantine", "medarbejder"),
    "cafémedarbejder": ("café", "medarbejder"),
    "bagerimedarbejder": ("bageri", "medarbejder"),
    "biblioteksassistent": ("bibliotek", "assistent"),
    "skolekantine": ("skole", "kantine"),
    "idrætshal": ("idræt", "hal"),
    "fodboldklub": ("fodbold", "klub"),
    "fodboldtræner": ("fodbold", "træner"),
    "svømmehal": ("svømme", "hal"),
    "supportmedarbejder": ("support", "medarbejder"),
    "computerspil": ("computer", "spil"),
    "netværkskabel": ("netværk", "kabel"),
    "regnskabsassistent": ("regnskab", "assistent"),
    "lønbogholder": ("løn", "bogholder"),
    "journalføring": ("journal", "føring"),
    "tidsbestilling": ("tid", "bestilling"),
    "patienttransport": ("patient", "transport"),
    "ejendomsservice": ("ejendom", "service"),
    "gårdmand": ("gård", "mand"),
    "viceværtmedhjælper": ("vicevært", "medhjælper"),
    "køkkenchef": ("køkken", "chef"),
    "lagerchef": ("lager", "chef"),
    "butikschef": ("butik", "chef"),
    "madservice": ("mad", "service"),
    "stuepige": ("stue", "pige"),
    "rengøringsvogn": ("rengøring", "vogn"),
    "rullebord": ("rulle", "bord"),
    "gaffeltruck": ("gaffel", "truck"),
    "ekspeditionsdisk": ("ekspedition", "disk"),
    "grøntsagsafdeling": ("grøntsag", "afdeling"),
    "frugtplukning": ("frugt", "plukning"),
}


# Words that must stay whole: a split would be a false one ("logi" + "stik").
# A word of the hand-compiled list is whole ("kundeservice" shares no "service" with a
# caretaker), and a word the lexicon knows is not cut into look-alikes ("fort" + "rolig").
WHOLE = [
    "logistik",
    "administration",
    "omsorg",
    "medarbejder",
    "opvask",
    "dokumentation",
    "kundeservice",
    "fortælling",
    "fortrolig",
    "telefoner",
    "vejleder",
    "sommerferie",
]


@pytest.mark.parametrize(("word", "parts"), COMPOUNDS.items())
def test_compounds_split_into_words_of_the_domain(word: str, parts: tuple[str, ...]) -> None:
    assert decompound(word) == parts
    # Each part's terms are the compound's too: "rengøring" finds "rengøringsassistent".
    for part in parts:
        assert set(normalise_terms(part)) <= set(normalise_terms(word)), part


@pytest.mark.parametrize("word", WHOLE)
def test_words_that_are_no_compounds_stay_whole(word: str) -> None:
    assert decompound(word) == ()


def test_a_split_never_makes_a_look_alike_of_a_part() -> None:
    """A domain word as head before a longer word that is none ("svagt", "slager")."""
    assert decompound("receptionsvagt") == ("reception", "vagt")
    assert decompound("fuldtidslager") == ("fuldtid", "lager")
    assert decompound("publikumsvært") == ("publikum", "vært")
    assert decompound("genbrugsting") == ("genbrug", "ting")
    assert not set(normalise_terms("svagt syn")) & set(normalise_terms("parkeringsvagt"))


def test_requests_arriving_together_load_the_lexicon_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A serving process' first requests come at once: one thread loads the lexicon (about
    90 MB), the others wait for it instead of loading copies of their own."""
    loads = []
    lexicon = compounds_module._forms()  # the real one, loaded (again handed out below)

    class SlowFactory:
        def get_dictionary(self, language: str) -> object:
            loads.append(language)
            time.sleep(0.2)  # long enough for every thread to arrive meanwhile
            return lexicon

    monkeypatch.setattr(compounds_module, "DefaultDictionaryFactory", SlowFactory)
    monkeypatch.setattr(compounds_module, "_forms_loaded", None)
    start = threading.Barrier(8)
    lemmas = []

    def first_text() -> None:
        start.wait()
        lemmas.append(compounds_module.lemma("kartofler"))

    threads = [threading.Thread(target=first_text) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert loads == ["da"]
    assert lemmas == ["kartoffel"] * 8
