"""The active citizens as queries for reverse matching: inactive citizens are left out, and
a function's candidates name each citizen and team."""

from api.composition.context import AppContext
from batch.reverse import build_pool, function_candidates
from store import workplaces as workplace_repository
from tests.api import payloads
from tests.stored import add_citizens, add_workplaces


def test_the_pool_holds_the_active_citizens_and_finds_the_candidates(context: AppContext) -> None:
    active, _ = add_citizens(
        context,
        payloads.citizen(reference="JC-ON"),
        payloads.citizen(reference="JC-OFF", active=False),
    )
    (workplace_id,) = add_workplaces(context, 1)
    with context.sessions() as session:
        pool = build_pool(session, lambda profile: context.citizen_query(profile, limit=1))
        workplace = workplace_repository.to_domain(
            workplace_repository.get(session, workplace_id=workplace_id)  # type: ignore[arg-type]
        )
    assert pool.ids == (active,)
    assert pool.teams == ("jobcenter-syd",)
    function_id = workplace.functions[0].id
    (found,) = function_candidates(pool, workplace, function_id, context.scoring())
    assert (found.citizen_id, found.team) == (active, "jobcenter-syd")
    assert function_candidates(pool, workplace, 999_999, context.scoring()) == []
