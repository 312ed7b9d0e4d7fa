"""`matcher train`, `models`, `fairness` and `rollback` (SQLite and PostgreSQL)."""

from pathlib import Path

import pytest

from api.cli import main
from api.composition.settings import Settings
from api.composition.wiring import create_context
from tests.stored import matchable, trained_model


def test_train_with_no_outcomes_says_why_and_models_lists_it(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    context = create_context(Settings())
    try:
        matchable(context, citizens=2)
    finally:
        context.close()
    assert main(["train"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("model 1: candidate; trained")
    assert "refused: 0 courses with an outcome, 0 good" in out
    assert main(["models"]) == 0
    assert capsys.readouterr().out.startswith("ranked by: hand_weights\nmodel 1: candidate")
    assert main(["fairness"]) == 1
    assert "no model has a fairness report yet" in capsys.readouterr().err
    assert main(["rollback"]) == 1
    assert "the hand weights do" in capsys.readouterr().err


def test_a_trained_models_fairness_report_and_its_roll_back(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    context = create_context(Settings())
    try:
        model_id = trained_model(context)
    finally:
        context.close()
    assert main(["fairness", "--model", str(model_id)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"model {model_id}: fairness gate passed")
    assert "danish_level=basic" in out
    assert main(["rollback"]) == 0
    assert capsys.readouterr().out == "ranked by: hand_weights\n"
    assert main(["fairness", "--model", "99"]) == 1
