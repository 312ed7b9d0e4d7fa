"""The supervisor of `matcher serve --workers N`, a process of its own.

`matcher serve` checks the settings, then replaces itself (exec) with `python -m
api.serving.supervisor`: the command line imports the whole service (300 MB of modules), and the
supervisor lives as long as its workers while serving nothing. This module imports uvicorn
and the server's configuration only; the workers import the app, and the first index version
is built in a short-lived process of its own.
"""

import argparse
import multiprocessing
import os
import sys
from collections.abc import Sequence

__all__ = ["exec_supervisor", "main"]


def exec_supervisor(*, host: str, port: int, log_level: str, workers: int) -> None:
    """Replace this process with the supervisor (same pid, same standard streams)."""
    argv = [
        sys.executable,
        "-m",
        "api.serving.supervisor",
        f"--host={host}",
        f"--port={port}",
        f"--log-level={log_level}",
        f"--workers={workers}",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)


def _prepare_store_and_index() -> None:
    """Migrate once and publish the first index version, so no worker builds one."""
    from api.composition.settings import Settings
    from api.composition.wiring import create_context

    context = create_context(Settings())
    try:
        context.freshness.prepare()
    finally:
        context.close()


def main(argv: Sequence[str] | None = None) -> int:
    from uvicorn.supervisors import Multiprocess

    from api.serving.server import uvicorn_config

    parser = argparse.ArgumentParser(prog="python -m api.serving.supervisor")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", required=True)
    parser.add_argument("--workers", type=int, required=True)
    args = parser.parse_args(argv)
    preparing = multiprocessing.get_context("spawn").Process(target=_prepare_store_and_index)
    preparing.start()
    preparing.join()
    if preparing.exitcode != 0:
        print(
            f"preparing the store and the index failed (exit {preparing.exitcode})",
            file=sys.stderr,
        )
        return 1
    config = uvicorn_config(
        "api.app:create_app",
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        workers=args.workers,
    )
    # uvicorn's supervisor: one listening socket, N processes accepting on it, a worker that
    # dies is replaced.
    Multiprocess(config, sockets=[config.bind_socket()]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
