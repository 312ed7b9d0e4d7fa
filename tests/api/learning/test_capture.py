"""A contact keeps the features the scorer found when it was made: the same figures the
suggestion list ranked it by, unchanged by later edits of the profile; none for a workplace
the citizen's hard needs rule out."""

import pytest

from api.citizens import service as citizens
from api.citizens.schemas import CitizenUpdate
from api.composition.context import AppContext
from api.placements import service
from api.placements.schemas import ContactIn
from api.shared.unit import unit_of_work
from api.suggestions import service as suggestions
from api.suggestions.schemas import FiltersIn
from matcher.learning.features import FEATURE_NAMES
from store import citizens as citizen_repository
from store.models import PlacementRow
from tests.api.payloads import citizen
from tests.api.placements.test_service import SOUTH, _setup


def _contact(context: AppContext, citizen_id: int, workplace_id: int) -> dict[str, float] | None:
    with unit_of_work(context) as unit:
        row = service.contact(
            context,
            unit.session,
            citizen_id=citizen_id,
            data=ContactIn(workplace_id=workplace_id),
            user=SOUTH,
        )
        placement_id = row.id
    with context.sessions() as session:
        stored = session.get(PlacementRow, placement_id)
        assert stored is not None
        return stored.features


def test_a_contact_keeps_what_the_scorer_found_then(context: AppContext) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    found = _contact(context, citizen_id, workplace_id)
    assert found is not None and list(found) == list(FEATURE_NAMES)
    with context.sessions() as session:
        profile = citizen_repository.to_domain(
            citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=SOUTH)
        )
        (listed,) = suggestions.suggest(
            context, session, profile=profile, filters=FiltersIn()
        ).items
    best = 100.0  # the citizen does not prefer to stay near home (the API rounds to 0.1)
    assert found["hand_score"] == pytest.approx(listed.score / best, abs=0.0005)
    skills = next(f.contribution for f in listed.factors if f.name == "skills")
    assert found["skills"] == pytest.approx(skills / 35, abs=0.005)
    assert found["soft_needs_met"] == 0.0 and found["soft_needs_asked"] == 1 / 5


def test_later_edits_of_the_profile_do_not_change_it(context: AppContext) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    before = _contact(context, citizen_id, workplace_id)
    with unit_of_work(context) as unit:
        citizens.update(
            unit.session,
            citizen_id=citizen_id,
            data=CitizenUpdate(**citizen(skills=["kok"], max_commute_km=30), version=1),
            postal_codes=context.matching.postal_codes,
            by="test",
        )
    with context.sessions() as session:
        (stored,) = session.query(PlacementRow).all()
        assert stored.features == before


def test_a_workplace_the_hard_needs_rule_out_keeps_none(context: AppContext) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    with unit_of_work(context) as unit:
        needs = [{"code": "personal_assistance", "hard": True}]
        citizens.update(
            unit.session,
            citizen_id=citizen_id,
            data=CitizenUpdate(**citizen(accommodation_needs=needs), version=1),
            postal_codes=context.matching.postal_codes,
            by="test",
        )
    assert _contact(context, citizen_id, workplace_id) is None
