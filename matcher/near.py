"""Near matches, and why a list is empty.

A near match is a workplace function that fails exactly one of the citizen's hard constraints:
it lacks one hard need (an employer often agrees to an accommodation it does not list), or it
lies beyond the commute radius by a little. Each is found by the same search with that one
constraint turned around (only rows that fail it, every other filter as before), so a near
match is scored and explained as a suggestion is, on either backend, and is never one of the
suggestions. When the suggestions are fewer than asked, the same searches count how many each
relaxation would add, which says which need or filter empties the list or keeps it short. A
function with nothing to do with the citizen's skills, experience or goals is never a
suggestion: the outcome says how many functions pass every filter and how many of them are
relevant.
"""

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matcher.query import CitizenQuery
from matcher.scoring import Ranked, Suggestion, ranking_key
from matcher.vocabulary import ALL_PLACEMENTS_MASK, accommodation_mask
from matcher.weights import ScoringWeights

RankMany = Callable[[Sequence[CitizenQuery]], list[Ranked]]

_GROUPS = itertools.count(1)

NEAR_KINDS = ("need", "radius")
"""What a near match may lack; a relaxed placement-type filter only counts (why the list is
empty): a workplace offering another kind of placement is not almost the one asked for."""


@dataclass(frozen=True, slots=True)
class Relaxation:
    """One hard constraint given up: a hard need, the radius (widened a little) or the
    placement types asked for."""

    kind: str
    """"need", "radius" or "placement_types"."""
    need: str | None = None
    radius_km: float | None = None
    """For the radius: the citizen's radius ..."""
    widened_km: float | None = None
    """... and how far the relaxed search reaches."""


@dataclass(frozen=True, slots=True)
class NearMatch:
    suggestion: Suggestion
    missing: Relaxation


@dataclass(frozen=True, slots=True)
class Loosening:
    """How many suggestions the list would have without one constraint."""

    relaxation: Relaxation
    count: int


@dataclass(frozen=True, slots=True)
class Outcome:
    total: int
    """How many functions pass every hard filter."""
    suggestions: list[Suggestion]
    near_matches: list[NearMatch]
    why_empty: list[Loosening] | None
    """Only when there are fewer suggestions than asked: each relaxation and how many
    suggestions it would give, most first."""
    relevant: int | None = None
    """How many of them have anything to do with the citizen's skills, experience or goals:
    only those are suggestions (None for a citizen with nothing to be relevant to, whose
    suggestions are the best of all)."""


def _near_search(query: CitizenQuery, limit: int, **changes: Any) -> CitizenQuery:
    """A near-match search: the relevant rows only, in the hand weights' order, the best few
    of all the request's near-match searches together wanted, and not their totals."""
    return dataclasses.replace(
        query,
        limit=limit,
        relevant_only=True,
        learned_order=False,
        counted=False,
        **changes,
    )


def relaxations(
    query: CitizenQuery, weights: ScoringWeights, *, limit: int
) -> list[tuple[Relaxation, CitizenQuery]]:
    """Each constraint the citizen's list could do without, and the search that finds the
    functions failing only it: at most `limit` of them explained, and for a near match
    (need, radius) only those with some relevance to the citizen's skills or goals (one
    with nothing to do with them is no near match)."""
    found: list[tuple[Relaxation, CitizenQuery]] = []
    # One citizen's near-match searches share their limit: the best few of them all are shown.
    query = dataclasses.replace(query, limit_group=next(_GROUPS))
    for need in query.hard_needs:
        others = tuple(n for n in query.hard_needs if n != need)
        found.append(
            (
                Relaxation("need", need=need),
                _near_search(
                    query,
                    limit,
                    hard_needs=others,
                    hard_mask=accommodation_mask(others),
                    lacking_needs=(need,),
                    lacking_mask=accommodation_mask([need]),
                ),
            )
        )
    if query.location is not None and query.radius_km is not None:
        radius = query.radius_km
        widened = radius + max(weights.near_radius_min_km, radius * weights.near_radius_share)
        found.append(
            (
                Relaxation("radius", radius_km=radius, widened_km=widened),
                _near_search(query, limit, radius_km=widened, beyond_km=radius),
            )
        )
    if query.wanted_placement_mask != ALL_PLACEMENTS_MASK:
        found.append(
            (
                Relaxation("placement_types"),
                dataclasses.replace(
                    query,
                    wanted_placement_mask=ALL_PLACEMENTS_MASK,
                    missing_placement_mask=query.wanted_placement_mask,
                    limit=0,
                ),
            )
        )
    return found


def search(
    query: CitizenQuery, rank_many: RankMany, weights: ScoringWeights, *, near_limit: int
) -> Outcome:
    """The suggestions, the best `near_limit` near matches, and when there are fewer
    suggestions than asked, what each relaxation would add. The near-match searches go with
    the suggestions' (one request); when the list is short, every relaxation counts the
    functions that would pass without it, relevant or not."""
    relaxed = relaxations(query, weights, limit=near_limit)
    nearby = [(r, q) for r, q in relaxed if r.kind in NEAR_KINDS] if near_limit > 0 else []
    main, *found = rank_many([query, *(q for _, q in nearby)])
    results = {r: ranked for (r, _), ranked in zip(nearby, found, strict=True)}
    near = [
        NearMatch(suggestion, relaxation)
        for relaxation, ranked in results.items()
        for suggestion in ranked.suggestions
    ]
    near.sort(key=lambda match: ranking_key(match.suggestion))
    why_empty = None
    if len(main.suggestions) < query.limit:
        # Every function that would pass is counted, relevant or not: OpenSearch counts
        # what passes its filters, and so both backends give the same counts.
        counted = rank_many(
            [dataclasses.replace(q, limit=0, relevant_only=False, counted=True) for _, q in relaxed]
        )
        counts = [
            Loosening(r, ranked.total) for (r, _), ranked in zip(relaxed, counted, strict=True)
        ]
        why_empty = sorted(counts, key=lambda loosening: -loosening.count)
    return Outcome(main.total, main.suggestions, near[:near_limit], why_empty, main.relevant)
