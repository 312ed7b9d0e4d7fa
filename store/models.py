"""Tables of the store of record."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
    func,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment, always read back with its time zone (UTC). SQLite stores no zone, so its
    values come back naive; they were written in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class WorkplaceRow(Base):
    __tablename__ = "workplaces"
    # Ids are never reused (SQLite would reuse the highest after a delete): the search index
    # keeps a tombstone for a deleted workplace's documents, keyed by these ids.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    postal_code: Mapped[str] = mapped_column(String(4), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    industry: Mapped[str] = mapped_column(String(60), index=True)
    # The team of employer-coordinators whose portfolio the workplace is in: they may edit it.
    portfolio: Mapped[str] = mapped_column(String(64), index=True)
    ordinary_employees: Mapped[int] = mapped_column(Integer)
    current_subsidised_placements: Mapped[int] = mapped_column(Integer)
    accommodations: Mapped[list[str]] = mapped_column(JSON)
    record_placements: Mapped[int] = mapped_column(Integer, default=0)
    record_good_outcomes: Mapped[int] = mapped_column(Integer, default=0)
    record_paid_hours_outcomes: Mapped[int] = mapped_column(Integer, default=0)
    # Whom a consultant calls about a placement (employer data, never a citizen's).
    contact_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Enquiries about citizens a month the workplace accepts; NULL: the default for its size.
    monthly_enquiries: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now, onupdate=_now)
    # Who saved this version (a username, "cli:<os user>" or "system"): shown when a
    # coordinator's edit meets a colleague's.
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    functions: Mapped[list["FunctionRow"]] = relationship(
        back_populates="workplace",
        cascade="all, delete-orphan",
        order_by="FunctionRow.id",
        lazy="selectin",
    )

    # A stale update (another coordinator saved first) fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class FunctionRow(Base):
    __tablename__ = "workplace_functions"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int] = mapped_column(
        ForeignKey("workplaces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    occupation_code: Mapped[str] = mapped_column(String(6), index=True)
    tasks: Mapped[list[str]] = mapped_column(JSON)
    hours_min: Mapped[float] = mapped_column(Float)
    hours_max: Mapped[float] = mapped_column(Float)
    placement_types: Mapped[list[str]] = mapped_column(JSON)
    accommodations: Mapped[list[str]] = mapped_column(JSON)
    # When a coordinator last changed where the function is or what it offers (its own or its
    # workplace's accommodations); None when no edit did (loaded by an operator). Reverse
    # matching waits a while after such a change: a workplace moved from place to place to
    # fit its candidates' scores could otherwise locate them.
    matching_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    workplace: Mapped[WorkplaceRow] = relationship(back_populates="functions")


class CitizenRow(Base):
    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    target_group: Mapped[str] = mapped_column(String(32), index=True)
    # The consultants' team that follows the citizen: only they may see the citizen.
    team: Mapped[str] = mapped_column(String(64), index=True)
    # Batch re-ranking covers active citizens only (a course that ended is inactive).
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The validated profile (functional needs only, never a diagnosis).
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now, onupdate=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class BalanceRow(Base):
    __tablename__ = "occupation_balance"
    __table_args__ = (UniqueConstraint("occupation_code", "area", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occupation_code: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(7))
    category: Mapped[str] = mapped_column(String(16))
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class OutboxRow(Base):
    """A committed workplace change the search index has not applied yet.

    Written in the same transaction as the change. `workplace_id` NULL with action
    "rebuild" asks for the whole index to be rebuilt (after a bulk import).
    """

    __tablename__ = "index_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)


class RerankRun(Base):
    """One batch re-ranking of a set of citizens."""

    __tablename__ = "rerank_runs"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trigger: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # queued, running, done, failed
    top_k: Mapped[int] = mapped_column(Integer)
    citizen_ids: Mapped[list[int]] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # What spreading the load on workplaces did (matcher.allocation.Figures), once the run
    # is done; None before, and for a run with nothing to allocate.
    allocation: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class CitizenSnapshot(Base):
    """A citizen's top suggestions in one run, and what changed since the previous run."""

    __tablename__ = "citizen_snapshots"
    __table_args__ = (UniqueConstraint("run_id", "citizen_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("rerank_runs.id", ondelete="CASCADE"))
    citizen_id: Mapped[int] = mapped_column(
        ForeignKey("citizens.id", ondelete="CASCADE"), index=True
    )
    suggestions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The suggestions' function ids in rank order: all the next run needs to tell what changed.
    function_ids: Mapped[list[int]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Each suggestion's workplace and score, in rank order: what the run's allocation reads
    # (None in snapshots from before they were kept).
    workplace_ids: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    scores: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    # The function ids shown after the run spread the load on workplaces (a subset of the
    # first places, in rank order); None until the run's allocation is done.
    shown: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    # The places after the suggestions kept, down to the depth the allocation reads: their
    # function ids, workplace ids and scores in rank order (a place shown from here gets its
    # suggestion added when the run is allocated).
    reserve: Mapped[dict[str, list[Any]] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)


class RerankFailure(Base):
    """A citizen a run could not re-rank (the error names no profile contents)."""

    __tablename__ = "rerank_failures"
    __table_args__ = (UniqueConstraint("run_id", "citizen_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("rerank_runs.id", ondelete="CASCADE"))
    citizen_id: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(500))


class RerankPending(Base):
    """A workplace location changed (created, edited, moved or deleted) since the last
    debounced re-rank; the citizens near it are re-ranked together."""

    __tablename__ = "rerank_pending"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workplace_id: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)


class UserRow(Base):
    """Someone who signs in: a consultant, an employer-coordinator or an admin, in a team."""

    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    team: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Tokens carry the version they were issued at; raising it (a new password, deactivation,
    # logging out) makes every token issued before worthless.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)


class LoginLockout(Base):
    """Failed log-ins in a row for a name as typed, known user or not, so that an unknown
    name is answered exactly as a real one (a lock-out says nothing about who exists). The
    key is a hash of the name: what strangers type is not stored."""

    __tablename__ = "login_lockouts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)


class AuditRow(Base):
    """One read or write of citizen data: who, when, which citizen, what and why.

    Append-only: the application only adds entries, and removes them only when they pass the
    retention period. The actor's name, role and team are copied, so an entry still says who
    it was after the user is changed."""

    __tablename__ = "audit_log"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    team: Mapped[str] = mapped_column(String(64))
    # None for suggestions on a profile that is not stored.
    citizen_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(32))
    route: Mapped[str] = mapped_column(String(120))


class PlacementRow(Base):
    """A workplace a consultant contacted for a citizen, and later how it ended. Deleted with
    the citizen; the workplace's name and function are copied so the history reads after the
    workplace is gone."""

    __tablename__ = "placements"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(
        ForeignKey("citizens.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[str] = mapped_column(String(64))
    workplace_id: Mapped[int] = mapped_column(Integer, index=True)
    workplace_name: Mapped[str] = mapped_column(String(200))
    function_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    function_title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    placement_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(32))  # a store.states.PlacementStatus
    decline_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    declined_accommodation: Mapped[str | None] = mapped_column(String(48), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome_note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    contacted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    agreed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    declined_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # What the scorer found for this citizen and function when the contact was made
    # (matcher.learning.features, by name): what a learned ranking learns from, as it was
    # then. Numbers only; deleted with the placement.
    features: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    notes: Mapped[list["PlacementNoteRow"]] = relationship(
        order_by="PlacementNoteRow.id", cascade="all, delete-orphan", passive_deletes=True
    )
    plan: Mapped["PlanRow | None"] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, uselist=False
    )
    follow_ups: Mapped[list["FollowUpRow"]] = relationship(
        order_by="(FollowUpRow.held_on, FollowUpRow.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    statuses_after: Mapped[list["StatusAfterRow"]] = relationship(
        order_by="StatusAfterRow.months", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def has_plan(self) -> bool:
        return self.plan is not None


class PlacementEventRow(Base):
    """One change of a placement's status, kept so the last can be undone: what it was before,
    what it became, who changed it and when."""

    __tablename__ = "placement_events"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    by: Mapped[str] = mapped_column(String(64))


class PlacementNoteRow(Base):
    """A consultant's note on a contact or course (free text, never a CPR number)."""

    __tablename__ = "placement_notes"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(2000))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    by: Mapped[str] = mapped_column(String(64))


class PlanRow(Base):
    """The individual plan agreed for a placement: tasks, hours and their ramp-up,
    accommodations and aids, support on site, start and duration, follow-up cadence, and
    when paid hours are discussed. `consultant` follows it up."""

    __tablename__ = "placement_plans"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), unique=True
    )
    placement_type: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[dt.date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    start_hours: Mapped[float] = mapped_column(Float)
    target_hours: Mapped[float] = mapped_column(Float)
    step_hours: Mapped[float] = mapped_column(Float)
    step_every_weeks: Mapped[int] = mapped_column(Integer)
    tasks: Mapped[list[str]] = mapped_column(JSON)
    goals: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    accommodations: Mapped[list[str]] = mapped_column(JSON)
    contact_person: Mapped[str | None] = mapped_column(String(120), nullable=True)
    mentor: Mapped[str | None] = mapped_column(String(120), nullable=True)
    follow_up_every_weeks: Mapped[int] = mapped_column(Integer)
    paid_hours_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    consultant: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now, onupdate=_now)
    by: Mapped[str] = mapped_column(String(64))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class FollowUpRow(Base):
    """A follow-up on a running course: the day, the hours a week now, what works and what
    does not (free text, never a CPR number). One a course and day; `duplicate_of` marks the
    later ones of a day stored before that was enforced (kept, not counted twice)."""

    __tablename__ = "placement_follow_ups"
    __table_args__ = (
        Index(
            "uq_follow_up_course_day",
            "placement_id",
            "held_on",
            unique=True,
            sqlite_where=text("duplicate_of IS NULL"),
            postgresql_where=text("duplicate_of IS NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    hours_per_week: Mapped[float] = mapped_column(Float)
    works: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    does_not_work: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    by: Mapped[str] = mapped_column(String(64))
    duplicate_of: Mapped[int | None] = mapped_column(Integer, nullable=True)


class StatusAfterRow(Base):
    """Where the citizen was 1, 3 or 6 months after the course ended (one per point)."""

    __tablename__ = "placement_statuses_after"
    __table_args__ = (UniqueConstraint("placement_id", "months"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    by: Mapped[str] = mapped_column(String(64))


class RankingModelRow(Base):
    """A learned ranking (its version is the id): how it was trained, what it was measured
    at, and whether it ranks. `parameters` is None when there was too little to learn from."""

    __tablename__ = "ranking_models"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # store.states.ModelStatus
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    created_by: Mapped[str] = mapped_column(String(64))
    trained_on: Mapped[int] = mapped_column(Integer)
    tested_on: Mapped[int] = mapped_column(Integer)
    windows: Mapped[dict[str, Any]] = mapped_column(JSON)
    parameters: Mapped[str | None] = mapped_column(String, nullable=True)
    comparison: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    fairness: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # matcher.learning.refusals
    activated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    activated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class CandidateCardRow(Base):
    """A citizen shown to a coordinator as an anonymised candidate for a function. The token
    is all the card carries: the coordinator asks for the citizen's consultant by it."""

    __tablename__ = "candidate_cards"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    citizen_id: Mapped[int] = mapped_column(
        ForeignKey("citizens.id", ondelete="CASCADE"), index=True
    )
    workplace_id: Mapped[int] = mapped_column(Integer)
    function_id: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float)
    shown_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    shown_by: Mapped[str] = mapped_column(String(64))


class ReverseLookupDay(Base):
    """How many candidate look-ups a coordinator made on a day (the daily limit counts here,
    one conditional update a look-up)."""

    __tablename__ = "reverse_lookup_days"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    lookups: Mapped[int] = mapped_column(Integer)


class NotificationRow(Base):
    """A coordinator's word to the team that follows a citizen: this function could suit
    them. The consultant decides whether to propose it (a contact) or not. The workplace's
    name and function are copied so it reads after they change."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One open notification about a citizen and a function, however often it is sent.
        Index(
            "uq_notification_open",
            "citizen_id",
            "function_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    citizen_id: Mapped[int] = mapped_column(
        ForeignKey("citizens.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[str] = mapped_column(String(64), index=True)
    workplace_id: Mapped[int] = mapped_column(Integer)
    workplace_name: Mapped[str] = mapped_column(String(200))
    function_id: Mapped[int] = mapped_column(Integer)
    function_title: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))  # a store.states.NotificationStatus
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=_now)
    created_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    placement_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
