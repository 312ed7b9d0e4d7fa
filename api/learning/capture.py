"""The features of a contact, captured when it is made: the citizen scored against the
contacted workplace alone, by the code that ranks (a one-workplace table scores each of its
functions as the whole index does), so what a model learns from is what it will read."""

import numpy as np

from api.composition.context import AppContext
from matcher.learning.features import FEATURE_NAMES, features
from matcher.models import CitizenProfile, Workplace
from matcher.scoring import score
from matcher.table import FunctionTable, Vocabulary, function_rows


def features_at_contact(
    context: AppContext, profile: CitizenProfile, workplace: Workplace, function_id: int | None
) -> dict[str, float] | None:
    """The contacted function's features (the workplace's best function when none was
    named); None when it does not pass the citizen's hard filters (a learned ranking only
    orders those, so it has nothing to learn from such a contact)."""
    rows = function_rows(workplace)
    query = context.matching.query(profile, limit=max(len(rows), 1))
    vocabulary = Vocabulary()
    table = FunctionTable.build(rows, vocabulary)
    scoring = context.matching.scoring()
    scored = score(table, query, vocabulary, scoring)
    positions = np.arange(len(scored.rows))
    if function_id is not None:
        positions = positions[table.function_id[scored.rows] == function_id]
    if not len(positions):
        return None
    best = positions[np.argmax(scored.total[positions])]
    found = features(table, scored, np.array([best]), query, scoring)[0]
    return {name: float(value) for name, value in zip(FEATURE_NAMES, found, strict=True)}
