"""Spreading a finished run's first places over the workplaces: each workplace appears in at
most as many citizens' first places as it accepts enquiries this month (what it accepts a
month, less the contacts already made with it this month, less the first places it holds in
the lists of the active citizens outside the run, so that a run of some citizens only, after
a workplace or a citizen changed, fits in what the others leave), and the figures of what
that did are kept on the run. A citizen's list runs past the suggestions the run keeps, down
to its allocation depth: a place shown from there gets its suggestion added."""

import datetime as dt
import logging

import numpy as np
from sqlalchemy.orm import Session

from batch.rerank import RerankEnvironment
from matcher.allocation import Figures, Lists, allocate
from matcher.scoring import Suggestion, rank_many
from matcher.table import FunctionTable, Vocabulary, function_rows
from store import citizens as citizen_repository
from store import load, reranks
from store import workplaces as workplace_repository

log = logging.getLogger(__name__)


def room_this_month(session: Session, *, today: dt.date) -> dict[int, int]:
    """Enquiries each workplace can still take this month."""
    made = load.enquiries_since(session, since=load.month_start(today))
    return {
        w: max(0, capacity - made.get(w, 0)) for w, capacity in load.capacities(session).items()
    }


def allocate_run(environment: RerankEnvironment, *, run_id: int, today: dt.date) -> Figures | None:
    """Allocate a finished run once (a repeat finds it done and does nothing); returns the
    figures, or None when there was nothing to do."""
    with environment.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        if run is None or run.finished_at is None or run.allocation is not None:
            return None
        ranked = reranks.ranked_lists(session, run_id=run_id)
        if not ranked:
            return None
        lists = Lists(
            citizen=np.repeat(np.arange(len(ranked)), [len(w) for _, w, _ in ranked]),
            workplace=np.array([w for _, ws, _ in ranked for w in ws], dtype=np.int64),
            score=np.array([s for _, _, ss in ranked for s in ss], dtype=np.float64),
        )
        taken = reranks.shown_elsewhere(session, run_id=run_id)
        room = {
            w: max(0, left - taken.get(w, 0))
            for w, left in room_this_month(session, today=today).items()
        }
        result = allocate(lists, room)
        starts = np.searchsorted(lists.citizen, np.arange(len(ranked) + 1))
        shown = {
            citizen_id: (np.flatnonzero(result.shown[starts[n] : starts[n + 1]])).tolist()
            for n, (citizen_id, _, _) in enumerate(ranked)
        }
        beyond = reranks.set_shown(session, run_id=run_id, shown=shown)
        _add_from_reserve(environment, session, run_id=run_id, beyond=beyond)
        # The last chunks can finish on two hosts at once: only the first write stands.
        if not reranks.record_allocation(session, run_id=run_id, figures=result.figures.document()):
            session.rollback()
            return None
        session.commit()
    log.info(
        "run %d allocated: %d workplaces over capacity before, %d after; %d citizens shown "
        "places from further down",
        run_id,
        result.figures.over_capacity_before,
        result.figures.over_capacity_after,
        len(beyond),
    )
    return result.figures


def _add_from_reserve(
    environment: RerankEnvironment,
    session: Session,
    *,
    run_id: int,
    beyond: dict[int, list[tuple[int, int, int]]],
) -> None:
    """The suggestions of the places shown from the reserve, added to their snapshots: each
    citizen scored against a table of those places alone (a pair's score does not depend on
    the table it is scored in). A place that no longer passes (changed since the run ranked
    it) is taken out of what is shown."""
    if not beyond:
        return
    context = environment.scoring()
    workplaces = workplace_repository.load_many(
        session, workplace_ids={w for places in beyond.values() for _, _, w in places}
    )
    citizens = citizen_repository.get_many(session, citizen_ids=list(beyond))
    for citizen_id, places in beyond.items():
        position = {function_id: p for p, function_id, _ in places}
        rows = [
            row
            for w in dict.fromkeys(w for _, _, w in places)
            if w in workplaces
            for row in function_rows(workplaces[w])
            if row.function_id in position
        ]
        found: list[Suggestion] = []
        if rows and citizen_id in citizens:
            profile = citizen_repository.to_domain(citizens[citizen_id])
            query = environment.make_query(profile, len(rows))
            vocabulary = Vocabulary()
            table = FunctionTable.build(rows, vocabulary)
            (ranked,) = rank_many(table, [query], vocabulary, context)
            found = ranked.suggestions
        documents = sorted(
            ({"rank": position[s.function_id] + 1, **s.document()} for s in found),
            key=lambda d: d["rank"],
        )
        reranks.add_from_reserve(
            session,
            run_id=run_id,
            citizen_id=citizen_id,
            suggestions=documents,
            unavailable=sorted(set(position) - {s.function_id for s in found}),
        )
