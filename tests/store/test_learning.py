"""The repository of learning: only contacts with captured features and a label are read,
oldest first, with the citizen's groups beside them; one model is active at a time."""

import datetime as dt

from api.composition.context import AppContext
from store import learning, placements
from store.models import PlacementRow
from store.states import ModelStatus, PlacementStatus
from tests.api.payloads import citizen
from tests.stored import add_citizens, add_placement

FEATURES = {"skills": 0.5}


def _with_features(context: AppContext, placement_id: int, day: int) -> None:
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        learning.save_features(session, row=row, features=FEATURES)
        row.contacted_at = dt.datetime(2026, 1, day, tzinfo=dt.UTC)


def test_only_contacts_with_features_and_a_label_are_learned_from(context: AppContext) -> None:
    (citizen_id,) = add_citizens(context, citizen(danish_level="basic"))
    ended = add_placement(
        context,
        citizen_id=citizen_id,
        statuses=(PlacementStatus.AGREED, PlacementStatus.STARTED),
    )
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, ended)
        assert row is not None
        placements.end(session, row=row, values={"outcome": "paid_hours"}, by="t")
    declined = add_placement(
        context, citizen_id=citizen_id, statuses=(PlacementStatus.DECLINED_BY_WORKPLACE,)
    )
    open_one = add_placement(context, citizen_id=citizen_id)
    # Declined by the citizen (a label) but captured by no one: not learned from.
    add_placement(context, citizen_id=citizen_id, statuses=(PlacementStatus.DECLINED_BY_CITIZEN,))
    for placement_id, day in ((ended, 9), (declined, 2), (open_one, 3)):
        _with_features(context, placement_id, day)
    with context.sessions() as session:
        found = learning.labelled_contacts(session)
    assert [(c.status, c.outcome) for c in found] == [
        (PlacementStatus.DECLINED_BY_WORKPLACE, None),
        (PlacementStatus.ENDED, "paid_hours"),
    ]
    assert {(c.citizen_id, c.target_group, c.danish_level) for c in found} == {
        (citizen_id, "sick_listed", "basic")
    }
    assert all(c.features == FEATURES for c in found)


def test_one_model_is_active_at_a_time(context: AppContext) -> None:
    with context.sessions.begin() as session:
        first, second = (
            learning.add_model(session, by="t", trained_on=1, tested_on=1, windows={}, refused=[])
            for _ in range(2)
        )
        assert learning.active_version(session) is None
        learning.activate(session, row=first, by="admin")
        assert learning.active_version(session) == first.id
        learning.activate(session, row=second, by="admin")
        assert learning.active_version(session) == second.id
        assert first.status == ModelStatus.RETIRED and first.retired_at is not None
        assert learning.previously_active(session, before=second) == first
        assert [m.id for m in learning.newest_first(session)] == [second.id, first.id]
