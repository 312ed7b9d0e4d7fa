"""Commands for the people who sign in, and for the audit log of citizen data."""

import argparse
import getpass
import json
import sys

from api.audit.routes import DATA_SUBJECT_REQUEST
from api.auth import service as auth_service
from api.auth.policy import ROLES
from api.auth.schemas import UserIn
from api.cli.common import cli_actor, opened_context
from api.shared.unit import unit_of_work
from batch.rerank import purge_audit_log
from store import audit as audit_repository
from store import users as user_repository
from store.models import AuditRow
from store.states import AuditAction


def cmd_users_create(args: argparse.Namespace) -> int:
    password = (
        sys.stdin.readline().rstrip("\n")
        if args.password_stdin
        else getpass.getpass(f"password for {args.username}: ")
    )
    data = UserIn(username=args.username, password=password, role=args.role, team=args.team)
    with opened_context() as context, unit_of_work(context, actor=cli_actor()) as unit:
        row = auth_service.create_user(
            unit.session,
            username=data.username,
            password=data.password,
            role=data.role,
            team=data.team,
        )
        made = f"user {row.id} {row.username} ({row.role}, {row.team}) created"
    print(made)
    return 0


def cmd_users_list(_args: argparse.Namespace) -> int:
    with opened_context() as context, context.sessions() as session:
        for row in user_repository.list_all(session):
            state = "active" if row.active else "inactive"
            print(f"{row.id:>4}  {row.username:<24} {row.role:<22} {row.team:<24} {state}")
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    """The look-ups on one citizen as JSON Lines (a data-subject access request)."""
    route = "cli matcher audit export"
    with (
        opened_context() as context,
        unit_of_work(context, actor=cli_actor(), route=route) as unit,
    ):
        entries = audit_repository.for_citizen(unit.session, citizen_id=args.citizen_id)
        lines = [json.dumps(_entry(entry), ensure_ascii=False) + "\n" for entry in entries]
        unit.audit(AuditAction.EXPORT_AUDIT, [args.citizen_id], purpose=DATA_SUBJECT_REQUEST)
    sys.stdout.writelines(lines)
    return 0


def _entry(entry: AuditRow) -> dict[str, object]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "role": entry.role,
        "team": entry.team,
        "citizen_id": entry.citizen_id,
        "action": entry.action,
        "purpose": entry.purpose,
        "route": entry.route,
    }


def cmd_audit_purge(_args: argparse.Namespace) -> int:
    with opened_context() as context:
        removed = purge_audit_log(context.batch)
    print(f"{removed} audit entries older than the retention period removed")
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
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
