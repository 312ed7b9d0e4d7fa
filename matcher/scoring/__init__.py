"""Hard filters, the score and its explanation, vectorised over a FunctionTable.

candidates   the rows worth scoring for a citizen
filters      the hard filters over a block of (citizen, row) pairs
factors      each factor's contribution
explanation  a suggestion with its reasons
ranking      a block of citizens at a time, and the best rows of each
order        the order of the best rows: by score, or by a learned ranking
"""

from matcher.scoring.context import LearnedOrder, Scored, ScoringContext, smoothed_rate
from matcher.scoring.explanation import (
    HAND_WEIGHTS,
    Factor,
    GoalMatch,
    RecordSummary,
    Suggestion,
    explain,
)
from matcher.scoring.order import merge_ranked, ranking_key, top
from matcher.scoring.ranking import Ranked, rank_many, score, score_many, suggest, suggest_many

__all__ = [
    "HAND_WEIGHTS",
    "Factor",
    "GoalMatch",
    "LearnedOrder",
    "Ranked",
    "RecordSummary",
    "Scored",
    "ScoringContext",
    "Suggestion",
    "explain",
    "merge_ranked",
    "rank_many",
    "ranking_key",
    "score",
    "score_many",
    "smoothed_rate",
    "suggest",
    "suggest_many",
    "top",
]
