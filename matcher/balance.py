"""The labour-market balance (Arbejdsmarkedsbalancen) as the matcher sees it."""

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from matcher.text import compact_title, normalise_title


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
    """Occupations and their balance category for one area, as in force on one date."""

    def __init__(self, entries: list[BalanceEntry], *, area: str, on: dt.date) -> None:
        in_area = [e for e in entries if e.area == area and period_start(e.period) <= on]
        self.area = area
        self.period: str | None = max((e.period for e in in_area), default=None)
        current = [e for e in in_area if e.period == self.period]
        self._by_code = {e.occupation_code: e for e in current}
        self._codes = sorted(self._by_code)
        self._normalised_titles = [normalise_title(self._by_code[c].title) for c in self._codes]
        self._compact_titles = [compact_title(self._by_code[c].title) for c in self._codes]

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, occupation_code: str) -> BalanceEntry | None:
        return self._by_code.get(occupation_code)

    def title_of(self, occupation_code: str) -> str | None:
        entry = self._by_code.get(occupation_code)
        return entry.title if entry else None

    def resolve_title(self, title: str, *, min_ratio: float = 85.0) -> BalanceEntry | None:
        """The occupation whose title best matches a free-text title, if close enough."""
        if not self._codes:
            return None
        # Whole-title spelling first (spaces and hyphens ignored), then shared stems.
        match = process.extractOne(
            compact_title(title), self._compact_titles, scorer=fuzz.ratio, score_cutoff=min_ratio
        ) or process.extractOne(
            normalise_title(title),
            self._normalised_titles,
            scorer=fuzz.token_set_ratio,
            score_cutoff=min_ratio,
        )
        if match is None:
            return None
        return self._by_code[self._codes[match[2]]]

    def suggest_titles(self, text: str, *, limit: int = 10) -> list[BalanceEntry]:
        """Occupations whose titles best match a partial title (type-ahead): titles that
        start with what was typed first, then titles that contain it, then fuzzy matches."""
        typed = compact_title(text)
        wanted = normalise_title(text)
        if not typed or not wanted:
            return []
        titles = self._compact_titles
        starting = [i for i, title in enumerate(titles) if title.startswith(typed)]
        inside = [i for i, title in enumerate(titles) if typed in title]
        fuzzy = [
            index
            for _, _, index in process.extract(
                wanted,
                self._normalised_titles,
                scorer=fuzz.partial_ratio,
                limit=limit,
                score_cutoff=60.0,
            )
        ]
        chosen = list(dict.fromkeys([*starting, *inside, *fuzzy]))[:limit]
        return [self._by_code[self._codes[index]] for index in chosen]
