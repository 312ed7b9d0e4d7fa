"""Candidates: the rows worth scoring are those offering the citizen's rarest hard need, near
home when there is a radius; never fewer than the rows that could pass the filters."""

import numpy as np
import pytest

from matcher.models import Coordinates, Workplace
from matcher.scoring import candidates as module
from matcher.scoring.candidates import candidates
from matcher.table import FunctionTable, Vocabulary, function_rows
from tests.factories import citizen, function, query, with_needs, workplace

FAR = Coordinates(56.15, 10.20)  # Aarhus, about 156 km from Valby


def table_of(*workplaces: Workplace) -> FunctionTable:
    return FunctionTable.build([r for w in workplaces for r in function_rows(w)], Vocabulary())


def rows_for(table: FunctionTable, *needs: tuple[str, bool], **filters: object) -> list[int]:
    q = query(with_needs(citizen(), *needs), **filters)
    return candidates(table, q, None).tolist()


def test_without_hard_needs_every_row_is_a_candidate() -> None:
    table = table_of(workplace(1), workplace(2, accommodations=frozenset({"mentor"})))
    assert rows_for(table, ("mentor", False)) == [0, 1]


def test_only_rows_offering_the_rarest_hard_need_are_candidates() -> None:
    table = table_of(
        workplace(1, function(10, accommodations=frozenset({"no_heavy_lifting"}))),
        workplace(2, function(20, accommodations=frozenset({"no_heavy_lifting", "mentor"}))),
        workplace(3, function(30, accommodations=frozenset({"mentor"}))),
        workplace(4, function(40, accommodations=frozenset({"no_heavy_lifting"}))),
    )
    # mentor is offered by two rows, no_heavy_lifting by three: mentor's rows are looked at
    assert rows_for(table, ("no_heavy_lifting", True), ("mentor", True)) == [1, 2]
    assert rows_for(table, ("no_heavy_lifting", True)) == [0, 1, 3]


def test_a_need_the_whole_workplace_meets_counts_on_each_function() -> None:
    table = table_of(
        workplace(
            1,
            function(10, accommodations=frozenset()),
            function(11, accommodations=frozenset()),
            accommodations=frozenset({"late_start"}),
        ),
        workplace(2, function(20, accommodations=frozenset())),
    )
    assert rows_for(table, ("late_start", True)) == [0, 1]


def test_a_grid_keeps_far_rows_out_and_near_rows_in(monkeypatch: pytest.MonkeyPatch) -> None:
    table = table_of(workplace(1), workplace(2, coordinates=FAR), workplace(3))
    assert rows_for(table, radius_km=20.0) == [0, 1, 2]  # a small table is scanned whole
    monkeypatch.setattr(module, "GRID_MIN_ROWS", 0)
    big = table_of(workplace(1), workplace(2, coordinates=FAR), workplace(3))
    assert sorted(rows_for(big, radius_km=20.0)) == [0, 2]
    assert sorted(rows_for(big, radius_km=200.0)) == [0, 1, 2]


def test_inactive_rows_are_left_out() -> None:
    table = table_of(workplace(1), workplace(2), workplace(3))
    active = np.array([True, False, True])
    assert candidates(table, query(citizen()), active).tolist() == [0, 2]
