"""Candidate cards and notifications: a card per citizen shown, one open notification per
citizen and function, and one answer to it however many try."""

from api.composition.context import AppContext
from store import notifications
from store.states import NotificationStatus
from tests.api import payloads
from tests.stored import add_citizens


def test_cards_notifications_and_one_answer(context: AppContext) -> None:
    (citizen_id,) = add_citizens(context, payloads.citizen())
    with context.sessions.begin() as session:
        tokens = notifications.add_cards(
            session, shown=[(citizen_id, 40.0)], workplace_id=1, function_id=2, by="k"
        )
        card = notifications.card(session, token=tokens[0])
        assert card is not None and card.citizen_id == citizen_id
        assert notifications.card(session, token="nonsense") is None
        added = notifications.add(
            session,
            citizen_id=citizen_id,
            team="jobcenter-syd",
            workplace_id=1,
            workplace_name="Et sted",
            function_id=2,
            function_title="Et job",
            score=40.0,
            created_by="k",
        )
        assert notifications.open_for(session, citizen_id=citizen_id, function_id=2) == added
        assert notifications.count_open(session, team="jobcenter-syd") == 1
        assert notifications.decide(
            session, notification_id=added.id, status=NotificationStatus.DISMISSED, by="a"
        )
        assert not notifications.decide(
            session, notification_id=added.id, status=NotificationStatus.PROPOSED, by="b"
        )
        assert notifications.open_for(session, citizen_id=citizen_id, function_id=2) is None
        assert [n.id for n in notifications.for_team(session, team="jobcenter-syd")] == [added.id]
