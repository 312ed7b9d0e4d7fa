"""The DISCO-08 occupation table: its structure, how near two occupations are, what a free-text
title means, and the type-ahead."""

from pathlib import Path

from matcher.occupations import (
    SAME_FIELD,
    SAME_MINOR_GROUP,
    SAME_OCCUPATION,
    SAME_SUB_MAJOR_GROUP,
    OccupationTable,
    default_occupations,
)

TABLE = default_occupations()

# The 436 ISCO-08 unit groups as the ILO publishes them (codes only), for checking the table.
ISCO_08_UNITS = (Path(__file__).parent / "isco08_units.txt").read_text().split()


def test_the_table_has_the_disco_08_structure() -> None:
    assert len(ISCO_08_UNITS) == 436
    assert TABLE.units() == sorted(ISCO_08_UNITS)
    for unit in TABLE.units():
        for level in (1, 2, 3):
            assert TABLE.name(unit[:level]), f"{unit} has no group at level {level}"
    assert TABLE.name("4321") == "Lagermedarbejdere"
    assert TABLE.name("432110") == "Lagermedarbejdere"  # a national 6-digit code
    assert TABLE.name("9999") is None


def test_every_unit_group_has_several_job_titles_and_there_are_1500() -> None:
    assert len(TABLE) >= 1500
    for unit in TABLE.units():
        assert len(TABLE.titles_of(unit)) >= 1, unit
    assert sum(len(TABLE.titles_of(u)) >= 2 for u in TABLE.units()) >= 400
    assert "Plukker" in TABLE.titles_of("4321")


def test_fields_relate_occupations_across_codes() -> None:
    keys = {f.key for f in TABLE.fields()}
    assert {"logistik", "renovation", "rengoering", "koekken", "omsorg"} <= keys
    for field in TABLE.fields():
        assert field.units, f"field {field.key} names no unit group"
    # The domain brief's example: sorting at a recycling centre and a warehouse goal.
    assert TABLE.relations("4321", "9612")[0].kind == SAME_FIELD
    assert TABLE.relations("4321", "9612")[0].field == "Lager, logistik og transport"
    assert [r.kind for r in TABLE.relations("5153", "9622")] == [SAME_FIELD]


def test_codes_relate_by_unit_minor_and_sub_major_group() -> None:
    assert TABLE.relations("9412", "941200")[0].kind == SAME_OCCUPATION
    assert TABLE.relations("5321", "5322")[0].kind == SAME_MINOR_GROUP
    assert TABLE.relations("5120", "5131")[0].kind == SAME_SUB_MAJOR_GROUP
    assert TABLE.relations("2512", "9112") == []


def test_type_ahead_starts_with_what_was_typed_then_words_then_inside() -> None:
    titles = [m.title for m in TABLE.suggest("kantine")]
    assert titles and all(t.lower().startswith("kantine") for t in titles)
    assert "Automekaniker" not in titles
    found = TABLE.suggest("analytiker")
    assert found[0].title == "Analytiker"
    assert all("analytiker" in m.title.lower() for m in found)
    pedagogues = [m.title for m in TABLE.suggest("pædagog", limit=20)]
    assert pedagogues[0] == "Pædagog"
    assert pedagogues.index("Pædagogisk assistent") < pedagogues.index("Skolepædagog")
    assert TABLE.suggest("k") == []


def test_type_ahead_offers_a_unit_group_s_usual_title_before_its_other_titles() -> None:
    table = OccupationTable(
        {"9": "Manuelt", "93": "M", "933": "M", "9333": "Lagerarbejdere"},
        {"9333": ["Lagerarbejder", "Lagerarbejder med truck", "Lagerhjælper"]},
        [],
    )
    assert [m.title for m in table.suggest("lager")] == [
        "Lagerarbejder",
        "Lagerhjælper",
        "Lagerarbejder med truck",
    ]


def test_type_ahead_falls_back_to_close_spellings() -> None:
    assert "Rengøringsassistent" in [m.title for m in TABLE.suggest("rengøringsasistent")]
