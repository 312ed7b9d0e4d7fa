"""The audit log in the store (SQLite and PostgreSQL): one entry per citizen with who, what,
why and where; read back per citizen in order; purged only past the retention cutoff."""

import datetime as dt

from api.composition.context import AppContext
from store import audit
from store.states import AuditAction

CONSULTANT = audit.Actor(user_id=7, name="kons", role="consultant", team="syd")
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def test_one_entry_per_citizen_naming_the_actor(context: AppContext) -> None:
    with context.sessions.begin() as session:
        audit.append(
            session,
            actor=CONSULTANT,
            citizen_ids=[1, 2],
            action=AuditAction.LIST,
            purpose="matching",
            route="/citizens" + "x" * 200,
            at=NOW,
        )
    with context.sessions() as session:
        first, second = (
            audit.for_citizen(session, citizen_id=1),
            audit.for_citizen(session, citizen_id=2),
        )
    assert len(first) == len(second) == 1
    entry = first[0]
    assert (entry.user_id, entry.actor, entry.role, entry.team) == (7, "kons", "consultant", "syd")
    assert (entry.action, entry.purpose) == ("list", "matching")
    assert len(entry.route) == 120 and entry.route.startswith("/citizens")


def test_the_system_is_an_actor_without_a_user(context: AppContext) -> None:
    with context.sessions.begin() as session:
        audit.append(
            session,
            actor=audit.SYSTEM,
            citizen_ids=[3],
            action=AuditAction.ERASE,
            purpose="retention",
            route="matcher purge",
        )
    with context.sessions() as session:
        (entry,) = audit.for_citizen(session, citizen_id=3)
    assert entry.user_id is None and entry.actor == "system"


def test_entries_read_back_oldest_first(context: AppContext) -> None:
    with context.sessions.begin() as session:
        for action in (AuditAction.CREATE, AuditAction.READ, AuditAction.UPDATE):
            audit.append(
                session,
                actor=CONSULTANT,
                citizen_ids=[4],
                action=action,
                purpose="matching",
                route="/x",
            )
    with context.sessions() as session:
        actions = [e.action for e in audit.for_citizen(session, citizen_id=4)]
    assert actions == ["create", "read", "update"]


def test_no_citizens_no_entries(context: AppContext) -> None:
    with context.sessions.begin() as session:
        audit.append(
            session,
            actor=CONSULTANT,
            citizen_ids=[],
            action=AuditAction.LIST,
            purpose="p",
            route="/",
        )
        assert audit.purge_before(session, cutoff=NOW + dt.timedelta(days=1)) == 0


def test_purge_removes_only_entries_older_than_the_cutoff(context: AppContext) -> None:
    with context.sessions.begin() as session:
        for days_old in (400, 366, 10):
            audit.append(
                session,
                actor=CONSULTANT,
                citizen_ids=[5],
                action=AuditAction.READ,
                purpose="matching",
                route="/x",
                at=NOW - dt.timedelta(days=days_old),
            )
    with context.sessions.begin() as session:
        removed = audit.purge_before(session, cutoff=NOW - dt.timedelta(days=365))
    with context.sessions() as session:
        left = audit.for_citizen(session, citizen_id=5)
    assert removed == 2
    assert [entry.at for entry in left] == [NOW - dt.timedelta(days=10)]
