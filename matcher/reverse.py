"""Reverse matching: for one workplace function, the citizens it suits, best first, scored by
the same code and the same hard filters as a citizen's own suggestions (a citizen is a
candidate for a function exactly when the function passes the citizen's filters), and each
shown to the workplace's side only as an anonymised card.

The citizens are scored in-process against a one-row table: citizen data never enters the
employer index, and the score of a pair does not depend on the table it is scored in (the
OpenSearch backend scores each citizen's candidates in a small table the same way)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

import numpy as np
import numpy.typing as npt

from matcher.geo import RadianPoints
from matcher.query import CitizenQuery
from matcher.scoring import ScoringContext, Suggestion, rank_many, ranking_key
from matcher.scoring.filters import offered
from matcher.table import FunctionRow, FunctionTable, Vocabulary

# The distance a card shows, as a band (upper bound in km, label); an exact distance and the
# home postal code would narrow down who the citizen is.
DISTANCE_BANDS: tuple[tuple[float, str], ...] = (
    (2.0, "under_2_km"),
    (5.0, "2_5_km"),
    (10.0, "5_10_km"),
    (20.0, "10_20_km"),
)
FAR_BAND = "over_20_km"
UNKNOWN_BAND = "unknown"
# The weekly hours a card shows: the band of the most hours the citizen can work (upper bound,
# label). Exact hours told citizens apart across look-ups.
HOURS_BANDS: tuple[tuple[float, str], ...] = ((10.0, "up_to_10"), (20.0, "10_20"), (30.0, "20_30"))
FULL_TIME_BAND = "30_37"
# How well the function suits the candidate, as a card shows it (lowest score, label): a band,
# never the score, whose distance factor is a known function of the distance (a workplace
# moved to a few places and the score fitted gave the citizen's home away).
MATCH_BANDS: tuple[tuple[float, str], ...] = ((50.0, "strong"), (25.0, "good"))
WEAK_MATCH = "fair"


class Detail(StrEnum):
    """How much a card shows: everything below; target group, hours, distance and match;
    the match only; nothing but that the citizen is a candidate."""

    FULL = "full"
    GENERAL = "general"
    MATCH = "match"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A citizen the function suits: the citizen's position in the queries given, and the
    function as the citizen's own suggestion (the same score and reasons)."""

    position: int
    suggestion: Suggestion


@dataclass(frozen=True, slots=True)
class CandidateCard:
    """What the workplace's side may see of a candidate, at most: the target group, bands of
    the weekly hours, the distance and the match, the placement types both want, how the
    function relates to a goal, the needs it meets (codes the workplace offers) and the
    function's own words the citizen's skills matched. Never a name, a reference, the
    citizen's own words, a need the workplace does not offer, exact hours or a score. A card
    is shown only as detailed as at least k candidates share it (`anonymise`)."""

    detail: Detail
    target_group: str | None = None
    hours_band: str | None = None
    distance_band: str | None = None
    match: str | None = None
    placement_types: tuple[str, ...] = ()
    goal_relation: str | None = None
    needs_met: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()

    def coarser(self, detail: Detail) -> "CandidateCard":
        """This card showing only what `detail` shows."""
        if detail is Detail.FULL:
            return self
        if detail is Detail.GENERAL:
            return CandidateCard(
                detail, self.target_group, self.hours_band, self.distance_band, self.match
            )
        if detail is Detail.MATCH:
            return CandidateCard(detail, match=self.match)
        return CandidateCard(detail)


@dataclass(frozen=True, slots=True)
class Anonymised:
    """The cards to show, as (position among the candidates given, card), best group first
    and each group's identical cards together; and how many candidates are not shown."""

    shown: list[tuple[int, CandidateCard]]
    hidden: int

    def first(self, limit: int, k: int) -> list[tuple[int, CandidateCard]]:
        """About the first `limit` cards, never fewer than k alike: a group is cut only where
        k or more of it still show (a few shown of a group would stand out from the rest of
        it), and the limit counts as k when it is smaller."""
        room = max(limit, k)
        taken: list[tuple[int, CandidateCard]] = []
        for _, run in groupby(self.shown, key=lambda item: item[1]):
            group = list(run)
            count = min(len(group), room - len(taken))
            if count < k:
                break
            taken.extend(group[:count])
        return taken


def anonymise(cards: Sequence[CandidateCard], k: int) -> Anonymised:
    """Each candidate's card as detailed as at least `k` of the candidates share it to the
    letter, among those not shown in more detail: every card shown stands for k or more
    citizens, so it cannot be told apart from k - 1 others, within one look-up or across
    several. Who no k share a card with even at Detail.NONE is not shown. `cards` come best
    first (full cards); a group is placed where its best member was."""
    remaining = list(range(len(cards)))
    chosen: dict[int, CandidateCard] = {}
    for detail in Detail:
        groups: dict[CandidateCard, list[int]] = defaultdict(list)
        for position in remaining:
            groups[cards[position].coarser(detail)].append(position)
        remaining = []
        for shown, members in groups.items():
            if len(members) >= k:
                chosen.update(dict.fromkeys(members, shown))
            else:
                remaining.extend(members)
        remaining.sort()
    members_of: dict[CandidateCard, list[int]] = defaultdict(list)
    for position in sorted(chosen):
        members_of[chosen[position]].append(position)
    ordered = [
        (member, shown)
        for shown, members in sorted(members_of.items(), key=lambda item: item[1][0])
        for member in members
    ]
    return Anonymised(ordered, len(remaining))


@dataclass(frozen=True, slots=True)
class QueryArrays:
    """The citizens' cheap filters as arrays (placement types wanted, hard needs, hours,
    home and radius), built once for many look-ups."""

    wanted: npt.NDArray[np.int64]
    hard: npt.NDArray[np.int64]
    hours_min: npt.NDArray[np.float64]
    hours_max: npt.NDArray[np.float64]
    home: RadianPoints
    radius_km: npt.NDArray[np.float64]  # infinite without a home or a radius

    @classmethod
    def of(cls, queries: Sequence[CitizenQuery]) -> "QueryArrays":
        return cls(
            wanted=np.array([q.wanted_placement_mask for q in queries], dtype=np.int64),
            hard=np.array([q.hard_mask for q in queries], dtype=np.int64),
            hours_min=np.array([q.hours_min for q in queries], dtype=np.float64),
            hours_max=np.array([q.hours_max for q in queries], dtype=np.float64),
            home=RadianPoints.of(
                np.array([q.location.lat if q.location else 0.0 for q in queries], dtype=float),
                np.array([q.location.lon if q.location else 0.0 for q in queries], dtype=float),
            ),
            radius_km=np.array(
                [
                    q.radius_km if q.location is not None and q.radius_km is not None else np.inf
                    for q in queries
                ],
                dtype=np.float64,
            ),
        )

    def __len__(self) -> int:
        return len(self.wanted)

    def may_pass(self, table: FunctionTable, context: ScoringContext) -> npt.NDArray[np.bool_]:
        """The citizens that pass the cheap filters for the table's one row (types offered
        today, hours, hard needs, radius): only they are scored, which applies every filter
        exactly."""
        if len(self) == 0:
            return np.zeros(0, dtype=np.bool_)
        types = int(offered(table, context)[0])
        accommodations = int(table.accommodations[0])
        keep = (
            ((self.wanted & types) != 0)
            & ((self.hard & accommodations) == self.hard)
            & (self.hours_min <= float(table.hours_max[0]))
            & (self.hours_max >= float(table.hours_min[0]))
        )
        bounded = np.flatnonzero(keep & np.isfinite(self.radius_km))
        distances = self.home.distances_from(float(table.lat[0]), float(table.lon[0]), bounded)
        # a margin: the scorer's exact distance decides at the border
        keep[bounded] = distances <= self.radius_km[bounded] + 0.01
        return keep


def candidates(
    row: FunctionRow,
    queries: Sequence[CitizenQuery],
    context: ScoringContext,
    arrays: QueryArrays | None = None,
) -> list[Candidate]:
    """Every citizen (of `queries`) the function suits, best first (as the citizen's own
    list would order it; ties by position). `arrays` are the queries' (built when not
    given)."""
    vocabulary = Vocabulary()
    table = FunctionTable.build([row], vocabulary)
    filters = arrays if arrays is not None else QueryArrays.of(queries)
    positions = np.flatnonzero(filters.may_pass(table, context))
    chosen = [queries[int(p)] for p in positions]
    found = [
        Candidate(int(position), ranked.suggestions[0])
        for position, ranked in zip(
            positions, rank_many(table, chosen, vocabulary, context), strict=True
        )
        if ranked.suggestions
    ]
    found.sort(key=lambda c: (ranking_key(c.suggestion), c.position))
    return found


def distance_band(distance_km: float | None) -> str:
    """The band a distance falls in (UNKNOWN_BAND without a home location)."""
    if distance_km is None:
        return UNKNOWN_BAND
    return band(distance_km, DISTANCE_BANDS, FAR_BAND)


def band(value: float, bands: tuple[tuple[float, str], ...], beyond: str) -> str:
    """The label of the first band whose upper bound `value` is below, else `beyond`."""
    return next((label for upper, label in bands if value < upper), beyond)


def match_band(score: float) -> str:
    """The band a score falls in."""
    return next((label for lowest, label in MATCH_BANDS if score >= lowest), WEAK_MATCH)


def card(query: CitizenQuery, suggestion: Suggestion) -> CandidateCard:
    """The full card of a candidate (before `anonymise` decides how much of it is shown)."""
    goal = suggestion.goal_occupation
    return CandidateCard(
        detail=Detail.FULL,
        target_group=query.target_group,
        hours_band=band(query.hours_max, HOURS_BANDS, FULL_TIME_BAND),
        distance_band=distance_band(suggestion.distance_km),
        match=match_band(suggestion.score),
        placement_types=suggestion.placement_types,
        goal_relation=goal.relation if goal is not None else None,
        needs_met=tuple(dict.fromkeys(suggestion.hard_needs_met + suggestion.soft_needs_met)),
        matched_terms=suggestion.matched_terms,
    )
