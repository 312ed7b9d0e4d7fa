"""Compare the store with the search index and repair any drift."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from indexer.backend import SearchBackend
from store import workplaces as workplace_repository


@dataclass
class ReconcileReport:
    missing: list[int] = field(default_factory=list)  # in the store, not in the index
    stale: list[int] = field(default_factory=list)  # indexed at another version
    extra: list[int] = field(default_factory=list)  # in the index, not in the store
    repaired: bool = False

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)

    def summary(self) -> str:
        def ids(values: list[int]) -> str:
            shown = ", ".join(map(str, values[:20]))
            return shown + (f" and {len(values) - 20} more" if len(values) > 20 else "")

        if not self.drift:
            return "index and store agree"
        verb = "repaired" if self.repaired else "found"
        parts = [
            f"{len(self.missing)} missing ({ids(self.missing)})" if self.missing else "",
            f"{len(self.stale)} stale ({ids(self.stale)})" if self.stale else "",
            f"{len(self.extra)} no longer in the store ({ids(self.extra)})" if self.extra else "",
        ]
        return f"{verb}: " + "; ".join(p for p in parts if p)


def reconcile(session: Session, backend: SearchBackend, *, repair: bool = True) -> ReconcileReport:
    """Workplaces whose indexed version differs from the store's; repaired unless told not to."""
    stored = workplace_repository.versions(session)
    indexed = backend.indexed_versions()
    report = ReconcileReport(
        missing=sorted(set(stored) - set(indexed)),
        stale=sorted(i for i in set(stored) & set(indexed) if stored[i] != indexed[i]),
        extra=sorted(set(indexed) - set(stored)),
    )
    if repair and report.drift:
        for workplace_id in report.missing + report.stale:
            row = workplace_repository.get(session, workplace_id=workplace_id)
            if row is not None:
                backend.upsert(workplace_repository.to_domain(row))
        for workplace_id in report.extra:
            backend.delete(workplace_id)
        report.repaired = True
    return report
