"""The unit of work: it commits what the work wrote, or nothing when the work fails; the index
relay and the Celery tasks follow the commit, never a rollback; audit entries carry the unit's
actor, route and purpose."""

import pytest
from sqlalchemy import func, select

from api.composition.context import AppContext
from api.shared.unit import WORKPLACES_CHANGED, Task, UnitOfWork, unit_of_work
from store import reranks
from store.audit import Actor
from store.models import AuditRow, RerankPending
from store.states import AuditAction

ACTOR = Actor(user_id=None, name="test", role="consultant", team="jobcenter-syd")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[Task]:
    tasks: list[Task] = []
    monkeypatch.setattr(UnitOfWork, "_send", lambda _unit, task: tasks.append(task))
    return tasks


def _entries(context: AppContext) -> list[tuple[str, str, str, str]]:
    with context.sessions() as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id))
        return [(r.actor, r.action, r.purpose, r.route) for r in rows]


def test_what_the_work_wrote_is_committed_with_its_audit_context(context: AppContext) -> None:
    with unit_of_work(context, actor=ACTOR, route="GET /citizens", purpose="case_work") as unit:
        unit.audit(AuditAction.LIST, [1, 2])
        unit.audit(AuditAction.EXPORT_AUDIT, [1], purpose="data_subject_request")
    assert _entries(context) == [
        ("test", "list", "case_work", "GET /citizens"),
        ("test", "list", "case_work", "GET /citizens"),
        ("test", "export_audit", "data_subject_request", "GET /citizens"),
    ]


def test_work_that_fails_leaves_nothing_and_sends_nothing(
    context: AppContext, sent: list[Task]
) -> None:
    with (
        pytest.raises(RuntimeError, match="half-way"),
        unit_of_work(context, actor=ACTOR, route="r", purpose="case_work") as unit,
    ):
        unit.audit(AuditAction.READ, [1])
        reranks.add_pending(unit.session, workplace_id=1, lat=55.7, lon=12.5)
        unit.send_after_commit(Task("matcher.rerank.run", args=(1,)))
        raise RuntimeError("half-way")
    assert _entries(context) == []
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(RerankPending)) == 0
    assert sent == []


def test_a_workplace_change_sends_one_debounced_rerank_after_the_commit(
    context: AppContext, sent: list[Task]
) -> None:
    with unit_of_work(context) as unit:
        reranks.add_pending(unit.session, workplace_id=1, lat=55.7, lon=12.5)
        reranks.add_pending(unit.session, workplace_id=2, lat=55.6, lon=12.4)
        assert sent == []  # nothing before the commit
    assert sent == [Task(WORKPLACES_CHANGED, countdown=context.settings.rerank_debounce_s)]


def test_a_rolled_back_form_sends_nothing_but_the_work_goes_on(
    context: AppContext, sent: list[Task]
) -> None:
    with unit_of_work(context, actor=ACTOR, route="r", purpose="case_work") as unit:
        reranks.add_pending(unit.session, workplace_id=1, lat=55.7, lon=12.5)
        unit.rollback()  # the form had errors: shown again, nothing stored
        unit.audit(AuditAction.READ, [7])
    assert sent == []
    assert _entries(context) == [("test", "read", "case_work", "r")]


def test_citizen_data_is_never_touched_without_an_actor_and_a_purpose(
    context: AppContext,
) -> None:
    with unit_of_work(context, route="r") as unit, pytest.raises(RuntimeError):
        unit.audit(AuditAction.READ, [1])
