"""The demo: users of each role and team, and the committed demo data (fixtures/data), loaded
by `matcher demo load` on the embedded default. Never in production: the users' passwords are
public (the README lists them)."""

from pathlib import Path

from api.auth import service as auth_service
from api.balance.service import import_balance
from api.citizens.transfer import import_citizens
from api.composition.context import AppContext
from api.shared.unit import unit_of_work
from api.workplaces.transfer import import_workplaces
from store import citizens as citizen_repository
from store import users as user_repository
from store import workplaces as workplace_repository
from store.audit import SYSTEM, Actor

# The demo data files (workplaces.jsonl, citizens.jsonl, balance.csv), made by
# fixtures/generate.py; read as files, so the service never imports the generator.
DATA_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "data"

# One user of each role and team, for local use only: the README lists these passwords.
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    # username, role, team, password
    ("konsulent.syd", "consultant", "jobcenter-syd", "demo-konsulent-syd"),
    ("konsulent.nord", "consultant", "jobcenter-nord", "demo-konsulent-nord"),
    ("koordinator.syd", "employer_coordinator", "virksomhedsservice-syd", "demo-koordinator-syd"),
    (
        "koordinator.nord",
        "employer_coordinator",
        "virksomhedsservice-nord",
        "demo-koordinator-nord",
    ),
    ("admin", "admin", "drift", "demo-admin-2026"),
)


def store_is_empty(context: AppContext) -> bool:
    with context.sessions() as session:
        return workplace_repository.count(session) == 0 and citizen_repository.count(session) == 0


def load_demo_users(context: AppContext) -> int:
    """The demo users; returns how many were created (existing usernames are left alone).
    None in production."""
    if context.settings.environment == "production":
        return 0
    created = 0
    with unit_of_work(context, route="matcher demo load") as unit:
        for username, role, team, password in DEMO_USERS:
            if user_repository.get_by_username(unit.session, username=username) is None:
                auth_service.create_user(
                    unit.session, username=username, password=password, role=role, team=team
                )
                created += 1
    return created


def load_demo(
    context: AppContext, data_dir: Path = DATA_DIR, *, actor: Actor = SYSTEM
) -> dict[str, int]:
    """Load the demo users, balance table, workplaces and citizens."""
    users = load_demo_users(context)
    with (data_dir / "workplaces.jsonl").open("rb") as handle:
        workplaces = import_workplaces(context, handle, actor=actor)
    with (data_dir / "citizens.jsonl").open("rb") as handle:
        citizens = import_citizens(context, handle, actor=actor)
    # Last: its new period starts the first batch run, over the citizens just loaded.
    with (data_dir / "balance.csv").open("rb") as handle:
        balance = import_balance(context, handle, actor=actor)
    return {
        "users": users,
        "balance_entries": balance,
        "workplaces": workplaces.created + workplaces.replaced,
        "citizens": citizens.created + citizens.replaced,
    }
