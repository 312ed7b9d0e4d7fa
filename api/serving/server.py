"""How the app is served: one uvicorn configuration for `matcher serve` and the tests."""

from typing import TYPE_CHECKING

import uvicorn

from api.shared.logs import access_log_without_queries

if TYPE_CHECKING:  # the supervisor of several workers imports this, and never the app
    from fastapi import FastAPI


def uvicorn_config(
    app: "FastAPI | str",
    *,
    host: str,
    port: int,
    log_level: str = "info",
    access_log: bool = True,
    workers: int = 1,
) -> uvicorn.Config:
    """uvicorn as the service runs it.

    uvicorn's own proxy-header handling is off: it would take the client address from
    X-Forwarded-For whenever the peer is 127.0.0.1, so anyone on the machine could pick the
    address the log-in rate limit counts. The app reads forwarded addresses itself, and only
    from the proxies `MATCHER_TRUSTED_PROXIES` names.

    With `workers` above 1 the app is an import string of its factory: each worker process
    makes its own app (and context) from the settings.
    """
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        log_config=access_log_without_queries(uvicorn.config.LOGGING_CONFIG),
        proxy_headers=False,
        server_header=False,
        workers=workers,
        factory=isinstance(app, str),
    )
