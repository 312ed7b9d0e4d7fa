"""A model's report as text (`matcher models`, `matcher fairness`)."""

from typing import Any

from api.learning.schemas import ModelOut

MEASURES = ("good_exposure", "hit_rate", "three_or_more", "zero_results")


def summary(model: ModelOut) -> str:
    """One paragraph: what it is, whether it ranks, and why not."""
    lines = [
        f"model {model.id}: {model.status}{' (ranks now)' if model.ranks else ''}; "
        f"trained {model.created_at:%Y-%m-%d %H:%M} by {model.created_by} on "
        f"{model.trained_on} courses, tested on {model.tested_on}",
    ]
    for name, window in model.windows.items():
        if window:
            lines.append(f"  {name} window: {window[0]} to {window[1]}")
    if model.comparison:
        lines.extend(_comparison(model.comparison))
    lines.extend(f"  refused: {reason}" for reason in model.refused)
    return "\n".join(lines)


def _interval(value: dict[str, float]) -> str:
    return f"{value['mean']:.3f} [{value['low']:.3f}, {value['high']:.3f}]"


def _comparison(comparison: dict[str, Any]) -> list[str]:
    lines = ["  measure   model                  hand weights           difference"]
    for measure in ("ndcg@10", "hit@5"):
        lines.append(
            f"  {measure:<9} {_interval(comparison['model'][measure]):<22} "
            f"{_interval(comparison['hand'][measure]):<22} "
            f"{_interval(comparison['difference'][measure])}"
        )
    against = comparison.get("against_current")
    if against:
        lines.append(
            "  against the model in use: nDCG@10 difference "
            + _interval(against["difference"]["ndcg@10"])
        )
    return lines


def fairness(model: ModelOut) -> str:
    """The fairness report: each group's figures (hand -> model) and each gap."""
    report = model.fairness
    if not report:
        return f"model {model.id} has no fairness report: {'; '.join(model.refused)}"
    verdict = "passed" if report["passed"] else "refused"
    lines = [f"model {model.id}: fairness gate {verdict} (tolerance {report['tolerance']:.2f})"]
    header = f"  {'group':<32} {'citizens':>8} {'tested':>6}  " + "  ".join(
        f"{m:>19}" for m in MEASURES
    )
    lines.append(header)
    for group in report["groups"]:
        cells = "  ".join(
            f"{_figure(group['hand'][m])} -> {_figure(group['model'][m])}".rjust(19)
            for m in MEASURES
        )
        name = f"{group['grouping']}={group['group']}"
        lines.append(f"  {name:<32} {group['citizens']:>8} {group['tested']:>6}  {cells}")
    lines.append("  gaps (best group less worst):")
    for gap in report["gaps"]:
        flag = "  WIDENED" if gap["widened"] else ""
        lines.append(
            f"    {gap['measure']} by {gap['grouping']}: "
            f"{gap['hand']:.3f} -> {gap['model']:.3f}{flag}"
        )
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "   - " if value is None else f"{value:.3f}"
