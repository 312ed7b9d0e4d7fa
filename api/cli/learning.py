"""Commands for the learned ranking: train one now, list the models with their figures,
print a fairness report, roll back."""

import argparse
import sys

from api.cli.common import REFUSED, cli_actor, opened_context
from api.learning import report, service
from store import learning as repository


def cmd_train(_args: argparse.Namespace) -> int:
    with opened_context() as context:
        trained = service.train(context, actor=cli_actor(), route="cli matcher train")
    print(report.summary(trained))
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    with opened_context() as context, context.sessions() as session:
        print(f"ranked by: {service.ranked_by(session).ranked_by}")
        for row in repository.newest_first(session, limit=args.limit):
            print(report.summary(service.model_out(row)))
    return 0


def cmd_fairness(args: argparse.Namespace) -> int:
    with opened_context() as context, context.sessions() as session:
        reported = [r for r in repository.newest_first(session) if r.fairness is not None]
        row = (
            service.get_or_raise(session, model_id=args.model)
            if args.model is not None
            else next(iter(reported), None)
        )
        if row is None:
            print("no model has a fairness report yet: run `matcher train`", file=sys.stderr)
            return REFUSED
        print(report.fairness(service.model_out(row)))
    return 0


def cmd_rollback(_args: argparse.Namespace) -> int:
    with opened_context() as context, context.sessions() as session:
        now = service.rollback(context, session, by=cli_actor().name)
    print(f"ranked by: {now.ranked_by}")
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    tr = commands.add_parser(
        "train", help="train a learned ranking on the outcomes so far; it ranks if it may"
    )
    tr.set_defaults(func=cmd_train)
    md = commands.add_parser("models", help="list the learned rankings with their figures")
    md.add_argument("--limit", type=int, default=10)
    md.set_defaults(func=cmd_models)
    fa = commands.add_parser("fairness", help="print a model's fairness report")
    fa.add_argument("--model", type=int, help="the model (default: the newest with a report)")
    fa.set_defaults(func=cmd_fairness)
    rb = commands.add_parser("rollback", help="stop the learned model that ranks now")
    rb.set_defaults(func=cmd_rollback)
