"""The string pool: every string in one buffer, decoded only when read."""

import numpy as np

from matcher.pool import Interner, TextPool, merge


def test_a_pool_gives_back_each_string_as_written() -> None:
    strings = ["Kantinemedhjælper", "", "Genbrugsstation Ørestad", "café"]
    pool = TextPool.of(strings)
    assert len(pool) == 4
    assert [pool[i] for i in range(4)] == strings
    assert pool.strings([2, 0]) == ("Genbrugsstation Ørestad", "Kantinemedhjælper")
    assert pool.data.dtype == np.uint8 and pool.offsets.dtype == np.int64


def test_the_interner_gives_a_string_one_id() -> None:
    intern = Interner()
    assert [intern("Lager"), intern("Kantine"), intern("Lager")] == [0, 1, 0]
    assert intern.pool().all() == ["Lager", "Kantine"]


def test_merged_pools_hold_each_used_string_once() -> None:
    first = TextPool.of(["Lager", "ubrugt", "Kantine"])
    second = TextPool.of(["Kantine", "Café"])
    pool, (ids_first, ids_second) = merge(
        [first, second],
        [[np.array([0, 2, 2], dtype=np.int32)], [np.array([1, 0], dtype=np.int32)]],
    )
    assert "ubrugt" not in pool.all() and len(pool) == 3
    assert [pool[i] for i in ids_first[0].tolist()] == ["Lager", "Kantine", "Kantine"]
    assert [pool[i] for i in ids_second[0].tolist()] == ["Café", "Kantine"]
    assert ids_first[0][1] == ids_second[0][1]
