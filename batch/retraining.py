"""Retraining: the contacts with a label become a history, a model is trained on the older
and judged on the newer courses and on the active citizens' live lists, and stored with its
report; it ranks only when it beats the ranking in use and passes the fairness gate.

Run weekly by Celery beat (`matcher.learning.train`) and by `matcher train`.
"""

import dataclasses
import logging
import threading
import time
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from batch.rerank import RerankEnvironment
from matcher.learning.evaluation import ROUNDS, Comparison, History
from matcher.learning.fairness import REACH, TOP, FairnessReport, Lists
from matcher.learning.features import FEATURE_NAMES
from matcher.learning.model import LearnedRanking
from matcher.learning.training import Candidate, judge, lists_of
from matcher.vocabulary import GOOD_OUTCOMES
from store import audit
from store import citizens as citizen_repository
from store import learning as repository
from store.audit import Actor
from store.models import RankingModelRow
from store.states import AuditAction, PlacementStatus

log = logging.getLogger(__name__)


def history_of(contacts: Sequence[repository.LabelledContact]) -> History:
    """The contacts as a history; a contact whose features lack one of today's (captured by
    an older matcher) is left out."""
    kept = [c for c in contacts if all(name in c.features for name in FEATURE_NAMES)]
    return History(
        citizen=np.array([c.citizen_id for c in kept], dtype=np.int64),
        day=np.array([c.contacted_at.date().toordinal() for c in kept], dtype=np.int64),
        features=np.array(
            [[c.features[name] for name in FEATURE_NAMES] for c in kept], dtype=np.float64
        ).reshape(len(kept), len(FEATURE_NAMES)),
        good=np.array(
            [c.status == PlacementStatus.ENDED and c.outcome in GOOD_OUTCOMES for c in kept],
            dtype=np.bool_,
        ),
        declined=np.array(
            [c.status == PlacementStatus.DECLINED_BY_WORKPLACE for c in kept], dtype=np.bool_
        ),
        target_group=np.array([c.target_group for c in kept], dtype=np.str_),
        danish_level=np.array([c.danish_level for c in kept], dtype=np.str_),
    )


def live_lists(
    environment: RerankEnvironment, session: Session, model: LearnedRanking | None
) -> tuple[Lists, list[int]]:
    """Every active citizen's list by the hand weights (the REACH best) and by the model
    (the TOP best), and the citizens' ids."""
    rows = list(citizen_repository.iter_active(session))
    profiles = [citizen_repository.to_domain(row) for row in rows]
    context = environment.scoring()
    hand_context = dataclasses.replace(context, model=None)
    queries = [environment.make_query(p, REACH) for p in profiles]
    hand = environment.backend.suggest_many(queries, hand_context)
    learned = environment.backend.suggest_many(
        [dataclasses.replace(q, limit=TOP) for q in queries],
        dataclasses.replace(context, model=model),
    )
    groups = {
        "target_group": np.array([p.target_group for p in profiles], dtype=np.str_),
        "danish_level": np.array([p.danish_level for p in profiles], dtype=np.str_),
    }
    return lists_of(groups, hand, learned), [row.id for row in rows]


def current_model(session: Session) -> LearnedRanking | None:
    """The model that ranks now (None: the hand weights; also when the active one cannot
    be read by this matcher)."""
    row = repository.active(session)
    if row is None or row.parameters is None:
        return None
    try:
        return LearnedRanking.from_json(row.parameters, version=row.id)
    except ValueError:
        log.warning("model %d was trained on other features; the hand weights rank", row.id)
        return None


class ModelCache:
    """The learned ranking in use in this process (None: the hand weights). The store is
    asked which one that is at most every `check_s` seconds, by one thread at a time (the
    others use the model they have); a model is read only when it changed."""

    def __init__(self, sessions: sessionmaker[Session], *, check_s: float) -> None:
        self.sessions, self.check_s = sessions, check_s
        self._model: tuple[int | None, LearnedRanking | None] = (None, None)
        self._checked: float | None = None
        self._lock = threading.Lock()

    def current(self, session: Session | None = None) -> LearnedRanking | None:
        """A request gives its own session, so it never holds one connection while waiting
        for a second from the pool."""
        now = time.monotonic()
        checked = self._checked
        if checked is not None and now - checked < self.check_s:
            return self._model[1]
        if not self._lock.acquire(blocking=checked is None):
            return self._model[1]  # another thread is asking the store just now
        try:
            if session is None:
                with self.sessions() as own:
                    self._check(own)
            else:
                self._check(session)
            self._checked = now
        finally:
            self._lock.release()
        return self._model[1]

    def forget(self) -> None:
        """Ask the store again next time (after this process changed the model)."""
        self._checked = None

    def _check(self, session: Session) -> None:
        version = repository.active_version(session)
        if version != self._model[0]:
            self._model = (version, current_model(session))


def train(
    environment: RerankEnvironment, *, actor: Actor, route: str, rounds: int = ROUNDS
) -> RankingModelRow:
    """Train, judge and store a model; activate it when it may rank. Every citizen whose
    contacts or list were read is audited."""
    environment.refresh_index()
    with environment.sessions() as session:
        contacts = repository.labelled_contacts(session)
        listed: list[int] = []

        def lists(model: LearnedRanking) -> Lists:
            found, ids = live_lists(environment, session, model)
            listed.extend(ids)
            return found

        current = current_model(session)
        candidate = judge(history_of(contacts), lists, rounds=rounds, current=current)
        row = repository.add_model(session, by=actor.name, **_stored(candidate))
        if candidate.may_rank:
            repository.activate(session, row=row, by=actor.name)
        read = sorted({c.citizen_id for c in contacts} | set(listed))
        audit.append(
            session,
            actor=actor,
            citizen_ids=read,
            action=AuditAction.TRAIN,
            purpose="quality",
            route=route,
        )
        session.commit()
        log.info("model %d trained: %s", row.id, row.status)
        return row


def _stored(candidate: Candidate) -> dict[str, object]:
    model = candidate.model
    return {
        "trained_on": candidate.trained_on,
        "tested_on": candidate.tested_on,
        "windows": candidate.windows,
        "parameters": None if model is None else model.to_json(),
        "comparison": _comparison(candidate.comparison, candidate.against_current),
        "fairness": _fairness(candidate.fairness),
        "refused": [refusal.stored() for refusal in candidate.refused],
    }


def _comparison(
    comparison: Comparison | None, against: Comparison | None
) -> dict[str, object] | None:
    if comparison is None:
        return None
    found = dataclasses.asdict(comparison)
    found["against_current"] = None if against is None else dataclasses.asdict(against)
    return found


def _fairness(report: FairnessReport | None) -> dict[str, object] | None:
    if report is None:
        return None
    return {
        "tolerance": report.tolerance,
        "passed": report.passed,
        "groups": [_no_nan(dataclasses.asdict(g)) for g in report.groups],
        "gaps": [{**dataclasses.asdict(g), "widened": g.widened} for g in report.gaps],
    }


def _no_nan(values: dict[str, object]) -> dict[str, object]:
    """A group's figures as JSON can hold them: a figure with no citizens to measure is
    None."""
    for system in ("hand", "model"):
        figures = values[system]
        assert isinstance(figures, dict)
        values[system] = {k: None if v != v else v for k, v in figures.items()}
    return values
