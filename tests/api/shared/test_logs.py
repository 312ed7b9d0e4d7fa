"""The access log: query strings (which may hold a citizen's reference) never reach it."""

import logging

from api.shared.logs import DropQueryStrings, access_log_without_queries


def test_the_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/citizens?q=JC-2026-VALBY&purpose=matching", "1.1", 200),
        None,
    )
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /citizens HTTP/1.1" 200'


def test_a_record_of_another_shape_passes_untouched() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "%s", ("a?b",), None)
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == "a?b"


def test_uvicorns_configuration_gets_the_filter_on_its_access_log_only() -> None:
    from uvicorn.config import LOGGING_CONFIG

    before = repr(LOGGING_CONFIG)
    config = access_log_without_queries(LOGGING_CONFIG)
    assert config["handlers"]["access"]["filters"] == ["drop_query_strings"]
    assert "filters" not in config["handlers"]["default"]
    assert repr(LOGGING_CONFIG) == before  # uvicorn's own stays as it was
