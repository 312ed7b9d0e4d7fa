"""The demo: its users are made outside production only; its data loads once, whole."""

from pathlib import Path

from api.composition import demo
from api.composition.wiring import create_context
from store import users as user_repository
from tests.conftest import make_settings


def test_demo_users_are_never_made_in_production(tmp_path: Path) -> None:

    settings = make_settings(f"sqlite:///{tmp_path / 's.sqlite3'}", tmp_path)
    context = create_context(settings.model_copy(update={"environment": "production"}))
    try:
        assert demo.load_demo_users(context) == 0
        with context.sessions() as session:
            assert user_repository.list_all(session) == []
    finally:
        context.close()
