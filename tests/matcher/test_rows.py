"""Rows' texts as columns: taking and joining rows keeps each row's own texts."""

import numpy as np

from matcher.rows import RowTexts, function_rows
from tests.factories import function, workplace


def _rows():
    return [
        *function_rows(
            workplace(
                1,
                function(10, title="Lagermedarbejder", tasks=("Pluk", "Pak")),
                function(11, title="Chauffør", tasks=()),
                name="Lager Øst",
            )
        ),
        *function_rows(workplace(2, function(20, title="Kok", tasks=("Madlavning",)))),
    ]


def _texts(texts: RowTexts, row: int) -> tuple[str, str, tuple[str, ...]]:
    pool = texts.pool
    return (pool[int(texts.workplace_name[row])], pool[int(texts.title[row])], texts.tasks(row))


def test_each_row_keeps_its_name_title_and_tasks() -> None:
    rows = _rows()
    texts = RowTexts.of(rows)
    for i, row in enumerate(rows):
        assert _texts(texts, i) == (row.workplace_name, row.title, row.tasks)
    # one workplace's name is one string in the pool
    assert texts.workplace_name[0] == texts.workplace_name[1]


def test_taken_and_joined_rows_keep_their_texts() -> None:
    rows = _rows()
    texts = RowTexts.of(rows)
    taken = texts.take(np.array([2, 0], dtype=np.int64))
    assert [_texts(taken, i)[1:] for i in range(2)] == [
        ("Kok", ("Madlavning",)),
        ("Lagermedarbejder", ("Pluk", "Pak")),
    ]
    joined = RowTexts.concat([taken, RowTexts.of(rows[1:2])])
    assert [_texts(joined, i) for i in range(3)] == [
        _texts(taken, 0),
        _texts(taken, 1),
        ("Lager Øst", "Chauffør", ()),
    ]
    assert joined.pool.all().count("Lager Øst") == 1
