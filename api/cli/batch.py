"""Commands for batch re-ranking: start (or resume) a run and follow it, and the worker."""

import argparse
import sys
import time

from tqdm import tqdm

from api.cli.common import cli_actor, opened_context
from api.reranks.service import RUN_TASK, get_run, start_run
from api.shared.unit import unit_of_work
from store.states import RunStatus, Trigger


def cmd_rerank(args: argparse.Namespace) -> int:
    with opened_context() as context:
        if args.resume is not None:
            context.queue.app().tasks[RUN_TASK].delay(args.resume)
            run_id = args.resume
        else:
            with unit_of_work(context, actor=cli_actor(), route="cli matcher rerank") as unit:
                run_id = start_run(unit, trigger=Trigger.MANUAL)
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
                # Finished means allocated too: the run's first places are spread then.
                if run.status.finished and (run.allocation is not None or run.done == 0):
                    break
                time.sleep(1)
        print(f"run {run_id} {run.status}: {run.done} of {run.total} citizens, {run.failed} failed")
        return 0 if run.status == RunStatus.DONE else 1


def cmd_worker(args: argparse.Namespace) -> int:
    from api.serving.worker import app

    app.worker_main(
        ["worker", "--loglevel", args.log_level, "--concurrency", str(args.concurrency)]
        + (["--beat"] if args.beat else [])
    )
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    rr = commands.add_parser("rerank", help="re-rank every active citizen in a batch run")
    rr.add_argument("--wait", action="store_true", help="follow the run with a progress bar")
    rr.add_argument("--resume", type=int, metavar="RUN", help="send an unfinished run again")
    rr.set_defaults(func=cmd_rerank)

    wk = commands.add_parser("worker", help="run a Celery worker for batch re-ranking")
    wk.add_argument("--concurrency", type=int, default=2)
    wk.add_argument("--beat", action="store_true", help="also run the nightly schedule")
    wk.add_argument("--log-level", default="info")
    wk.set_defaults(func=cmd_worker)
