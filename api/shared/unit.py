"""One unit of work: a request's (or a command's) session, who acts and why, and what to do
after the commit. It commits or rolls back once.

Services never commit: they add to the unit's session and flush. The unit commits when the
work ends without an error (a write that lost a race raises a WriteConflict, an answer of
409) and rolls back when it ends with one. Only after the commit does it hand the outbox to
the index relay and send the Celery tasks the work asked for, so neither the index nor a
worker ever sees what the store does not hold. (The store marks the session when it adds an
outbox row or a pending re-rank; the unit reads the marks, so no route has to remember.)
"""

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from kombu.exceptions import OperationalError
from sqlalchemy.orm import Session

from api.composition.context import AppContext
from store import audit as audit_repository
from store import outbox, reranks
from store.audit import Actor
from store.db import StaleWrite, UniqueViolation, WriteConflict, conflicts_as_errors
from store.states import AuditAction

__all__ = [
    "CASE_WORK",
    "WORKPLACES_CHANGED",
    "StaleWrite",
    "Task",
    "UniqueViolation",
    "UnitOfWork",
    "WriteConflict",
    "unit_of_work",
]

log = logging.getLogger(__name__)

# A write says what it does; it names no purpose unless the consultant gives one.
CASE_WORK = "case_work"


@dataclass(frozen=True, slots=True)
class Task:
    """A Celery task to send after the commit."""

    name: str
    args: tuple[object, ...] = ()
    countdown: float | None = None


# The debounced re-rank of the citizens a workplace change affects.
WORKPLACES_CHANGED = "matcher.rerank.workplaces_changed"


@dataclass
class UnitOfWork:
    """The session, the audit context (who, where, why) and the tasks to send after commit."""

    context: AppContext
    session: Session
    actor: Actor | None = None
    route: str = ""
    purpose: str | None = None
    _tasks: list[Task] = field(default_factory=list)
    _audit: list[audit_repository.Entry] = field(default_factory=list)

    def audit(
        self, action: AuditAction, citizen_ids: Sequence[int | None], *, purpose: str | None = None
    ) -> None:
        """An audit entry per citizen, by this unit's actor, written in this unit's
        transaction when it commits (and never when it rolls back). Written last, so a read
        holds SQLite's one write lock only for the commit itself, not for the whole request."""
        why = purpose or self.purpose
        if self.actor is None or why is None:
            raise RuntimeError("citizen data read or written without an actor and a purpose")
        self._audit.append(
            audit_repository.Entry(
                actor=self.actor,
                citizen_ids=tuple(citizen_ids),
                action=action,
                purpose=why,
                route=self.route,
                at=dt.datetime.now(dt.UTC),
            )
        )

    def send_after_commit(self, task: Task) -> None:
        """Send this task once the unit has committed (once, however often it is asked)."""
        if task not in self._tasks:
            self._tasks.append(task)

    def commit(self) -> None:
        """Commit now (a write that lost a race raises a WriteConflict); then relay the outbox
        and send the tasks. The unit commits by itself when its work ends: call this only when
        what was written must stand although the work goes on to fail (a failed log-in)."""
        entries, self._audit = self._audit, []
        with conflicts_as_errors(self.session):
            audit_repository.append_all(self.session, entries)
            self.session.commit()
        if outbox.rows_were_added(self.session):
            self.context.freshness.after_commit()
        if reranks.pending_were_added(self.session):
            # A workplace changed (or its record grew): the citizens near it are re-ranked,
            # debounced, so a burst of edits makes one run.
            self.send_after_commit(
                Task(WORKPLACES_CHANGED, countdown=self.context.settings.rerank_debounce_s)
            )
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            self._send(task)

    def rollback(self) -> None:
        """Forget what was written and the tasks asked for (a form shown again with its
        errors ends well, but must store nothing)."""
        self.session.rollback()
        self._audit.clear()
        outbox.rows_were_added(self.session)
        reranks.pending_were_added(self.session)
        self._tasks.clear()

    def _send(self, task: Task) -> None:
        try:
            self.context.queue.app().tasks[task.name].apply_async(
                args=task.args, countdown=task.countdown
            )
        except OperationalError:
            # What was committed stands; the work is picked up later: a queued run by the next
            # worker to start, workplace changes by the next edit or the nightly run.
            log.warning("the task broker did not take %s; it will be picked up later", task.name)


@contextmanager
def unit_of_work(
    context: AppContext, *, actor: Actor | None = None, route: str = "", purpose: str | None = None
) -> Iterator[UnitOfWork]:
    """A unit that commits when the block ends normally and rolls back when it raises."""
    session = context.sessions()
    unit = UnitOfWork(context, session, actor=actor, route=route, purpose=purpose)
    try:
        yield unit
        unit.commit()
    finally:
        session.rollback()  # nothing when committed; everything when the work failed
        session.close()
