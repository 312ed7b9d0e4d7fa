"""Commands for the data: migrate, the demo, import, export, and generating scale data."""

import argparse
import sys
from pathlib import Path

from api.balance.service import import_balance
from api.citizens.transfer import export_citizens, import_citizens
from api.cli.common import cli_actor, open_in, opened_context
from api.composition import demo
from api.workplaces.transfer import export_workplaces, import_workplaces


def cmd_migrate(_args: argparse.Namespace) -> int:
    with opened_context() as context:
        print(f"database is up to date: {context.settings.url}")
    return 0


def cmd_demo_load(args: argparse.Namespace) -> int:
    with opened_context() as context:
        if args.if_empty and not demo.store_is_empty(context):
            print("the store already holds data; demo data not loaded")
            return 0
        counts = demo.load_demo(context, args.data_dir, actor=cli_actor())
    print(", ".join(f"{value} {name.replace('_', ' ')}" for name, value in counts.items()))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with opened_context() as context, open_in(args.file) as handle:
        if args.kind == "balance":
            count = import_balance(context, handle, actor=cli_actor())
            print(f"{count} balance entries loaded")
            return 0
        if args.kind == "workplaces":
            result = import_workplaces(
                context, handle, default_portfolio=args.portfolio, actor=cli_actor()
            )
        else:
            result = import_citizens(context, handle, default_team=args.team, actor=cli_actor())
    print(f"{args.kind}: {result.created} created, {result.replaced} replaced")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with opened_context() as context:
        lines = (
            export_workplaces(context)
            if args.kind == "workplaces"
            else export_citizens(context, actor=cli_actor())
        )
        if args.file == "-":
            sys.stdout.writelines(lines)
            sys.stdout.flush()
        else:
            with Path(args.file).open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    # The generator of scale data is a tool for trying the service, not part of it: it is
    # imported only when asked for (the one place the code reaches into fixtures/).
    from fixtures.generate import generate_citizens, generate_workplaces, write_jsonl
    from fixtures.geography import GEOGRAPHIES

    geography = GEOGRAPHIES[args.geography]
    args.out.mkdir(parents=True, exist_ok=True)
    workplaces = write_jsonl(
        args.out / "workplaces.jsonl",
        generate_workplaces(args.workplaces, seed=args.seed, geography=geography),
    )
    citizens = write_jsonl(
        args.out / "citizens.jsonl",
        generate_citizens(
            args.citizens,
            seed=args.seed,
            workplace_ids=range(1, args.workplaces + 1),
            geography=geography,
        ),
    )
    print(f"wrote {workplaces} workplaces and {citizens} citizens to {args.out}")
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(
        func=cmd_migrate
    )

    demo_commands = commands.add_parser("demo", help="demo data").add_subparsers(
        dest="demo", required=True
    )
    load = demo_commands.add_parser("load", help="load the demo balance, workplaces and citizens")
    load.add_argument("--if-empty", action="store_true", help="only when the store is empty")
    load.add_argument("--data-dir", type=Path, default=demo.DATA_DIR)
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

    gen = commands.add_parser("generate", help="write seeded scale data as JSON Lines")
    gen.add_argument("--workplaces", type=int, default=100_000)
    gen.add_argument("--citizens", type=int, default=50_000)
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--out", type=Path, default=Path("data/scale"))
    gen.add_argument(
        "--geography",
        choices=("copenhagen", "national"),
        default="copenhagen",
        help="the capital area by postal code, or all of Denmark by town",
    )
    gen.set_defaults(func=cmd_generate)
