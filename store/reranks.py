"""Repository of batch re-ranking runs, snapshots and failures."""

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from store.models import CitizenRow, CitizenSnapshot, RerankFailure, RerankPending, RerankRun
from store.states import RunStatus, Trigger


def create_run(
    session: Session, *, trigger: Trigger, citizen_ids: list[int], top_k: int
) -> RerankRun:
    run = RerankRun(
        trigger=trigger,
        status=RunStatus.QUEUED,
        top_k=top_k,
        citizen_ids=citizen_ids,
        total=len(citizen_ids),
        done=0,
        failed=0,
    )
    session.add(run)
    session.flush()
    return run


def get_run(session: Session, *, run_id: int) -> RerankRun | None:
    return session.get(RerankRun, run_id)


def record_allocation(session: Session, *, run_id: int, figures: dict[str, Any]) -> bool:
    """Write what the run's allocation did, unless another process already has (a
    conditional update); False means it had, and what this transaction wrote must go."""
    written = session.execute(
        update(RerankRun)
        .where(RerankRun.id == run_id, RerankRun.allocation.is_(None))
        .values(allocation=figures)
    )
    return bool(getattr(written, "rowcount", 0))


def list_runs(session: Session, *, limit: int) -> list[RerankRun]:
    return list(session.scalars(select(RerankRun).order_by(RerankRun.id.desc()).limit(limit)))


def unfinished_runs(session: Session) -> list[RerankRun]:
    """Runs still to rank, and runs ranked whose allocation was never written (the process
    that finished them died before it could)."""
    return list(
        session.scalars(
            select(RerankRun).where(
                RerankRun.status.in_((RunStatus.QUEUED, RunStatus.RUNNING))
                | (
                    RerankRun.finished_at.is_not(None)
                    & RerankRun.allocation.is_(None)
                    & (RerankRun.done > 0)
                )
            )
        )
    )


def handled_citizen_ids(
    session: Session, *, run_id: int, among: list[int] | None = None
) -> set[int]:
    """Citizens of a run (or of `among` them) that have a snapshot or a recorded failure."""
    done = select(CitizenSnapshot.citizen_id).where(CitizenSnapshot.run_id == run_id)
    failed = select(RerankFailure.citizen_id).where(RerankFailure.run_id == run_id)
    if among is not None:
        done = done.where(CitizenSnapshot.citizen_id.in_(among))
        failed = failed.where(RerankFailure.citizen_id.in_(among))
    return set(session.scalars(done)) | set(session.scalars(failed))


def add_snapshot(
    session: Session,
    *,
    run_id: int,
    citizen_id: int,
    suggestions: list[dict[str, Any]],
    changes: dict[str, Any],
    reserve: list[dict[str, Any]] | None = None,
) -> None:
    """A citizen's suggestions in a run; `reserve` are the places ranked after them that the
    run's allocation may show instead (each a function id, a workplace id and a score)."""
    # What the run's allocation reads, when every suggestion names its workplace and score.
    complete = all("workplace_id" in s and "score" in s for s in suggestions)
    session.add(
        CitizenSnapshot(
            run_id=run_id,
            citizen_id=citizen_id,
            suggestions=suggestions,
            function_ids=[s["function_id"] for s in suggestions],
            workplace_ids=[s["workplace_id"] for s in suggestions] if complete else None,
            scores=[s["score"] for s in suggestions] if complete else None,
            reserve={
                "function_ids": [r["function_id"] for r in reserve],
                "workplace_ids": [r["workplace_id"] for r in reserve],
                "scores": [r["score"] for r in reserve],
            }
            if complete and reserve
            else None,
            changes=changes,
        )
    )


def add_failure(session: Session, *, run_id: int, citizen_id: int, error: str) -> None:
    session.add(RerankFailure(run_id=run_id, citizen_id=citizen_id, error=error[:500]))


def previous_rankings(
    session: Session, *, citizen_ids: list[int], before_run_id: int
) -> dict[int, list[int]]:
    """Each citizen's ranked function ids in their latest snapshot from an earlier run."""
    latest = (
        select(CitizenSnapshot.citizen_id, func.max(CitizenSnapshot.run_id).label("run_id"))
        .where(CitizenSnapshot.citizen_id.in_(citizen_ids), CitizenSnapshot.run_id < before_run_id)
        .group_by(CitizenSnapshot.citizen_id)
        .subquery()
    )
    rows = session.execute(
        select(CitizenSnapshot.citizen_id, CitizenSnapshot.function_ids).join(
            latest,
            (CitizenSnapshot.citizen_id == latest.c.citizen_id)
            & (CitizenSnapshot.run_id == latest.c.run_id),
        )
    )
    return {citizen_id: list(function_ids) for citizen_id, function_ids in rows}


def latest_snapshot(session: Session, *, citizen_id: int) -> CitizenSnapshot | None:
    return session.scalar(
        select(CitizenSnapshot)
        .where(CitizenSnapshot.citizen_id == citizen_id)
        .order_by(CitizenSnapshot.run_id.desc())
        .limit(1)
    )


def snapshot_count(session: Session, *, run_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(CitizenSnapshot)
            .where(CitizenSnapshot.run_id == run_id)
        )
        or 0
    )


def update_progress(session: Session, *, run: RerankRun, now: dt.datetime) -> None:
    """Count what is done; a run whose every citizen is handled is finished.

    The run's row is locked before counting: two workers finishing chunks at the same moment
    count one after the other, so the later count, which sees both, is the one stored (else
    the earlier one could be written last: a run done with fewer than all its citizens)."""
    session.execute(select(RerankRun.id).where(RerankRun.id == run.id).with_for_update())
    run.done = snapshot_count(session, run_id=run.id)
    run.failed = (
        session.scalar(
            select(func.count()).select_from(RerankFailure).where(RerankFailure.run_id == run.id)
        )
        or 0
    )
    if run.done + run.failed >= run.total:
        run.status = RunStatus.DONE if run.failed == 0 else RunStatus.FAILED
        run.finished_at = run.finished_at or now


# Set on a session that added pending places: once it commits, the debounced re-rank is due.
_PENDING_ADDED = "rerank_pending_added"


def add_pending(session: Session, *, workplace_id: int, lat: float, lon: float) -> None:
    session.add(RerankPending(workplace_id=workplace_id, lat=lat, lon=lon))
    session.info[_PENDING_ADDED] = True


def pending_were_added(session: Session) -> bool:
    """Whether the session added pending places since it was last asked (asking clears it)."""
    return bool(session.info.pop(_PENDING_ADDED, False))


def newest_pending(session: Session) -> dt.datetime | None:
    return session.scalar(select(func.max(RerankPending.changed_at)))


def take_pending(session: Session) -> list[tuple[float, float]]:
    """The pending changed locations, removed from the table (in this transaction)."""
    rows = list(session.scalars(select(RerankPending)))
    for row in rows:
        session.delete(row)
    return [(row.lat, row.lon) for row in rows]


def erase_citizen(session: Session, *, citizen_id: int) -> None:
    """Remove every batch trace of a citizen: snapshots, failures, and the citizen's place
    in the runs' lists (a run's total counts the citizens still in it)."""
    session.execute(delete(CitizenSnapshot).where(CitizenSnapshot.citizen_id == citizen_id))
    session.execute(delete(RerankFailure).where(RerankFailure.citizen_id == citizen_id))
    session.flush()
    for run in session.scalars(select(RerankRun)):
        if citizen_id in run.citizen_ids:
            run.citizen_ids = [c for c in run.citizen_ids if c != citizen_id]
            run.total = len(run.citizen_ids)
            update_progress(session, run=run, now=dt.datetime.now(dt.UTC))
    session.flush()


def ranked_lists(session: Session, *, run_id: int) -> list[tuple[int, list[int], list[float]]]:
    """Each snapshot of a run as (citizen id, workplace ids, scores) in rank order, the
    suggestions then the reserve, by citizen id (snapshots written before these were kept
    are left out)."""
    rows = session.execute(
        select(
            CitizenSnapshot.citizen_id,
            CitizenSnapshot.workplace_ids,
            CitizenSnapshot.scores,
            CitizenSnapshot.reserve,
        )
        .where(CitizenSnapshot.run_id == run_id, CitizenSnapshot.scores.is_not(None))
        .order_by(CitizenSnapshot.citizen_id)
    )
    return [
        (c, [*(w or ()), *(r or {}).get("workplace_ids", ())], [*s, *(r or {}).get("scores", ())])
        for c, w, s, r in rows
    ]


def set_shown(
    session: Session, *, run_id: int, shown: dict[int, list[int]]
) -> dict[int, list[tuple[int, int, int]]]:
    """The positions (0-based, in rank order: the suggestions, then the reserve) each
    citizen's snapshot shows after allocation. Returns the places shown from the reserve,
    by citizen: (position, function id, workplace id), whose suggestions are still to add."""
    snapshots = session.execute(
        select(
            CitizenSnapshot.id,
            CitizenSnapshot.citizen_id,
            CitizenSnapshot.function_ids,
            CitizenSnapshot.reserve,
        ).where(CitizenSnapshot.run_id == run_id)
    )
    updates, from_reserve = [], {}
    for id_, citizen_id, function_ids, reserve in snapshots:
        reserved = reserve or {"function_ids": [], "workplace_ids": []}
        every = [*function_ids, *reserved["function_ids"]]
        positions = shown.get(citizen_id, [])
        updates.append({"id": id_, "shown": [every[p] for p in positions]})
        kept = len(function_ids)
        beyond = [
            (p, every[p], reserved["workplace_ids"][p - kept]) for p in positions if p >= kept
        ]
        if beyond:
            from_reserve[citizen_id] = beyond
    if updates:
        session.execute(update(CitizenSnapshot), updates)
    return from_reserve


def add_from_reserve(
    session: Session,
    *,
    run_id: int,
    citizen_id: int,
    suggestions: list[dict[str, Any]],
    unavailable: list[int],
) -> None:
    """The suggestions of places a run shows from its reserve, added to the citizen's
    snapshot; `unavailable` are shown places that no longer pass, taken out of what is
    shown."""
    snapshot = session.scalar(
        select(CitizenSnapshot).where(
            CitizenSnapshot.run_id == run_id, CitizenSnapshot.citizen_id == citizen_id
        )
    )
    if snapshot is None:
        return
    snapshot.suggestions = [*snapshot.suggestions, *suggestions]
    gone = set(unavailable)
    snapshot.shown = [f for f in snapshot.shown or () if f not in gone]


def shown_elsewhere(session: Session, *, run_id: int) -> dict[int, int]:
    """How many first places each workplace holds in the active citizens' latest allocated
    snapshots outside a run: what a run of some citizens only must leave to the others."""
    mine = select(CitizenSnapshot.citizen_id).where(CitizenSnapshot.run_id == run_id)
    latest = (
        select(CitizenSnapshot.citizen_id, func.max(CitizenSnapshot.run_id).label("run_id"))
        .join(CitizenRow, CitizenRow.id == CitizenSnapshot.citizen_id)
        .where(CitizenRow.active, CitizenSnapshot.citizen_id.not_in(mine))
        .group_by(CitizenSnapshot.citizen_id)
        .subquery()
    )
    rows = session.execute(
        select(
            CitizenSnapshot.function_ids, CitizenSnapshot.workplace_ids, CitizenSnapshot.shown
        ).join(
            latest,
            (CitizenSnapshot.citizen_id == latest.c.citizen_id)
            & (CitizenSnapshot.run_id == latest.c.run_id),
        )
    )
    taken: Counter[int] = Counter()
    for function_ids, workplace_ids, shown in rows:
        if shown is None or workplace_ids is None:
            continue  # not allocated (or kept before workplaces were): holds no place
        workplace_of = dict(zip(function_ids, workplace_ids, strict=True))
        taken.update(workplace_of[f] for f in shown)
    return dict(taken)
