"""`matcher suggest`: ranked suggestions for a citizen, as a plain-text table with reasons;
`matcher evaluate`: the quality harness's figures for the matcher and a keyword baseline."""

import argparse
import sys
import textwrap
from pathlib import Path

from api.citizens import service as citizen_service
from api.cli.common import cli_actor, opened_context
from api.composition.context import AppContext
from api.composition.settings import AUDIT_PURPOSES
from api.shared.unit import unit_of_work
from api.suggestions.schemas import (
    FiltersIn,
    MissingOut,
    NearMatchOut,
    SuggestionOut,
    SuggestionsOut,
)
from api.suggestions.service import suggest
from matcher.vocabulary import PLACEMENT_TYPES
from store import citizens as citizen_repository
from store.states import AuditAction


def cmd_suggest(args: argparse.Namespace) -> int:
    with opened_context() as context:
        context.freshness.prepare()
        return _print_suggestions(context, args)


def _print_suggestions(context: AppContext, args: argparse.Namespace) -> int:
    route = "cli matcher suggest"
    with unit_of_work(context, actor=cli_actor(), route=route, purpose=args.purpose) as unit:
        if args.citizen.isdigit():
            row = citizen_repository.get(unit.session, citizen_id=int(args.citizen))
        else:
            row = citizen_repository.get_by_reference(unit.session, reference=args.citizen)
        if row is None:
            print(f"no citizen with id or reference {args.citizen!r}", file=sys.stderr)
            return 1
        profile = citizen_service.profile_of(row)
        filters = FiltersIn(
            placement_types=args.placement_type,
            radius_km=args.radius_km,
            limit=args.limit,
            near_limit=args.near_limit,
        )
        found = suggest(context, unit.session, profile=profile, filters=filters)
        unit.audit(AuditAction.SUGGEST, [row.id])
    print(render_table(found))
    return 0


def render_table(result: SuggestionsOut) -> str:
    """Suggestions as a plain-text table, each followed by its reasons; then the near
    matches, or when there are no suggestions, what empties the list."""
    if not result.items:
        lines = ["no workplace meets this citizen's hard needs and filters"]
        lines.extend(_why_empty(result))
    else:
        lines = [_HEADER, "-" * 100]
        for item in result.items:
            lines.append(_row(item))
            lines.extend(textwrap.indent(r, " " * 7) for r in _reasons(item))
    if result.near_matches:
        lines.extend(["", "near matches (not suggestions: each lacks one hard need or the radius)"])
        for near in result.near_matches:
            lines.append(_row(near))
            lines.append(" " * 7 + _lacks(near))
    return "\n".join(lines)


_HEADER = f"{'#':>3}  {'score':>6}  {'km':>5}  {'workplace':<34}  {'function':<28}  types"


def _row(item: SuggestionOut) -> str:
    km = "" if item.distance_km is None else f"{item.distance_km:.1f}"
    return (
        f"{item.rank:>3}  {item.score:>6.1f}  {km:>5}  {item.workplace_name[:34]:<34}  "
        f"{item.function_title[:28]:<28}  {','.join(item.placement_types)}"
    )


def _lacks(near: NearMatchOut) -> str:
    missing = near.missing
    if missing.kind == "need":
        return f"lacks: {missing.need} (can it be arranged?)"
    return f"beyond the radius of {missing.radius_km} km"


def _why_empty(result: SuggestionsOut) -> list[str]:
    if not result.why_empty:
        return []
    return ["what empties it (suggestions without each one alone):"] + [
        f"  without {_without(w.without)}: {w.count}" for w in result.why_empty
    ]


def _without(missing: MissingOut) -> str:
    if missing.kind == "need":
        return f"the need {missing.need}"
    if missing.kind == "radius":
        return f"the radius {missing.radius_km} km (up to {missing.widened_km} km)"
    return "the placement-type filter"


def _reasons(item: SuggestionOut) -> list[str]:
    factors = ", ".join(f"{f.name} {f.contribution:.1f}" for f in item.factors if f.contribution)
    reasons = [f"factors: {factors}"]
    if item.matched_terms:
        reasons.append(f"matched: {', '.join(item.matched_terms)}")
    if item.goal_occupation:
        goal = item.goal_occupation
        read = (
            f", read as {goal.interpreted_as} ({goal.confidence:.0%} sure)"
            if goal.interpreted_as and goal.confidence is not None
            else ""
        )
        field = f": {goal.field}" if goal.field else ""
        reasons.append(
            f"goal: {goal.title}{read}, {goal.relation}{field} "
            f"({goal.balance_category or 'no balance data'})"
        )
    if item.fit_share < 1:
        reasons.append(
            f"relevance first: fit counts {item.fit_share:.0%} "
            f"({item.fit_points * item.fit_share:.1f} of {item.fit_points:.1f} points)"
        )
    if item.hard_needs_met:
        reasons.append(f"hard needs met: {', '.join(item.hard_needs_met)}")
    if item.soft_needs_unmet:
        reasons.append(f"soft needs NOT met: {', '.join(item.soft_needs_unmet)}")
    record = item.record
    reasons.append(f"record: {record.good_outcomes} of {record.placements} placements ended well")
    return reasons


def cmd_evaluate(args: argparse.Namespace) -> int:
    # The harness and its cases live with the fixtures; only this command imports them.
    from fixtures.evaluate import CASE_FILES, CaseError, evaluate
    from fixtures.readings import GOALS_FILE, GoalsFileError

    try:
        report = evaluate(
            pool_size=args.pool,
            cases_files=args.cases or CASE_FILES,
            goals_file=args.goals or GOALS_FILE,
        )
    except CaseError as exc:
        print(f"the cases cannot be read: {exc}", file=sys.stderr)
        return 1
    except GoalsFileError as exc:
        print(f"the typed goals cannot be read: {exc}", file=sys.stderr)
        return 1
    print(report.render(per_case=args.per_case))
    return 0


def _pool_size(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError("give 0 to 100000 generated workplaces")
    return value


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sug = commands.add_parser("suggest", help="print ranked suggestions for a citizen")
    sug.add_argument("citizen", help="citizen id or case reference")
    sug.add_argument("--placement-type", action="append", choices=list(PLACEMENT_TYPES))
    sug.add_argument("--radius-km", type=float)
    sug.add_argument("--limit", type=int, default=10)
    sug.add_argument(
        "--near-limit", type=int, default=5, help="near matches listed below (0: none)"
    )
    sug.add_argument(
        "--purpose", required=True, choices=list(AUDIT_PURPOSES), help="why (audit log)"
    )
    sug.set_defaults(func=cmd_suggest)

    ev = commands.add_parser(
        "evaluate", help="rank the labelled cases and print the quality figures"
    )
    ev.add_argument(
        "--pool", type=_pool_size, default=2000, help="generated workplaces beside the cases'"
    )
    ev.add_argument(
        "--cases",
        type=Path,
        action="append",
        help="a cases file, or several (default: the project's two)",
    )
    ev.add_argument("--goals", type=Path, help="a typed-goals file (default: the project's)")
    ev.add_argument("--per-case", action="store_true", help="also print each case's figures")
    ev.set_defaults(func=cmd_evaluate)
