"""The competence catalogue: what texts name, formal and informal alike; the catalogue's own
shape; and concepts near each other."""

import pytest

from matcher.competences import (
    CatalogueError,
    default_catalogue,
    parse,
    tokens,
)
from matcher.occupations import default_occupations

CATALOGUE = default_catalogue()

# Texts as citizens, consultants and coordinators write them, and a concept each must name.
PHRASES = {
    # warehouse and logistics
    "Pluk og pakning af ordrer": "lager_pluk",
    "har plukket varer på et lager": "lager_pluk",
    "ordreplukning med håndscanner": "lager_pluk",
    "tog imod varer og tjekkede følgesedler": "lager_modtagelse",
    "Varemodtagelse og registrering": "lager_modtagelse",
    "lageroptælling en gang om måneden": "lager_styring",
    "truckcertifikat": "lager_truck",
    "kørt gaffeltruck": "lager_truck",
    "Læsning og losning af varer": "lager_laesning",
    "læsset lastbiler om natten": "lager_laesning",
    "Etikettering": "lager_pakning",
    "pakket gaveposer": "lager_pakning",
    "hjulpet venner med at flytte": "lager_flytning",
    "Sortering af pakker på terminal": "lager_terminal",
    # transport
    "kørt varer ud for min fars firma": "transport_distribution",
    "Levering af varer til kunder": "transport_distribution",
    "Kørsel med varebil": "transport_varebil",
    "har kørekort til bil": "transport_varebil",
    "kørt lastbil i Polen": "transport_lastbil",
    "chauffør for flextrafik": "transport_bus",
    "Levering af pakker på ladcykel": "transport_cykelbud",
    "omdelt aviser om morgenen": "transport_cykelbud",
    "Transport af patienter": "transport_patient",
    # cleaning
    "gjort rent på kontorer om aftenen": "rengoering_kontor",
    "Rengøring af kontorer": "rengoering_kontor",
    "vasket gulve": "rengoering_gulv",
    "støvsugning og gulvvask": "rengoering_gulv",
    "trappevask i opgange": "rengoering_trapper",
    "Rengøring af værelser": "rengoering_hotel",
    "skiftet sengetøj på hotel": "rengoering_hotel",
    "gjort rent hjemme hos ældre": "rengoering_hjem",
    "Pudsning af vinduer": "rengoering_vinduer",
    "Vask og klargøring af biler": "rengoering_bil",
    "Snerydning og saltning": "groen_snerydning",
    "Tømning af affaldskurve": "rengoering_gade",
    "Sterilisering af instrumenter": "rengoering_hospital",
    # kitchen
    "lavet mad til 40 mennesker til fester": "koekken_storkoekken",
    "Tilberedning af mad i større mængder": "koekken_storkoekken",
    "laver mad hver dag til familien": "koekken_madlavning",
    "Madlavning til frokost": "koekken_madlavning",
    "Anretning og servering": "koekken_anretning",
    "Opfyldning af buffet": "koekken_anretning",
    "smurt sandwich i en kantine": "koekken_koldt",
    "skrællet kartofler": "koekken_forberedelse",
    "Forberedelse af råvarer": "koekken_forberedelse",
    "vasket op på en restaurant": "koekken_opvask",
    "Opvask af service og gryder": "koekken_opvask",
    "hygiejnebevis": "koekken_hygiejne",
    "Hygiejne og egenkontrol": "koekken_hygiejne",
    "Menuplanlægning og indkøb": "koekken_menu",
    "bagt pizza på et pizzeria": "koekken_fastfood",
    "Madservice til patienter": "koekken_patientmad",
    "laver somalisk mad": "koekken_etnisk",
    # serving and café
    "Servering for gæster": "servering_gaester",
    "dækket bord til fester": "servering_gaester",
    "brygget kaffe på en café": "servering_kaffe",
    "barista i to år": "servering_kaffe",
    "stået i baren på et spillested": "servering_bar",
    "Betjening af brugere i caféen": "servering_cafe",
    "Velkomst af gæster": "servering_vaert",
    "Opstilling af stole og borde": "servering_selskab",
    # shop
    "stået i min onkels grønthandel": "butik",
    "Ekspedition af kunder": "butik_ekspedition",
    "hjælpe kunder i butikken": "butik_ekspedition",
    "Kassebetjening": "butik_kasse",
    "siddet i kassen i Netto": "butik_kasse",
    "Opfyldning af hylder": "butik_opfyldning",
    "fyldt varer op om natten": "butik_opfyldning",
    "Rotation af friskvarer og datokontrol": "butik_datokontrol",
    "Prismærkning og ophængning": "butik_praesentation",
    "arbejdet i en tøjbutik": "butik_toej",
    "solgt ting på loppemarked": "butik_genbrug",
    "Sortering af donerede varer": "butik_genbrug",
    "ekspedient i en kiosk": "butik_kiosk",
    "Rådgivning af kunder om værktøj og materialer": "butik_byggemarked",
    "Ekspedition af recepter": "butik_apotek",
    "Binding af buketter": "butik_blomster",
    # customer service
    "Telefonbetjening": "kundeservice_telefon",
    "svaret telefon i et callcenter": "kundeservice_telefon",
    "Modtagelse af gæster i receptionen": "kundeservice_reception",
    "Besvarelse af henvendelser fra kunder": "kundeservice_henvendelser",
    "Telefonbetjening og tidsbestilling": "kundeservice_booking",
    "Check-in og check-ud af gæster": "kundeservice_hotel",
    "Billetsalg og information": "kundeservice_billet",
    # office
    "Journalisering og scanning af post": "kontor_post",
    "Arkivering af sager": "kontor_arkiv",
    "Kopiering og scanning": "kontor_arkiv",
    "Indtastning af data": "kontor_indtastning",
    "Registrering i database": "kontor_indtastning",
    "god til excel og word": "kontor_it_kontor",
    "Opfølgning på sager i IT-system": "kontor_sagsbehandling",
    "skrevet referater": "kontor_sekretaer",
    "Planlægning af vagter": "kontor_hr",
    # money
    "Bogføring af bilag": "regnskab_bogfoering",
    "Afstemning af konti": "regnskab_afstemning",
    "Fakturering": "regnskab_fakturering",
    "holdt styr på pengene i foreningen": "regnskab_forening",
    "kasserer i foreningen": "regnskab_forening",
    "løn og moms": "regnskab_moms_loen",
    # IT
    "fikser familiens computere": "it_support",
    "Hjælp til brugere med computere": "it_support",
    "Opsætning af computere og telefoner": "it_opsaetning",
    "bygget min egen gamer-pc": "it_opsaetning",
    "sat netværk op derhjemme": "it_netvaerk",
    "lavet en hjemmeside": "it_programmering",
    "spiller computerspil": "it_gaming",
    "Kommunikation på sociale medier": "it_sociale_medier",
    "Afprøvning af elektronik": "it_elektronik",
    # care
    "Personlig pleje af beboere": "pleje_personlig",
    "hjulpet min mor med bad og påklædning": "pleje_personlig",
    "Praktisk hjælp i hjemmet": "pleje_hjemmehjaelp",
    "passet min svigermor": "pleje_familie",
    "givet medicin": "pleje_medicin",
    "Samvær og aktiviteter med ældre": "pleje_samvaer",
    "besøgsven for en ældre dame": "pleje_samvaer",
    "Hjælp til måltider": "pleje_maaltider",
    "hjælpe med forflytning": "pleje_forflytning",
    "handicaphjælper": "pleje_handicap",
    "sygeplejerske på medicinsk afdeling": "pleje_sygepleje",
    # children
    "passet mine små søskende": "boern_pasning",
    "babysitter for naboens børn": "boern_pasning",
    "Leg og aktiviteter med børn": "boern_leg",
    "opdraget fem børn": "boern_opdragelse",
    "arbejdet i en vuggestue": "boern_vuggestue",
    "Støtte til elever i timerne": "boern_skole",
    "Lektiehjælp": "boern_skole",
    "Aktiviteter i skolefritidsordning": "boern_fritid",
    # social work
    "Planlægning af aktiviteter for brugere": "socialt_aktiviteter",
    "Samvær og samtale med brugere": "socialt_samtale",
    "frivillig i fødevarebanken": "socialt_frivillig",
    "Guidning af brugere i værkstedet": "socialt_vaerksted",
    "Lektiecafé og sprogcafé": "socialt_sprogcafe",
    # building and crafts
    "tømrer i 12 år": "bygge_tomrer",
    "bygget mit eget skur": "bygge_tomrer",
    "malet lejligheder": "bygge_maler",
    "lagt fliser i badeværelset": "bygge_murer",
    "skiftet stikkontakter": "bygge_el_vvs",
    "Montering af møbler": "bygge_montering",
    "sat køkken op hjemme": "bygge_montering",
    "byggehjælper på en byggeplads": "bygge_medhjaelp",
    "Brug af el-værktøj": "bygge_vaerktoej",
    "praktisk anlagt": "bygge_praktisk",
    # mechanics
    "Reparation af cykler": "mekanik_cykel",
    "lavet cykler for folk i opgangen": "mekanik_cykel",
    "Service på biler": "mekanik_bil",
    "skiftet olie på min fars bil": "mekanik_bil",
    "Dækskift": "mekanik_daek",
    "skruet på scootere": "mekanik_knallert",
    "Små reparationer": "mekanik_smaa_rep",
    "Vedligeholdelse af udstyr": "mekanik_maskiner",
    # production
    "Samlearbejde ved bord": "produktion_samle",
    "Betjening af pakkemaskine": "produktion_maskine",
    "Kvalitetskontrol af produkter": "produktion_kvalitet",
    "svejset i Tyrkiet": "produktion_metal",
    # green
    "ordnet haven for naboerne": "groen_pleje",
    "Pleje af grønne områder": "groen_pleje",
    "klippet hæk": "groen_beskaering",
    "Beskæring af buske og træer": "groen_beskaering",
    "slået græs i kolonihaven": "groen_graes",
    "luget ukrudt": "groen_plantning",
    "Vanding og ompotning": "groen_plantning",
    "Opstilling af planter i butikken": "groen_planteskole",
    "hugget brænde": "groen_skov",
    "plukket jordbær på en gård": "groen_landbrug",
    # animals
    "Fodring og pleje af dyr": "dyr_pasning",
    "luftet hunde for naboer": "dyr_hunde",
    "frivillig på et internat for katte": "dyr_katte",
    "redet og muget ud i stalden": "dyr_heste",
    "Rengøring af bure": "dyr_bure",
    # property
    "Vedligeholdelse af ejendommen": "ejendom_vedligehold",
    "Oprydning i gårdarealer og kældre": "ejendom_oprydning",
    "hjulpet viceværten i min opgang": "ejendom_hjaelp",
    "Opsyn i hallen": "sport_hal",
    # recycling
    "Sortering af affald og genbrug": "genbrug_sortering",
    "kender forskel på plast og metal": "genbrug_sortering",
    "Vejledning af borgere på pladsen": "genbrug_pladsen",
    "Indsamling af affald": "genbrug_indsamling",
    "samlet flasker og dåser": "genbrug_flasker",
    "Klargøring til genbrugsbutik": "genbrug_klargoering",
    # textiles
    "syr tøj til mine børn": "tekstil_syning",
    "Syning og reparation af tøj": "tekstil_syning",
    "strikker sokker": "tekstil_haandarbejde",
    "vasket tøj for hele familien": "tekstil_vask",
    "Betjening af vaskemaskiner": "tekstil_vask",
    "Strygning af skjorter": "tekstil_strygning",
    "Foldning af tøj og linned": "tekstil_foldning",
    # sport
    "hjælpetræner for U10": "sport_traening",
    "spiller fodbold": "sport_fodbold",
    "går i fitness": "sport_fitness",
    "livredder i svømmehallen": "sport_svoemning",
    # beauty
    "klipper hår på familien": "skoenhed_haar",
    "Hårvask og klipning": "skoenhed_haar",
    "laver makeup på mine veninder": "skoenhed_makeup",
    # clinic
    "Assistance ved behandlinger": "klinik_assistance",
    "Modtagelse af patienter": "klinik_sekretaer",
    "Opfyldning af depoter": "klinik_depot",
    # culture
    "Udlån og aflevering": "kultur_udlaan",
    "Opstilling af bøger": "kultur_udlaan",
    "Formidling af udstillinger": "kultur_formidling",
    "elsker bøger": "kultur_boeger",
    "Lyd og lys ved arrangementer": "kultur_lyd_lys",
    "spiller guitar": "kultur_musik",
    # security and languages
    "natvagt på et hotel": "sikkerhed_vagt",
    "førstehjælpskursus": "sikkerhed_foerstehjaelp",
    "tolket frivilligt i moskeen": "sprog_tolkning",
    "taler arabisk": "sprog_arabisk",
    "taler somali": "sprog_somali",
    # bakery
    "Bagning af brød og kager": "bageri_brod",
    "bager kager på youtube-opskrifter": "bageri_kage",
    "Dejfremstilling": "bageri_brod",
    # general
    "Oprydning i butikken": "faelles_oprydning",
    "god til at snakke med folk": "faelles_kundekontakt",
    "kan regne hurtigt i hovedet": "faelles_regning",
    "omhyggelig": "faelles_praecision",
    "mødestabil": "faelles_moedestabil",
    "kender byen godt": "faelles_koerekort",
}


@pytest.mark.parametrize(("text", "concept"), PHRASES.items())
def test_a_text_names_the_concept_it_is_about(text: str, concept: str) -> None:
    assert concept in CATALOGUE.read(text)


# Informal experience and the workplace's formal task for the same work: they share a concept.
SAME_WORK = [
    ("kørt varer ud for min fars firma", "Distribution af varer"),
    ("ordnet haven for naboerne", "Pleje af grønne områder"),
    ("stået i min onkels grønthandel", "Ekspedition af kunder"),
    ("holdt styr på pengene i foreningen", "Bogføring af bilag"),
    ("har lavet mad til 40 mennesker til fester", "Tilberedning af mad i større mængder"),
    ("passet mine små søskende", "Pasning af børn"),
    ("vasket op på en pizzeria", "Opvask og rengøring af køkken"),
    ("lavet cykler for folk i opgangen", "Reparation af cykler"),
]


@pytest.mark.parametrize(("informal", "formal"), SAME_WORK)
def test_informal_and_formal_words_for_the_same_work_meet(informal: str, formal: str) -> None:
    citizen, task = set(CATALOGUE.read(informal)), set(CATALOGUE.read(formal))
    related = set(CATALOGUE.related(citizen))
    assert citizen & task or related & task, (citizen, task)


def test_a_compounds_head_alone_does_not_say_what_it_is_about() -> None:
    assert "skoenhed_haar" not in CATALOGUE.read("Hækkeklipper")
    assert "groen_beskaering" in CATALOGUE.read("Hækkeklipper")
    assert "butik_kasse" not in CATALOGUE.read("flyttekasser")
    assert not {"groen", "groen_pleje"} & set(CATALOGUE.read("hjælper i børnehave"))
    assert "kundeservice" not in CATALOGUE.read("Opvask af service og gryder")


def test_particles_make_the_phrase() -> None:
    assert "butik_opfyldning" in CATALOGUE.read("fyldt varer op")
    assert "koekken_opvask" in CATALOGUE.read("vasket op")
    assert "koekken_opvask" not in CATALOGUE.read("vasket tøj")


def test_the_catalogue_is_several_hundred_concepts_in_a_tree_used_by_known_occupations() -> None:
    occupations = default_occupations()
    units = occupations.units()
    concepts = list(CATALOGUE)
    assert len(concepts) >= 300
    keys = {c.key for c in concepts}
    for concept in concepts:
        assert concept.label and concept.phrases, concept.key
        assert concept.broader is None or concept.broader in keys
        assert concept.units, concept.key
        for code in concept.units:
            assert any(unit.startswith(code) for unit in units), (concept.key, code)
    assert sum(c.broader is None for c in concepts) < len(concepts) / 5


def test_near_concepts_are_the_broader_the_narrower_and_those_beside() -> None:
    near = CATALOGUE.related(["lager_pluk"])
    assert "lager" in near and "lager_modtagelse" in near
    assert "lager_pluk" not in near and "koekken" not in near
    assert "lager_truck" in CATALOGUE.related(["lager"])
    assert "lager_pluk" not in CATALOGUE.related(["lager_pluk", "lager_truck"])


def test_concepts_are_terms_apart_from_words() -> None:
    assert tokens(["lager"]) == ("@lager",)
    assert tokens(["lager"], near=True) == ("~@lager",)


def test_a_wrong_catalogue_line_is_named() -> None:
    with pytest.raises(CatalogueError, match=r"kompetencer\.txt:2: give key"):
        parse("# header\nlager|Lager|\n")
    with pytest.raises(CatalogueError, match="pluk: no concept 'lagre'"):
        parse("lager|Lager||4321|lager\npluk|Pluk|lagre|4321|pluk\n")
    with pytest.raises(CatalogueError, match="a key is used twice"):
        parse("lager|Lager||4321|lager\nlager|Lager igen||4321|lager\n")
