"""Commands for the search index: rebuild it, compare it with the store, relay changes."""

import argparse
import sys
import time

from tqdm import tqdm

from api.cli.common import USAGE, opened_context
from indexer.reconcile import reconcile
from store import workplaces as workplace_repository
from store.locks import held


def cmd_reindex(_args: argparse.Namespace) -> int:
    # Two reindexes at once would each build an index and fight over the alias: the second
    # is refused while the first runs (store.locks.Busy, exit code 1).
    with opened_context() as context, held(context.engine, "reindex"):
        with context.sessions() as session:
            total = workplace_repository.count(session)
            with tqdm(total=total, unit="workplace", desc="reindex", file=sys.stderr) as bar:
                done = context.freshness.reindex(session, bar.update)
        print(done)
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    with opened_context() as context, context.sessions() as session:
        context.freshness.prepare()
        report = reconcile(session, context.backend, repair=not args.dry_run)
        print(report.summary())
    return 1 if report.drift and args.dry_run else 0


def cmd_relay(args: argparse.Namespace) -> int:
    with opened_context() as context:
        if not context.backend.shared:
            print(
                "the embedded index lives in the serving process, which relays its changes",
                file=sys.stderr,
            )
            return USAGE
        while True:
            report = context.relay.run_once()
            if report.applied or report.rebuilt or report.error or not args.loop:
                print(
                    f"applied {report.applied}, rebuilt {report.rebuilt}, "
                    f"waiting {report.postponed}" + (f": {report.error}" if report.error else ""),
                    flush=True,
                )
            if not args.loop:
                return 1 if report.error else 0
            time.sleep(args.interval)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    commands.add_parser(
        "reindex", help="rebuild the search index from the store (OpenSearch: zero downtime)"
    ).set_defaults(func=cmd_reindex)

    rec = commands.add_parser("reconcile", help="compare store and index and repair any drift")
    rec.add_argument("--dry-run", action="store_true", help="report only; exit 1 on drift")
    rec.set_defaults(func=cmd_reconcile)

    rel = commands.add_parser("relay", help="apply pending store changes to the OpenSearch index")
    rel.add_argument("--loop", action="store_true", help="keep relaying")
    rel.add_argument("--interval", type=float, default=2.0, help="seconds between rounds")
    rel.set_defaults(func=cmd_relay)
