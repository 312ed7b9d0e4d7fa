"""Strings as columns: one UTF-8 buffer and the offsets where each string starts.

A table keeps its rows' texts (names, titles, tasks) here instead of as Python objects: two
arrays whatever the number of strings, which can be written to a file and mapped from it, and
a string is decoded only when a suggestion is explained.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
IdArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class TextPool:
    """String i is `data[offsets[i]:offsets[i + 1]]`, decoded as UTF-8."""

    data: npt.NDArray[np.uint8]
    offsets: IntArray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> str:
        start, end = int(self.offsets[index]), int(self.offsets[index + 1])
        return bytes(self.data[start:end]).decode("utf-8")

    def strings(self, ids: Iterable[int]) -> tuple[str, ...]:
        return tuple(self[int(i)] for i in ids)

    def all(self) -> list[str]:
        return list(self.strings(range(len(self))))

    @classmethod
    def of(cls, strings: Sequence[str]) -> "TextPool":
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        return cls(data, offsets)


class Interner:
    """Gives each distinct string one id, in the order they first come: `strings[id]`."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.strings: list[str] = []

    def __len__(self) -> int:
        return len(self.strings)

    def __call__(self, text: str) -> int:
        found = self._ids.get(text)
        if found is None:
            found = len(self.strings)
            self._ids[text] = found
            self.strings.append(text)
        return found

    def ids(self) -> dict[str, int]:
        """String to id (a copy)."""
        return dict(self._ids)

    def get(self, text: str) -> int | None:
        return self._ids.get(text)

    def pool(self) -> TextPool:
        return TextPool.of(self.strings)


def merge(
    pools: Sequence[TextPool], columns: Sequence[Sequence[IdArray]]
) -> tuple[TextPool, list[list[IdArray]]]:
    """One pool for several, each distinct string once, keeping only the strings the columns
    use; `columns[k]` are the id columns of `pools[k]`, returned with the new ids."""
    interner = Interner()
    merged: list[list[IdArray]] = []
    for pool, ids in zip(pools, columns, strict=True):
        used: IntArray = np.unique(np.concatenate([c.astype(np.int64) for c in ids]))
        remap = np.zeros(len(pool), dtype=np.int32)
        for old in used.tolist():
            remap[old] = interner(pool[old])
        merged.append([remap[c] for c in ids])
    return interner.pool(), merged
