"""A model's report as text: the figures with their intervals, why it was refused, and the
fairness table with each gap (a widened one marked)."""

import datetime as dt

from api.learning.report import fairness, summary
from api.learning.schemas import ModelOut, RefusalOut

INTERVAL = {"mean": 0.8, "low": 0.75, "high": 0.85}
MODEL = ModelOut(
    id=3,
    status="candidate",
    ranks=False,
    created_at=dt.datetime(2026, 11, 22, 4, 0, tzinfo=dt.UTC),
    created_by="system",
    trained_on=300,
    tested_on=100,
    windows={"train": ["2025-01-01", "2025-12-31"], "test": ["2026-01-01", "2026-03-01"]},
    comparison={
        "model": {"ndcg@10": INTERVAL, "hit@5": INTERVAL},
        "hand": {"ndcg@10": INTERVAL, "hit@5": INTERVAL},
        "difference": {"ndcg@10": {"mean": 0.0, "low": -0.02, "high": 0.02}, "hit@5": INTERVAL},
        "against_current": None,
    },
    fairness={
        "tolerance": 0.05,
        "passed": False,
        "groups": [
            {
                "grouping": "target_group",
                "group": "minority_women",
                "citizens": 40,
                "tested": 10,
                "hand": {
                    "good_exposure": 0.5,
                    "hit_rate": 1.0,
                    "three_or_more": 1.0,
                    "zero_results": 0.0,
                },
                "model": {
                    "good_exposure": 0.3,
                    "hit_rate": None,
                    "three_or_more": 1.0,
                    "zero_results": 0.0,
                },
            }
        ],
        "gaps": [
            {
                "grouping": "target_group",
                "measure": "good_exposure",
                "hand": 0.1,
                "model": 0.3,
                "widened": True,
            }
        ],
    },
    refused=["good_exposure by target_group: the gap grows from 0.100 to 0.300"],
    refusals=[
        RefusalOut(
            code="gap_widened",
            params={
                "measure": "good_exposure",
                "grouping": "target_group",
                "hand": 0.1,
                "model": 0.3,
            },
            text="good_exposure by target_group: the gap grows from 0.100 to 0.300",
        )
    ],
    activated_at=None,
    activated_by=None,
    retired_at=None,
    weights=[],
)


def test_the_summary_gives_the_figures_with_intervals_and_the_refusal() -> None:
    text = summary(MODEL)
    assert "model 3: candidate; trained 2026-11-22 04:00 by system on 300 courses" in text
    assert "train window: 2025-01-01 to 2025-12-31" in text
    assert "ndcg@10   0.800 [0.750, 0.850]   0.800 [0.750, 0.850]   0.000 [-0.020, 0.020]" in text
    assert text.endswith(
        "refused: good_exposure by target_group: the gap grows from 0.100 to 0.300"
    )


def test_the_fairness_report_shows_each_group_and_marks_a_widened_gap() -> None:
    text = fairness(MODEL)
    assert text.startswith("model 3: fairness gate refused (tolerance 0.05)")
    assert "target_group=minority_women" in text and "0.500 -> 0.300" in text
    assert "1.000 ->    -" in text  # a figure with no one to measure
    assert "good_exposure by target_group: 0.100 -> 0.300  WIDENED" in text


def test_a_model_without_a_report_says_why() -> None:
    untrained = MODEL.model_copy(update={"fairness": None, "refused": ["too few"]})
    assert fairness(untrained) == "model 3 has no fairness report: too few"
