"""The function table every backend hands the scorer: one row per function carrying its
workplace's facts, term columns that stay put as the vocabulary grows, and equal titles of the
same occupation sharing one key."""

import numpy as np

from matcher.models import PlacementRecord
from matcher.table import FunctionTable, Vocabulary, function_rows
from matcher.vocabulary import accommodation_mask, placement_mask
from tests.factories import function, workplace


def test_a_row_per_function_with_the_workplaces_facts_and_accommodations() -> None:
    place = workplace(
        1,
        function(10, accommodations=frozenset({"no_heavy_lifting"})),
        function(11, title="Lagermedarbejder", occupation_code="4321", accommodations=frozenset()),
        accommodations=frozenset({"mentor"}),
        record=PlacementRecord(placements=4, good_outcomes=3, paid_hours_outcomes=1),
    )
    first, second = function_rows(place)
    assert (first.function_id, second.function_id) == (10, 11)
    assert first.accommodations == {"no_heavy_lifting", "mentor"}
    assert second.accommodations == {"mentor"}
    assert (second.workplace_id, second.record_good_outcomes, second.lat) == (1, 3, 55.6620)
    assert second.texts == ("Lagermedarbejder", *second.tasks)


def test_the_vocabulary_numbers_terms_once_and_knows_only_what_it_has() -> None:
    vocabulary = Vocabulary()
    assert vocabulary.add(["lager", "pluk", "lager"]) == [0, 1, 0]
    assert vocabulary.add(["kantine"]) == [2]
    assert len(vocabulary) == 3
    assert vocabulary.known(["kantine", "ukendt", "lager"]).tolist() == [2, 0]
    columns = vocabulary.columns()
    columns["ny"] = 9
    assert "ny" not in vocabulary.columns()


def test_columns_hold_each_rows_values() -> None:
    place = workplace(
        2,
        function(20, hours=function(0).hours, placement_types=frozenset({"internship"})),
        current_subsidised_placements=2,
        ordinary_employees=30,
    )
    table = FunctionTable.build(function_rows(place), Vocabulary())
    assert len(table) == 1
    assert table.function_id.tolist() == [20] and table.workplace_id.tolist() == [2]
    assert table.placement_types.tolist() == [placement_mask({"internship"})]
    assert table.accommodations.tolist() == [
        accommodation_mask({"no_heavy_lifting", "changing_positions"})
    ]
    assert (table.ordinary_employees[0], table.current_subsidised[0]) == (30, 2)
    assert (table.hours_min[0], table.hours_max[0]) == (8.0, 30.0)


def test_term_columns_stay_put_when_a_later_table_adds_terms() -> None:
    vocabulary = Vocabulary()
    first = FunctionTable.build(function_rows(workplace(1)), vocabulary)
    terms_before = list(vocabulary.terms)
    other = function(30, title="Køkkenmedhjælper", occupation_code="9412", tasks=("Opvask",))
    second = FunctionTable.build(function_rows(workplace(3, other)), vocabulary)
    assert vocabulary.terms[: len(terms_before)] == terms_before
    assert len(vocabulary) > len(terms_before)
    row_terms = set(first.row(0).terms)  # stems and competences (`@key`)
    assert {vocabulary.terms[c] for c in first.terms[0].indices} == row_terms
    assert any(t.startswith("@") for t in row_terms)  # what the function asks, as competences
    assert first.term_count.tolist() == [len(row_terms)]
    assert {vocabulary.terms[c] for c in second.terms[0].indices} == set(second.row(0).terms)


def test_equal_titles_of_one_occupation_share_a_key() -> None:
    rows = [
        *function_rows(workplace(1, function(10, title="Sorteringsmedarbejder"))),
        *function_rows(workplace(2, function(20, title="sorteringsmedarbejder "))),
        *function_rows(
            workplace(3, function(30, title="Sorteringsmedarbejder", occupation_code="4321"))
        ),
    ]
    table = FunctionTable.build(rows, Vocabulary())
    assert table.title_key[0] == table.title_key[1] != table.title_key[2]
    assert len(table.title_keys) == 2 and table.title_keys[1][0] == "4321"


def test_an_empty_table_has_empty_columns() -> None:
    table = FunctionTable.build([], Vocabulary())
    assert len(table) == 0 and table.terms.shape[0] == 0
    assert table.term_count.dtype == np.int64 and table.term_count.size == 0


def test_a_row_read_back_from_the_columns_is_the_row_it_was_built_from() -> None:
    rows = [
        *function_rows(
            workplace(
                1,
                function(10, accommodations=frozenset({"no_heavy_lifting"})),
                function(11, title="Lagermedarbejder", occupation_code="4321"),
                accommodations=frozenset({"mentor"}),
                record=PlacementRecord(placements=4, good_outcomes=3, paid_hours_outcomes=1),
            )
        ),
        *function_rows(workplace(2, function(20, tasks=()))),
    ]
    table = FunctionTable.build(rows, Vocabulary())
    assert [table.row(i) for i in range(len(rows))] == rows


def test_taken_and_joined_tables_keep_each_rows_columns_texts_and_terms() -> None:
    vocabulary = Vocabulary()
    first_rows = function_rows(workplace(1, function(10), function(11, title="Kok")))
    first = FunctionTable.build(first_rows, vocabulary)
    other = function(30, title="Køkkenmedhjælper", occupation_code="9412", tasks=("Opvask",))
    second = FunctionTable.build(function_rows(workplace(3, other)), vocabulary)
    joined = FunctionTable.concat(
        [first.take(np.array([1, 0], dtype=np.int64)), second], len(vocabulary)
    )
    expected = [first_rows[1], first_rows[0], *function_rows(workplace(3, other))]
    assert [joined.row(i) for i in range(3)] == expected
    assert joined.terms.shape == (3, len(vocabulary))
    for i, row in enumerate(expected):
        assert {vocabulary.terms[c] for c in joined.terms[i].indices} == set(row.terms)
    assert [key for key, _ in joined.title_keys] == [r.occupation_code for r in expected]


def test_the_term_matrix_is_the_binary_bag_of_each_rows_stems() -> None:
    """The matrix scikit-learn's CountVectorizer(binary=True) makes from the same stems over
    the same vocabulary, array for array (it made it until the table built its own)."""
    from sklearn.feature_extraction.text import CountVectorizer

    rows = [
        row
        for n, f in enumerate(
            (function(1), function(2, title="Lagermedarbejder", tasks=("Pluk og pakning",)))
        )
        for row in function_rows(workplace(n + 1, f))
    ]
    rows += rows  # the same stems again, repeated within and across rows
    vocabulary = Vocabulary()
    table = FunctionTable.build(rows, vocabulary)
    expected = CountVectorizer(
        analyzer=lambda terms: terms, vocabulary=vocabulary.columns(), binary=True, dtype=np.int32
    ).transform([row.terms for row in rows])
    for name in ("data", "indices", "indptr"):
        ours, theirs = getattr(table.terms, name), getattr(expected, name)
        assert ours.dtype == theirs.dtype and ours.tolist() == theirs.tolist(), name
    assert table.terms.shape == expected.shape
