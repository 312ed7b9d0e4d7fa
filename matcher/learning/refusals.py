"""Why a model may not rank, as a code and its figures: the API and the command line say it in
English (`text`), the pages in Danish from the same code and figures.

A model stored before the codes carried its reasons as English sentences; `parse` reads those
back into codes (the migration that converted them uses it), and a sentence it cannot read
stays as `other` with the sentence as its one parameter."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Params = dict[str, Any]

TOO_FEW = "too_few_outcomes"
NOT_BETTER = "not_better"
GAP_WIDENED = "gap_widened"
OTHER = "other"

HAND = "hand_weights"
"""`against` of a model that does not beat the hand weights; else the model in use's label."""


@dataclass(frozen=True)
class Refusal:
    code: str
    params: Params = field(default_factory=dict)

    @property
    def text(self) -> str:
        """In English, as the API and the command line say it."""
        return _TEXTS[self.code](self.params)

    def stored(self) -> Params:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def read(cls, stored: object) -> "Refusal":
        """From the store: a code and its figures, or a sentence stored before the codes."""
        if isinstance(stored, dict):
            return cls(str(stored["code"]), dict(stored.get("params") or {}))
        return parse(str(stored))


def too_few(total: int, wins: int, *, least: int, each: int) -> Refusal:
    return Refusal(TOO_FEW, {"total": total, "wins": wins, "least": least, "each": each})


def not_better(against: str, *, ndcg: float, low: float, high: float, hit: float) -> Refusal:
    figures = {"ndcg": ndcg, "low": low, "high": high, "hit": hit}
    return Refusal(NOT_BETTER, {"against": against, **figures})


def gap_widened(measure: str, grouping: str, *, hand: float, model: float) -> Refusal:
    return Refusal(
        GAP_WIDENED, {"measure": measure, "grouping": grouping, "hand": hand, "model": model}
    )


def _too_few_text(p: Params) -> str:
    return (
        f"{p['total']} courses with an outcome, {p['wins']} good: a model needs at least "
        f"{p['least']}, with {p['each']} good and {p['each']} not"
    )


def _not_better_text(p: Params) -> str:
    what = "the hand weights" if p["against"] == HAND else f"the model in use ({p['against']})"
    return (
        f"does not beat {what}: nDCG@10 difference {p['ndcg']:+.3f} "
        f"(95% interval {p['low']:+.3f} to {p['high']:+.3f}), hit@5 difference "
        f"{p['hit']:+.3f}"
    )


def _gap_text(p: Params) -> str:
    return (
        f"{p['measure']} by {p['grouping']}: the gap grows from {p['hand']:.3f} to {p['model']:.3f}"
    )


_TEXTS = {
    TOO_FEW: _too_few_text,
    NOT_BETTER: _not_better_text,
    GAP_WIDENED: _gap_text,
    OTHER: lambda p: str(p["text"]),
}

_NUMBER = r"([+-]?\d+(?:\.\d+)?)"
_SENTENCES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], Params]]] = [
    (
        TOO_FEW,
        re.compile(
            r"(\d+) courses with an outcome, (\d+) good: a model needs at least (\d+), "
            r"with (\d+) good and \d+ not"
        ),
        lambda m: {
            "total": int(m[1]),
            "wins": int(m[2]),
            "least": int(m[3]),
            "each": int(m[4]),
        },
    ),
    (
        NOT_BETTER,
        re.compile(
            rf"does not beat (?:the hand weights|the model in use \((.+)\)): nDCG@10 "
            rf"difference {_NUMBER} \(95% interval {_NUMBER} to {_NUMBER}\), hit@5 "
            rf"difference {_NUMBER}"
        ),
        lambda m: {
            "against": m[1] or HAND,
            "ndcg": float(m[2]),
            "low": float(m[3]),
            "high": float(m[4]),
            "hit": float(m[5]),
        },
    ),
    (
        GAP_WIDENED,
        re.compile(rf"(\w+) by (\w+): the gap grows from {_NUMBER} to {_NUMBER}"),
        lambda m: {
            "measure": m[1],
            "grouping": m[2],
            "hand": float(m[3]),
            "model": float(m[4]),
        },
    ),
]


def parse(sentence: str) -> Refusal:
    """A reason stored as an English sentence, read back into its code and figures."""
    for code, pattern, params in _SENTENCES:
        found = pattern.fullmatch(sentence)
        if found is not None:
            return Refusal(code, params(found))
    return Refusal(OTHER, {"text": sentence})
