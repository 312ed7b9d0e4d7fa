"""Learning from outcomes, measured on simulated histories (fixtures.outcomes).

    python -m benchmarks.learning [--citizens 1600] [--contacts 12] [--workplaces 2000]
                                  [--courses 100000]

Prints, for an unbiased history: the learned ranking against the hand weights on the newer
quarter of the courses (nDCG@10 and hit@5 with 95% bootstrap intervals), the fairness gate's
gaps and verdict, and the time to train and judge; for a history biased against one group,
the gate's verdict; the time to train on `--courses` courses (logistic regression only, and
the whole judgement with the evaluation); and what ordering by the model adds to an
in-process suggestion (median and p95 over the simulated citizens). Asserts nothing.
"""

import argparse
import dataclasses
import statistics
import time

import numpy as np

from fixtures.outcomes import Simulation, simulate
from matcher.learning.evaluation import time_split
from matcher.learning.fairness import REACH, TOP
from matcher.learning.model import LearnedRanking, train
from matcher.learning.training import Candidate, judge, lists_of
from matcher.scoring import suggest


def _judged(world: Simulation) -> tuple[Candidate, float]:
    groups = {"target_group": world.target_group, "danish_level": world.danish_level}
    began = time.perf_counter()
    candidate = judge(
        world.history,
        lambda model: lists_of(groups, world.lists(None, REACH), world.lists(model, TOP)),
    )
    return candidate, time.perf_counter() - began


def _interval(value: object) -> str:
    mean, low, high = (getattr(value, k) for k in ("mean", "low", "high"))
    return f"{mean:.3f} [{low:.3f}, {high:.3f}]"


def _report(label: str, candidate: Candidate, seconds: float) -> None:
    trained, tested = candidate.trained_on, candidate.tested_on
    print(f"== {label}: {trained:,} courses to train on, {tested:,} held out")
    comparison = candidate.comparison
    if comparison is not None:
        print(f"   {comparison.citizens:,} test citizens with a good outcome")
        for measure in ("ndcg@10", "hit@5"):
            print(
                f"   {measure:<8} model {_interval(comparison.model[measure])}  "
                f"hand {_interval(comparison.hand[measure])}  "
                f"difference {_interval(comparison.difference[measure])}"
            )
    if candidate.fairness is not None:
        for gap in candidate.fairness.gaps:
            if gap.measure in ("good_exposure", "hit_rate"):
                flag = "  WIDENED" if gap.widened else ""
                figures = f"{gap.hand:.3f} -> {gap.model:.3f}{flag}"
                print(f"   gap {gap.measure} by {gap.grouping}: {figures}")
    verdict = (
        "may rank"
        if candidate.may_rank
        else "refused: " + "; ".join(r.text for r in candidate.refused)
    )
    print(f"   {verdict}")
    print(f"   train + judge (evaluation, bootstrap, live lists): {seconds:.1f} s")


def _latency(world: Simulation, model: LearnedRanking, count: int = 500) -> None:
    queries = [dataclasses.replace(q, limit=10) for q in world.queries[:count]]
    for label, context in (
        ("hand weights", world.context),
        ("learned", dataclasses.replace(world.context, model=model)),
    ):
        times = []
        for query in queries:
            began = time.perf_counter()
            suggest(world.table, query, world.vocabulary, context)
            times.append((time.perf_counter() - began) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"   suggest ({label}): median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms")


def _training_time(world: Simulation, courses: int) -> None:
    history = world.history
    repeat = -(-courses // len(history))
    rows = np.concatenate([np.arange(len(history))] * repeat)[:courses]
    big = history.take(rows)
    # Each repeat a later year, so the time split still holds out the newest quarter.
    big = dataclasses.replace(big, day=big.day + 365 * (np.arange(courses) // len(history)))
    older, _ = time_split(big)
    began = time.perf_counter()
    train(older.features, older.good)
    fitted = time.perf_counter() - began
    print(
        f"== training on {courses:,} courses ({len(older):,} in the training window, "
        f"{older.features.shape[1]} features and their products): {fitted:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workplaces", type=int, default=2000)
    parser.add_argument("--citizens", type=int, default=1600)
    parser.add_argument("--contacts", type=int, default=12)
    parser.add_argument("--courses", type=int, default=100_000)
    args = parser.parse_args()
    size = {"workplaces": args.workplaces, "citizens": args.citizens, "contacts": args.contacts}
    began = time.perf_counter()
    world = simulate(**size)
    print(f"simulated {len(world.history):,} contacts in {time.perf_counter() - began:.1f} s")
    candidate, seconds = _judged(world)
    _report("unbiased history", candidate, seconds)
    if candidate.model is not None:
        _latency(world, candidate.model)
    biased, seconds = _judged(simulate(**size, bias="minority_women"))
    _report("history biased against minority_women", biased, seconds)
    _training_time(world, args.courses)


if __name__ == "__main__":
    main()
