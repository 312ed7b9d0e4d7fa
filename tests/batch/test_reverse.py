"""The active citizens as queries for reverse matching: inactive citizens are left out, a
function's candidates name each citizen and team, and the pool is built again only when a
citizen or what the queries are made with changed."""

from api.composition.context import AppContext
from batch.reverse import PoolCache, build_pool, function_candidates
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
        pool = build_pool(session, lambda profile: context.matching.query(profile, limit=1))
        workplace = workplace_repository.to_domain(
            workplace_repository.get(session, workplace_id=workplace_id)  # type: ignore[arg-type]
        )
    assert pool.ids == (active,)
    assert pool.teams == ("jobcenter-syd",)
    function_id = workplace.functions[0].id
    (found,) = function_candidates(pool, workplace, function_id, context.matching.scoring())
    assert (found.citizen_id, found.team) == (active, "jobcenter-syd")
    assert function_candidates(pool, workplace, 999_999, context.matching.scoring()) == []


def test_the_pool_is_built_again_only_when_a_citizen_or_the_edition_changed(
    context: AppContext,
) -> None:
    edition = ["2026-07"]
    pools = PoolCache(lambda profile: context.matching.query(profile, limit=1), lambda: edition[0])
    (first,) = add_citizens(context, payloads.citizen(reference="JC-1"))
    with context.sessions() as session:
        pool = pools.current(session)
        assert pools.current(session) is pool and pool.ids == (first,)
    (second,) = add_citizens(context, payloads.citizen(reference="JC-2"))
    with context.sessions() as session:
        grown = pools.current(session)
        assert grown.ids == (first, second)
        edition[0] = "2026-10"  # a new balance period, or the next day
        assert pools.current(session) is not grown
