"""What a learned ranking reads of a (citizen, function) pair: the scorer's own findings as
numbers from 0 to 1, computed the same way when a contact is made (the snapshot it learns
from) and when it ranks (so what it learned and what it reads never differ).

Only what matching itself uses is read. The target group, the Danish level, age, origin and
health are never features: they are kept apart to measure fairness with (`fairness`).
"""

import numpy as np
import numpy.typing as npt

from matcher.query import CitizenQuery
from matcher.scoring.context import Scored, ScoringContext
from matcher.scoring.factors import good_rate, paid_rate
from matcher.table import FloatArray, FunctionTable, IntArray
from matcher.vocabulary import PAID_HOURS_MASK, PRAKTIK_MASK

FEATURE_NAMES: tuple[str, ...] = (
    "hand_score",  # the hand-weighted score over the most the citizen can score
    "skills",  # the skills factor over its weight (Dice overlap of stems)
    "goal",  # the goal factor over its weight (preference x similarity x balance)
    "goal_similarity",  # the best goal's occupation similarity, balance aside
    "relevance_share",  # the share of its fit points the pair keeps (relevance first)
    "soft_needs_asked",  # how many soft needs the citizen has (of at most 5)
    "soft_needs_met",  # the share of the citizen's soft needs the function meets
    "soft_needs_unmet",  # how many it does not meet (of at most 5)
    "located",  # 1 when the citizen's home is known
    "proximity",  # halves with every distance_half_life_km from home
    "distance",  # kilometres from home (of at most 30)
    "commute",  # the citizen's commute radius (of at most 30; 0 for none)
    "record",  # the workplace's smoothed rate of good outcomes
    "record_volume",  # how many placements that record rests on (log, of at most 20)
    "paid_hours_rate",  # the smoothed rate of paid hours (for a citizen who wants them)
    "offers_paid_hours",  # the function offers the citizen paid hours
    "offers_praktik",  # the function offers the citizen a praktik
    "hours_overlap",  # the share of the citizen's weekly hours the function can give
)
FEATURE_COUNT = len(FEATURE_NAMES)
_MOST_UNMET = 5.0
_MOST_KM = 30.0
_MOST_VOLUME = float(np.log1p(20.0))


def features(
    table: FunctionTable,
    scored: Scored,
    positions: IntArray,
    query: CitizenQuery,
    context: ScoringContext,
) -> FloatArray:
    """One row of FEATURE_NAMES for each position of `scored` (a citizen's rows that passed
    the hard filters)."""
    weights = context.weights
    rows = scored.rows[positions]
    found = np.zeros((len(positions), FEATURE_COUNT), dtype=np.float64)
    column = {name: found[:, i] for i, name in enumerate(FEATURE_NAMES)}
    best = weights.best_score(near_home=query.prefers_near_home)
    column["hand_score"][:] = scored.total[positions] / best
    column["skills"][:] = _share(scored.factors["skills"][positions], weights.skills)
    column["goal"][:] = _share(
        scored.factors["goal_occupation"][positions], weights.goal_occupation
    )
    column["goal_similarity"][:] = scored.goal_similarity[positions]
    column["relevance_share"][:] = scored.fit_share[positions]
    _needs(column, table.accommodations[rows], query)
    if scored.distance_km is not None:
        km = scored.distance_km[positions]
        column["located"][:] = 1.0
        column["proximity"][:] = 0.5 ** (km / weights.distance_half_life_km)
        column["distance"][:] = np.minimum(km, _MOST_KM) / _MOST_KM
    if query.radius_km is not None:
        column["commute"][:] = min(query.radius_km, _MOST_KM) / _MOST_KM
    column["record"][:] = good_rate(table, weights)[rows]
    column["record_volume"][:] = np.minimum(np.log1p(table.record_placements[rows]), _MOST_VOLUME)
    column["record_volume"][:] /= _MOST_VOLUME
    available = scored.available_placements[positions]
    if query.wants_paid_hours:
        column["paid_hours_rate"][:] = paid_rate(table, weights)[rows]
    column["offers_paid_hours"][:] = (available & np.uint8(PAID_HOURS_MASK)) != 0
    column["offers_praktik"][:] = (available & np.uint8(PRAKTIK_MASK)) != 0
    column["hours_overlap"][:] = _hours_overlap(table, rows, query)
    return found


def _share(points: FloatArray, most: float) -> FloatArray:
    share: FloatArray = points / most if most > 0 else np.zeros(len(points))
    return share


def _needs(
    column: dict[str, FloatArray], offered: npt.NDArray[np.uint32], query: CitizenQuery
) -> None:
    asked = len(query.soft_needs)
    if not asked:
        return
    column["soft_needs_asked"][:] = min(asked, _MOST_UNMET) / _MOST_UNMET
    met = np.bitwise_count(offered & np.uint32(query.soft_mask)).astype(np.float64)
    column["soft_needs_met"][:] = met / asked
    column["soft_needs_unmet"][:] = np.minimum(asked - met, _MOST_UNMET) / _MOST_UNMET


def _hours_overlap(table: FunctionTable, rows: IntArray, query: CitizenQuery) -> FloatArray:
    """How much of the citizen's range of weekly hours the function's range covers (1 for a
    citizen who asks one number of hours the function can give)."""
    low = np.maximum(table.hours_min[rows], query.hours_min)
    high = np.minimum(table.hours_max[rows], query.hours_max)
    wanted = query.hours_max - query.hours_min
    if wanted <= 0:
        covered: FloatArray = (high >= low).astype(np.float64)
        return covered
    overlap: FloatArray = np.clip((high - low) / wanted, 0.0, 1.0)
    return overlap
