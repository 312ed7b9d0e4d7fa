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


class PlacementStatus(StrEnum):
    """Where a contact with a workplace stands."""

    CONTACTED = "contacted"
    ENDED = "ended"


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
    EXPORT = "export"
    EXPORT_AUDIT = "export_audit"
    BATCH_RERANK = "batch_rerank"
