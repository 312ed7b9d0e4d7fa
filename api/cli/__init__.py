"""The `matcher` command: migrate, load demo data, import/export, suggest, generate, the
index, batch runs, users and the audit log, serve. One module per group of commands; each
adds its own to the parser."""

import argparse
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from api.cli import accounts, batch, data, index, learning, matching
from api.cli.common import INDEX_UNREACHABLE, OUTPUT_CLOSED, REFUSED
from api.shared.errors import ApiError, described
from api.shared.jsonlines import ImportFailed
from indexer.backend import BackendUnavailable
from indexer.opensearch_reindex import ReindexRefused
from store.locks import Busy

__all__ = ["build_parser", "main"]


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers == 1:
        import uvicorn

        from api.app import create_app
        from api.serving.server import uvicorn_config

        config = uvicorn_config(
            create_app(), host=args.host, port=args.port, log_level=args.log_level
        )
        uvicorn.Server(config).run()
        return 0
    _share_the_index()
    from api.serving.supervisor import exec_supervisor

    exec_supervisor(host=args.host, port=args.port, log_level=args.log_level, workers=args.workers)
    return 0  # not reached: exec replaced this process


def _share_the_index() -> None:
    """Before several serving processes start: with the embedded index, share it through
    snapshots (switched on for the workers if the settings leave it off). The settings are
    read here, so a wrong one is reported like any other command's."""
    from api.composition.settings import Settings

    settings = Settings()
    if settings.search_backend == "embedded" and not settings.index_snapshots:
        print(
            "--workers: the embedded index is shared through snapshots "
            "(MATCHER_INDEX_SNAPSHOTS=true for the workers)",
            file=sys.stderr,
        )
        os.environ["MATCHER_INDEX_SNAPSHOTS"] = "true"


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is fewer than 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matcher",
        description="Placement matching for Danish employment programmes. "
        "Settings come from MATCHER_* environment variables (docs/operations/settings.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for group in (data, matching, index, batch, learning, accounts):
        group.register(commands)
    serve = commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="serving processes (default 1); with the embedded index they share its snapshot",
    )
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except ImportFailed as exc:
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
            print("{}: {}".format(*described(error)), file=sys.stderr)
        return REFUSED
    except Busy as exc:
        print(f"refused: {exc}", file=sys.stderr)
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
