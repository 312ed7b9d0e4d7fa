"""Placements in the store (SQLite and PostgreSQL): a status change keeps what it changed so
the latest can be undone, a change made from a status read before another's change loses, an
undo clears what the change set, and the declines for an accommodation are found."""

from api.composition.context import AppContext
from store import placements
from store.models import PlacementRow
from store.states import DeclineReason, PlacementStatus
from tests.api.payloads import citizen
from tests.stored import add_citizens, add_placement


def _contact(context: AppContext, workplace_id: int = 7, reference: str = "JC-TEST-0001") -> int:
    (citizen_id,) = add_citizens(context, citizen(reference=reference))
    return add_placement(context, citizen_id=citizen_id, workplace_id=workplace_id)


def test_each_change_is_kept_and_the_latest_is_undone_with_what_it_set(
    context: AppContext,
) -> None:
    placement_id = _contact(context)
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        for status in (PlacementStatus.AGREED, PlacementStatus.STARTED):
            assert placements.change_status(session, row=row, to=status, by="konsulent.syd")
        assert placements.end(
            session, row=row, values={"outcome": "flexjob", "outcome_note": "32 timer"}, by="k"
        )
        assert (row.status, row.outcome, row.outcome_note) == ("ended", "flexjob", "32 timer")
        assert row.agreed_at is not None and row.started_at is not None
        change = placements.last_change(session, row=row)
        assert change is not None
        assert (change.from_status, change.to_status, change.by) == ("started", "ended", "k")
        assert placements.undo(session, row=row, change=change)
        assert (row.status, row.outcome, row.outcome_note, row.ended_at) == (
            "started",
            None,
            None,
            None,
        )
        change = placements.last_change(session, row=row)
        assert change is not None and change.to_status == "started"


def test_a_change_from_a_status_read_before_anothers_change_loses(context: AppContext) -> None:
    placement_id = _contact(context)
    with context.sessions() as first, context.sessions() as second:
        mine = first.get(PlacementRow, placement_id)
        theirs = second.get(PlacementRow, placement_id)
        assert mine is not None and theirs is not None
        assert placements.change_status(
            first, row=mine, to=PlacementStatus.DECLINED_BY_CITIZEN, by="a"
        )
        first.commit()
        # Read as "contacted", but it is no longer: nothing is changed, nothing kept.
        assert not placements.change_status(second, row=theirs, to=PlacementStatus.AGREED, by="b")
        assert theirs.status == "declined_by_citizen"
        change = placements.last_change(second, row=theirs)
        assert change is not None and change.by == "a"
        second.commit()


def test_declines_for_an_accommodation_are_found_per_workplace(context: AppContext) -> None:
    ids = [
        _contact(context, workplace_id, reference=f"JC-TEST-{n}")
        for n, workplace_id in enumerate((7, 7, 7, 8))
    ]
    reasons = [
        (DeclineReason.CANNOT_OFFER_ACCOMMODATION, "mentor"),
        (DeclineReason.NO_CAPACITY, None),
        (DeclineReason.CANNOT_OFFER_ACCOMMODATION, "late_start"),
        (DeclineReason.CANNOT_OFFER_ACCOMMODATION, "mentor"),
    ]
    with context.sessions.begin() as session:
        for placement_id, (reason, accommodation) in zip(ids, reasons, strict=True):
            row = session.get(PlacementRow, placement_id)
            assert row is not None
            placements.change_status(
                session,
                row=row,
                to=PlacementStatus.DECLINED_BY_WORKPLACE,
                by="k",
                values={"decline_reason": reason, "declined_accommodation": accommodation},
            )
        found = placements.declined_for_accommodations(session, workplace_id=7)
    assert sorted(row.declined_accommodation or "" for row in found) == ["late_start", "mentor"]
