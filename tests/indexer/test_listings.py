"""The workplace search's columns: filters by industry and postal code, stems matched."""

import numpy as np

from indexer.listings import ListingTable
from matcher.table import Vocabulary
from tests.factories import function, workplace


def _listings(vocabulary: Vocabulary) -> ListingTable:
    return ListingTable.build(
        [
            workplace(1, function(10, title="Lagermedarbejder"), industry="Transport"),
            workplace(2, function(20, title="Kok", tasks=("Madlavning",)), industry="Hotel"),
            workplace(3, function(30, title="Kok"), industry="Transport", postal_code="2200"),
        ],
        vocabulary,
    )


def test_a_search_keeps_the_active_rows_matching_every_criterion() -> None:
    vocabulary = Vocabulary()
    listings = _listings(vocabulary)
    everything = np.ones(3, dtype=bool)
    rows, _ = listings.matching(
        columns=None, industry="Transport", postal_code=None, active=everything
    )
    assert listings.workplace_id[rows].tolist() == [1, 3]
    rows, _ = listings.matching(
        columns=None, industry="Transport", postal_code="2200", active=everything
    )
    assert listings.workplace_id[rows].tolist() == [3]
    rows, _ = listings.matching(
        columns=None, industry="Transport", postal_code=None, active=np.array([1, 1, 0], bool)
    )
    assert listings.workplace_id[rows].tolist() == [1]
    rows, _ = listings.matching(
        columns=None, industry="Ukendt", postal_code=None, active=everything
    )
    assert len(rows) == 0


def test_a_text_search_counts_the_stems_each_workplace_has() -> None:
    vocabulary = Vocabulary()
    listings = _listings(vocabulary)
    columns = vocabulary.known(["kok", "madlavning"])
    rows, matched = listings.matching(
        columns=columns, industry=None, postal_code=None, active=np.ones(3, dtype=bool)
    )
    found = zip(listings.workplace_id[rows].tolist(), matched.tolist(), strict=True)
    assert dict(found) == {2: 2, 3: 1}


def test_joined_listings_keep_each_workplace() -> None:
    vocabulary = Vocabulary()
    listings = _listings(vocabulary)
    more = ListingTable.build([workplace(4, function(40), industry="Hotel")], vocabulary)
    joined = ListingTable.concat([listings.take(np.array([2, 0])), more], len(vocabulary))
    assert joined.workplace_id.tolist() == [3, 1, 4]
    rows, _ = joined.matching(
        columns=None, industry="Hotel", postal_code=None, active=np.ones(3, dtype=bool)
    )
    assert joined.workplace_id[rows].tolist() == [4]
