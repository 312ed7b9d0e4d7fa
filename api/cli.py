"""The `matcher` command: migrate, load demo data, import/export, suggest, generate, serve."""

import argparse
import getpass
import json
import os
import signal
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError
from tqdm import tqdm

from api import dataio
from api.auth import service as auth_service
from api.auth.policy import ROLES
from api.auth.schemas import UserIn
from api.citizens import service as citizen_service
from api.context import AppContext, create_context
from api.errors import ApiError, reason_of
from api.settings import AUDIT_PURPOSES, Settings
from api.suggestions.schemas import FiltersIn, SuggestionsOut
from api.suggestions.service import suggest
from fixtures.generate import DATA_DIR, generate_citizens, generate_workplaces, write_jsonl
from indexer.backend import BackendUnavailable
from indexer.opensearch import ReindexRefused
from indexer.reconcile import reconcile
from indexer.rerank import purge_audit_log
from matcher.vocabulary import PLACEMENT_TYPES
from store import audit as audit_repository
from store import citizens as citizen_repository
from store import users as user_repository
from store import workplaces as workplace_repository
from store.audit import Actor


@contextmanager
def _context() -> Iterator[AppContext]:
    context = create_context(Settings())
    try:
        yield context
    finally:
        context.close()


def cmd_migrate(_args: argparse.Namespace) -> int:
    with _context() as context:
        print(f"database is up to date: {context.settings.url}")
    return 0


def cmd_demo_load(args: argparse.Namespace) -> int:
    with _context() as context:
        if args.if_empty and not dataio.store_is_empty(context):
            print("the store already holds data; demo data not loaded")
            return 0
        counts = dataio.load_demo(context, args.data_dir, actor=cli_actor())
    print(", ".join(f"{value} {name.replace('_', ' ')}" for name, value in counts.items()))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _context() as context, _open_in(args.file) as handle:
        if args.kind == "balance":
            print(f"{dataio.import_balance(context, handle)} balance entries loaded")
            return 0
        if args.kind == "workplaces":
            result = dataio.import_workplaces(
                context, handle, default_portfolio=args.portfolio, actor=cli_actor()
            )
        else:
            result = dataio.import_citizens(
                context, handle, default_team=args.team, actor=cli_actor()
            )
    print(f"{args.kind}: {result.created} created, {result.replaced} replaced")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _context() as context:
        lines = (
            dataio.export_workplaces(context)
            if args.kind == "workplaces"
            else dataio.export_citizens(context, actor=cli_actor())
        )
        if args.file == "-":
            sys.stdout.writelines(lines)
            sys.stdout.flush()
        else:
            with Path(args.file).open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    with _context() as context:
        context.prepare_index()
        return _print_suggestions(context, args)


def cmd_rerank(args: argparse.Namespace) -> int:
    from api.reranks.service import get_run, start_run

    with _context() as context:
        if args.resume is not None:
            context.celery().tasks["matcher.rerank.run"].delay(args.resume)
            run_id = args.resume
        else:
            run_id = start_run(context, trigger="manual")
        print(f"run {run_id} started", flush=True)
        if not args.wait:
            return 0
        with context.sessions() as session:
            run = get_run(session, run_id=run_id)
        with tqdm(total=run.total, unit="citizen", desc=f"run {run_id}", file=sys.stderr) as bar:
            while True:
                with context.sessions() as session:
                    run = get_run(session, run_id=run_id)
                bar.update(run.done + run.failed - bar.n)
                if run.status in ("done", "failed"):
                    break
                time.sleep(1)
        print(f"run {run_id} {run.status}: {run.done} of {run.total} citizens, {run.failed} failed")
        return 0 if run.status == "done" else 1


def cmd_worker(args: argparse.Namespace) -> int:
    from api.worker import app

    app.worker_main(
        ["worker", "--loglevel", args.log_level, "--concurrency", str(args.concurrency)]
        + (["--beat"] if args.beat else [])
    )
    return 0


def cmd_reindex(_args: argparse.Namespace) -> int:
    with _context() as context, context.sessions() as session:
        total = workplace_repository.count(session)
        with tqdm(total=total, unit="workplace", desc="reindex", file=sys.stderr) as bar:
            indexed = context.backend.rebuild(
                workplace_repository.load_all(session), expected=total, progress=bar.update
            )
        # Changes committed while the new index was filled went to the old one: repair them.
        report = reconcile(session, context.backend)
        print(f"indexed {indexed} workplaces; {report.summary()}")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    with _context() as context, context.sessions() as session:
        context.prepare_index()
        report = reconcile(session, context.backend, repair=not args.dry_run)
        print(report.summary())
    return 1 if report.drift and args.dry_run else 0


def cmd_relay(args: argparse.Namespace) -> int:
    with _context() as context:
        if context.backend.name == "embedded":
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


def _print_suggestions(context: AppContext, args: argparse.Namespace) -> int:
    with context.sessions() as session:
        if args.citizen.isdigit():
            row = citizen_repository.get(session, citizen_id=int(args.citizen))
        else:
            row = citizen_repository.get_by_reference(session, reference=args.citizen)
        if row is None:
            print(f"no citizen with id or reference {args.citizen!r}", file=sys.stderr)
            return 1
        profile = citizen_service.profile_of(row)
        audit_repository.append(
            session,
            actor=cli_actor(),
            citizen_ids=[row.id],
            action="suggest",
            purpose=args.purpose,
            route="cli matcher suggest",
        )
        session.commit()
    filters = FiltersIn(
        placement_types=args.placement_type, radius_km=args.radius_km, limit=args.limit
    )
    print(render_table(suggest(context, profile=profile, filters=filters)))
    return 0


def render_table(result: SuggestionsOut) -> str:
    """Suggestions as a plain-text table, each followed by its reasons."""
    if not result.items:
        return "no workplace meets this citizen's hard needs and filters"
    lines = [
        f"{'#':>3}  {'score':>6}  {'km':>5}  {'workplace':<34}  {'function':<28}  types",
        "-" * 100,
    ]
    for item in result.items:
        km = "" if item.distance_km is None else f"{item.distance_km:.1f}"
        lines.append(
            f"{item.rank:>3}  {item.score:>6.1f}  {km:>5}  {item.workplace_name[:34]:<34}  "
            f"{item.function_title[:28]:<28}  {','.join(item.placement_types)}"
        )
        factors = ", ".join(
            f"{f.name} {f.contribution:.1f}" for f in item.factors if f.contribution
        )
        reasons = [f"factors: {factors}"]
        if item.matched_terms:
            reasons.append(f"matched: {', '.join(item.matched_terms)}")
        if item.goal_occupation:
            goal = item.goal_occupation
            reasons.append(f"goal: {goal.title} ({goal.balance_category or 'no balance data'})")
        if item.hard_needs_met:
            reasons.append(f"hard needs met: {', '.join(item.hard_needs_met)}")
        if item.soft_needs_unmet:
            reasons.append(f"soft needs NOT met: {', '.join(item.soft_needs_unmet)}")
        record = item.record
        reasons.append(
            f"record: {record.good_outcomes} of {record.placements} placements ended well"
        )
        lines.extend(textwrap.indent(r, " " * 7) for r in reasons)
    return "\n".join(lines)


def cmd_generate(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    workplaces = write_jsonl(
        args.out / "workplaces.jsonl", generate_workplaces(args.workplaces, seed=args.seed)
    )
    citizens = write_jsonl(
        args.out / "citizens.jsonl",
        generate_citizens(
            args.citizens, seed=args.seed, workplace_ids=range(1, args.workplaces + 1)
        ),
    )
    print(f"wrote {workplaces} workplaces and {citizens} citizens to {args.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.server import uvicorn_config

    # One process: the embedded index lives in it (see README, "Running").
    config = uvicorn_config(create_app(), host=args.host, port=args.port, log_level=args.log_level)
    uvicorn.Server(config).run()
    return 0


def cli_actor() -> Actor:
    """Who runs the command: the operating-system user, for the audit log."""
    return Actor(user_id=None, name=f"cli:{getpass.getuser()}"[:64], role="operator", team="cli")


def cmd_users_create(args: argparse.Namespace) -> int:
    password = (
        sys.stdin.readline().rstrip("\n")
        if args.password_stdin
        else getpass.getpass(f"password for {args.username}: ")
    )
    data = UserIn(username=args.username, password=password, role=args.role, team=args.team)
    with _context() as context, context.sessions() as session:
        row = auth_service.create_user(
            session, username=data.username, password=data.password, role=data.role, team=data.team
        )
        session.commit()
        print(f"user {row.id} {row.username} ({row.role}, {row.team}) created")
    return 0


def cmd_users_list(_args: argparse.Namespace) -> int:
    with _context() as context, context.sessions() as session:
        for row in user_repository.list_all(session):
            state = "active" if row.active else "inactive"
            print(f"{row.id:>4}  {row.username:<24} {row.role:<22} {row.team:<24} {state}")
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    """The look-ups on one citizen as JSON Lines (a data-subject access request)."""
    with _context() as context, context.sessions() as session:
        entries = audit_repository.for_citizen(session, citizen_id=args.citizen_id)
        lines = [
            json.dumps(
                {
                    "at": entry.at.isoformat(),
                    "actor": entry.actor,
                    "role": entry.role,
                    "team": entry.team,
                    "citizen_id": entry.citizen_id,
                    "action": entry.action,
                    "purpose": entry.purpose,
                    "route": entry.route,
                },
                ensure_ascii=False,
            )
            + "\n"
            for entry in entries
        ]
        audit_repository.append(
            session,
            actor=cli_actor(),
            citizen_ids=[args.citizen_id],
            action="export_audit",
            purpose="data_subject_request",
            route="cli matcher audit export",
        )
        session.commit()
    sys.stdout.writelines(lines)
    return 0


def cmd_audit_purge(_args: argparse.Namespace) -> int:
    with _context() as context:
        removed = purge_audit_log(context.rerank_environment())
    print(f"{removed} audit entries older than the retention period removed")
    return 0


class _open_in:
    """A file, or standard input for '-', as bytes: the importer decodes each line itself, so
    a line that is not UTF-8 is reported with its number."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> BinaryIO:
        self.handle = sys.stdin.buffer if self.name == "-" else Path(self.name).open("rb")
        return self.handle

    def __exit__(self, *_exc: object) -> None:
        if self.handle is not sys.stdin.buffer:
            self.handle.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matcher",
        description="Placement matching for Danish employment programmes. "
        "Settings come from MATCHER_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(
        func=cmd_migrate
    )

    demo = commands.add_parser("demo", help="demo data").add_subparsers(dest="demo", required=True)
    load = demo.add_parser("load", help="load the demo balance, workplaces and citizens")
    load.add_argument("--if-empty", action="store_true", help="only when the store is empty")
    load.add_argument("--data-dir", type=Path, default=DATA_DIR)
    load.set_defaults(func=cmd_demo_load)

    imp = commands.add_parser("import", help="import a JSON Lines (or balance CSV) file")
    imp.add_argument("kind", choices=("workplaces", "citizens", "balance"))
    imp.add_argument("file", help="path, or - for standard input")
    imp.add_argument("--team", help="citizens: the consultants' team of lines that name none")
    imp.add_argument(
        "--portfolio", help="workplaces: the coordinators' team of lines that name none"
    )
    imp.set_defaults(func=cmd_import)

    exp = commands.add_parser("export", help="export as JSON Lines")
    exp.add_argument("kind", choices=("workplaces", "citizens"))
    exp.add_argument("file", nargs="?", default="-", help="path, or - for standard output")
    exp.set_defaults(func=cmd_export)

    sug = commands.add_parser("suggest", help="print ranked suggestions for a citizen")
    sug.add_argument("citizen", help="citizen id or case reference")
    sug.add_argument("--placement-type", action="append", choices=list(PLACEMENT_TYPES))
    sug.add_argument("--radius-km", type=float)
    sug.add_argument("--limit", type=int, default=10)
    sug.add_argument(
        "--purpose", required=True, choices=list(AUDIT_PURPOSES), help="why (audit log)"
    )
    sug.set_defaults(func=cmd_suggest)

    gen = commands.add_parser("generate", help="write seeded scale data as JSON Lines")
    gen.add_argument("--workplaces", type=int, default=100_000)
    gen.add_argument("--citizens", type=int, default=50_000)
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--out", type=Path, default=Path("data/scale"))
    gen.set_defaults(func=cmd_generate)

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

    rr = commands.add_parser("rerank", help="re-rank every active citizen in a batch run")
    rr.add_argument("--wait", action="store_true", help="follow the run with a progress bar")
    rr.add_argument("--resume", type=int, metavar="RUN", help="send an unfinished run again")
    rr.set_defaults(func=cmd_rerank)

    wk = commands.add_parser("worker", help="run a Celery worker for batch re-ranking")
    wk.add_argument("--concurrency", type=int, default=2)
    wk.add_argument("--beat", action="store_true", help="also run the nightly schedule")
    wk.add_argument("--log-level", default="info")
    wk.set_defaults(func=cmd_worker)

    users = commands.add_parser("users", help="the people who sign in").add_subparsers(
        dest="users", required=True
    )
    create = users.add_parser("create", help="create a user (asks for the password)")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=list(ROLES))
    create.add_argument("--team", required=True)
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.set_defaults(func=cmd_users_create)
    users.add_parser("list", help="list users").set_defaults(func=cmd_users_list)

    aud = commands.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit", required=True
    )
    aex = aud.add_parser("export", help="the look-ups on one citizen, as JSON Lines")
    aex.add_argument("citizen_id", type=int)
    aex.set_defaults(func=cmd_audit_export)
    aud.add_parser("purge", help="remove entries older than the retention period now").set_defaults(
        func=cmd_audit_purge
    )

    serve = commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(func=cmd_serve)
    return parser


# Exit codes: 0 done; 1 what was given was refused (nothing stored); 2 wrong usage (as
# argparse answers); 3 the search index cannot be reached; 141 standard output was closed
# early (`matcher export ... | head`), as a program stopped by SIGPIPE ends.
REFUSED, USAGE, INDEX_UNREACHABLE, OUTPUT_CLOSED = 1, 2, 3, 128 + signal.SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except dataio.ImportFailed as exc:
        print(f"import refused, nothing was stored:\n{exc}", file=sys.stderr)
        return REFUSED
    except ApiError as exc:
        if isinstance(exc.detail, list):  # field errors, one a line
            for item in exc.detail:
                print(f"{item['field']}: {item['reason']}", file=sys.stderr)
        else:
            print(f"{exc.error}: {exc.detail}", file=sys.stderr)
        return REFUSED
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            print(f"{field}: {reason_of(error['msg'])}", file=sys.stderr)
        return REFUSED
    except (BackendUnavailable, ReindexRefused) as exc:
        print(f"search index: {exc}", file=sys.stderr)
        return INDEX_UNREACHABLE
    except BrokenPipeError:
        # The reader went away; say nothing more, and let the interpreter's last flush of
        # standard output go nowhere instead of failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OUTPUT_CLOSED
    except OSError as exc:  # a file that cannot be opened, read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(f"cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return REFUSED
    return result


if __name__ == "__main__":
    sys.exit(main())
