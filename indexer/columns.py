"""Workplaces turned into the embedded index's columns, a batch at a time."""

import itertools
from collections.abc import Callable, Iterable

from indexer.listings import ListingTable
from matcher.models import Workplace
from matcher.table import FunctionTable, Vocabulary, function_rows

__all__ = ["BUILD_BATCH", "build_columns"]

# A rebuild turns this many workplaces at a time into columns: the Python objects of one batch
# are all it holds besides the columns.
BUILD_BATCH = 20_000


def build_columns(
    workplaces: Iterable[Workplace],
    vocabulary: Vocabulary,
    *,
    batch: int = BUILD_BATCH,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[FunctionTable], list[ListingTable]]:
    """The workplaces' function rows and listings as columns, `batch` workplaces a table;
    their terms are added to the vocabulary, in the order the workplaces come (the function
    rows of a batch, then its listings)."""
    tables: list[FunctionTable] = []
    listings: list[ListingTable] = []
    iterator = iter(workplaces)
    while part := list(itertools.islice(iterator, batch)):
        tables.append(FunctionTable.build([r for w in part for r in function_rows(w)], vocabulary))
        listings.append(ListingTable.build(part, vocabulary))
        if progress is not None:
            progress(len(part))
    return tables, listings
