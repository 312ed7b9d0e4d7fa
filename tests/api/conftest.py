"""One demo server and one Chromium for the browser tests (starting them is the slow part),
for the pages' tests in every domain's folder."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from api.composition.context import AppContext
from tests.api.web.live import chromium, demo_server
from tests.conftest import TODAY


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, AppContext]]:
    with demo_server(tmp_path_factory.mktemp("web"), today=TODAY) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def session(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    yield context
    context.close()
