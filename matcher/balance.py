"""The labour-market balance (Arbejdsmarkedsbalancen) as the matcher sees it."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BalanceEntry:
    """One occupation's category in one area and period."""

    occupation_code: str
    title: str
    area: str
    period: str  # first month the publication is in force, "YYYY-MM"
    category: str


def period_start(period: str) -> dt.date:
    """The first day of a period written "YYYY-MM"."""
    year, month = period.split("-")
    return dt.date(int(year), int(month), 1)


class BalanceTable:
    """Occupations and their balance category for one area, as in force on one date (what a
    title means is matcher.occupations' to say)."""

    def __init__(self, entries: list[BalanceEntry], *, area: str, on: dt.date) -> None:
        in_area = [e for e in entries if e.area == area and period_start(e.period) <= on]
        self.area = area
        self.period: str | None = max((e.period for e in in_area), default=None)
        current = [e for e in in_area if e.period == self.period]
        self._by_code = {e.occupation_code: e for e in current}

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, occupation_code: str) -> BalanceEntry | None:
        return self._by_code.get(occupation_code)

    def title_of(self, occupation_code: str) -> str | None:
        entry = self._by_code.get(occupation_code)
        return entry.title if entry else None
