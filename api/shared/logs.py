"""Logging that never carries citizen data.

Application logs name ids and error types only. The access log keeps the method, the path
(ids, not contents) and the status, and drops query strings, which could hold what a
consultant searched for.
"""

import copy
import logging
from typing import Any


class DropQueryStrings(logging.Filter):
    """Removes the query string from uvicorn's access-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn's access record: (client, method, path with query, http version, status)
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def access_log_without_queries(base: dict[str, Any]) -> dict[str, Any]:
    """uvicorn's logging configuration with the query-string filter on the access log."""
    config = copy.deepcopy(base)
    config.setdefault("filters", {})["drop_query_strings"] = {"()": DropQueryStrings}
    config["handlers"]["access"].setdefault("filters", []).append("drop_query_strings")
    return config
