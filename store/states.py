"""The states and kinds the store records, as string enums: the database holds their values,
and code compares members, never literal strings."""

from enum import StrEnum


class RunStatus(StrEnum):
    """A batch re-ranking run's progress."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.FAILED)


class Trigger(StrEnum):
    """What started a batch run."""

    MANUAL = "manual"
    NIGHTLY = "nightly"
    BALANCE = "balance"
    WORKPLACES = "workplaces"
    CITIZEN = "citizen"


class ModelStatus(StrEnum):
    """A learned ranking's state: only an active one ranks (at most one is)."""

    CANDIDATE = "candidate"  # trained and reported; refused, or not activated
    ACTIVE = "active"
    RETIRED = "retired"  # ranked once; replaced or rolled back


class NotificationStatus(StrEnum):
    """A consultant's answer to a coordinator's notification about a candidate."""

    OPEN = "open"
    PROPOSED = "proposed"  # the consultant made the contact
    DISMISSED = "dismissed"


class PlacementStatus(StrEnum):
    """Where a contact with a workplace stands: contacted, then declined (by the workplace or
    by the citizen) or agreed, then started, then ended with an outcome. Only a course that
    started counts in the workplace's record."""

    CONTACTED = "contacted"
    DECLINED_BY_WORKPLACE = "declined_by_workplace"
    DECLINED_BY_CITIZEN = "declined_by_citizen"
    AGREED = "agreed"
    STARTED = "started"
    ENDED = "ended"


# The statuses a placement can move to from each (ENDED only with an outcome).
NEXT_STATUSES: dict[PlacementStatus, frozenset[PlacementStatus]] = {
    PlacementStatus.CONTACTED: frozenset(
        {
            PlacementStatus.DECLINED_BY_WORKPLACE,
            PlacementStatus.DECLINED_BY_CITIZEN,
            PlacementStatus.AGREED,
        }
    ),
    PlacementStatus.AGREED: frozenset(
        {
            PlacementStatus.DECLINED_BY_WORKPLACE,
            PlacementStatus.DECLINED_BY_CITIZEN,
            PlacementStatus.STARTED,
        }
    ),
    PlacementStatus.STARTED: frozenset({PlacementStatus.ENDED}),
}


class DeclineReason(StrEnum):
    """Why a workplace said no."""

    NO_CAPACITY = "no_capacity"
    TASKS_DO_NOT_FIT = "tasks_do_not_fit"
    CANNOT_OFFER_ACCOMMODATION = "cannot_offer_accommodation"
    NO_ANSWER = "no_answer"


class AuditAction(StrEnum):
    """What an access to citizen data did (one audit entry per citizen)."""

    LIST = "list"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    ERASE = "erase"
    SUGGEST = "suggest"
    SUGGEST_UNSAVED = "suggest_unsaved"
    READ_SNAPSHOT = "read_snapshot"
    CONTACT = "contact"
    READ_PLACEMENTS = "read_placements"
    OUTCOME = "outcome"
    PLACEMENT_STATUS = "placement_status"
    PLACEMENT_UNDO = "placement_undo"
    PLACEMENT_NOTE = "placement_note"
    READ_PLAN = "read_plan"
    PLAN = "plan"
    FOLLOW_UP = "follow_up"
    STATUS_AFTER = "status_after"
    EXPORT = "export"
    EXPORT_AUDIT = "export_audit"
    BATCH_RERANK = "batch_rerank"
    TRAIN = "train"  # a learned ranking read the citizen's contacts and groups
    REVERSE = "reverse"  # shown as an anonymised candidate for a workplace's function
    NOTIFY = "notify"  # a coordinator told the citizen's team about a function
    READ_NOTIFICATIONS = "read_notifications"
    DECIDE = "decide"  # the consultant answered a notification
