"""How near a goal occupation is to each function's: by their DISCO-08 codes (the closest
relation: same unit, minor or sub-major group, or a shared occupational field), by the field a
goal was read as ("kontor"), or by a fuzzy match of the titles, whichever is higher. Computed
once per goal and table, per (code, title)."""

import numpy as np
from rapidfuzz import fuzz, process

from matcher.occupations import OccupationTable
from matcher.query import ResolvedGoal
from matcher.scoring.context import derived
from matcher.table import FloatArray, FunctionTable
from matcher.weights import ScoringWeights


def goal_similarity(
    table: FunctionTable,
    goal: ResolvedGoal,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> FloatArray:
    """Similarity in [0, 1] of one goal occupation to each of the table's (code, title) keys:
    the closest relation of their DISCO-08 codes (same unit, minor or sub-major group, or a
    shared occupational field), or a fuzzy title match, whichever is higher."""
    key = (
        "goal",
        goal.normalised_title,
        goal.occupation_code,
        goal.field,
        weights.goal_field,
        weights.fuzzy_title_min_ratio,
        weights.same_unit_group,
        weights.same_minor_group,
        weights.same_sub_major_group,
        weights.same_field,
        id(occupations),
    )

    def make() -> FloatArray:
        keys = table.title_keys
        if not keys:
            return np.zeros(0, dtype=np.float64)
        ratios = title_similarity(goal.normalised_title, [title for _, title in keys])
        fuzzy = np.where(ratios >= weights.fuzzy_title_min_ratio, ratios / 100.0, 0.0)
        code = goal.occupation_code
        codes = derived(table, "key_codes", lambda: [key_code for key_code, _ in keys])
        if goal.field is not None:
            field = occupations.field(goal.field)
            units = field.units if field is not None else frozenset()
            in_field = np.array([c[:4] in units for c in codes], dtype=np.bool_)
            return np.maximum(np.where(in_field, weights.goal_field, 0.0), fuzzy)
        if not code:
            return fuzzy.astype(np.float64)
        by_unit = {unit: code_similarity(occupations, code, unit, weights) for unit in set(codes)}
        by_code = np.array([by_unit[key_code] for key_code in codes], dtype=np.float64)
        return np.maximum(by_code, fuzzy)

    return derived(table, key, make)


def _head(title: str) -> tuple[str, str]:
    modifier, _, head = title.rpartition(" ")
    return modifier, head


def title_similarity(goal: str, titles: list[str]) -> FloatArray:
    """How alike a goal's title is to each title (0-100, normalised as matcher.text does):
    their heads and their modifiers compared apart, the lesser counting, so a shared head
    with another modifier ("Kantinemedhjælper", "Gartnermedhjælper") is no match. A goal of a
    bare head ("Bud") is met by every kind of it ("Cykelbud")."""
    modifier, head = _head(goal)
    parts = [_head(title) for title in titles]
    heads = process.cdist([head], [h for _, h in parts], scorer=fuzz.ratio, dtype=np.float64)[0]
    if not modifier:
        return heads
    modifiers = process.cdist(
        [modifier], [m for m, _ in parts], scorer=fuzz.ratio, dtype=np.float64
    )[0]
    similar: FloatArray = np.minimum(heads, modifiers)
    return similar


def code_similarity(
    occupations: OccupationTable, goal_code: str, code: str, weights: ScoringWeights
) -> float:
    """How near a function's occupation is to a goal's, by their closest relation."""
    return max(
        (weights.relation_weight(r.kind) for r in occupations.relations(goal_code, code)),
        default=0.0,
    )
