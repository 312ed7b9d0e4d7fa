"""Spreading a finished run's first places over the workplaces: each workplace appears in at
most as many citizens' first places as it accepts enquiries this month (what it accepts a
month, less the contacts already made with it this month, less the first places it holds in
the lists of the active citizens outside the run, so that a run of some citizens only, after
a workplace or a citizen changed, fits in what the others leave), and the figures of what
that did are kept on the run."""

import datetime as dt
import logging

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from matcher.allocation import Figures, Lists, allocate
from store import load, reranks

log = logging.getLogger(__name__)


def room_this_month(session: Session, *, today: dt.date) -> dict[int, int]:
    """Enquiries each workplace can still take this month."""
    made = load.enquiries_since(session, since=load.month_start(today))
    return {
        w: max(0, capacity - made.get(w, 0)) for w, capacity in load.capacities(session).items()
    }


def allocate_run(sessions: sessionmaker[Session], *, run_id: int, today: dt.date) -> Figures | None:
    """Allocate a finished run once (a repeat finds it done and does nothing); returns the
    figures, or None when there was nothing to do."""
    with sessions() as session:
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
        reranks.set_shown(session, run_id=run_id, shown=shown)
        run.allocation = result.figures.document()
        session.commit()
    log.info(
        "run %d allocated: %d workplaces over capacity before, %d after",
        run_id,
        result.figures.over_capacity_before,
        result.figures.over_capacity_after,
    )
    return result.figures
