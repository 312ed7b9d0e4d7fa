"""Repository of the labour-market balance table."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher.balance import BalanceEntry
from store.models import BalanceRow


def replace_periods(session: Session, *, entries: list[BalanceEntry]) -> int:
    """Store the entries, replacing any earlier load of the same area and period."""
    for area, period in {(e.area, e.period) for e in entries}:
        session.execute(
            delete(BalanceRow).where(BalanceRow.area == area, BalanceRow.period == period)
        )
    session.add_all(
        BalanceRow(
            occupation_code=e.occupation_code,
            title=e.title,
            area=e.area,
            period=e.period,
            category=e.category,
        )
        for e in entries
    )
    session.flush()
    return len(entries)


def load_all(session: Session) -> list[BalanceEntry]:
    return [
        BalanceEntry(r.occupation_code, r.title, r.area, r.period, r.category)
        for r in session.scalars(select(BalanceRow).order_by(BalanceRow.id))
    ]
