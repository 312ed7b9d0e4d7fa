"""What every page shares: numbers, times and form values as Danes read and type them, a
next page that is always one of ours, the session's cookies (HttpOnly, same-site, pages only,
outliving the token so a form can be given back), and a field's errors with its sub-fields'."""

import datetime as dt
from types import SimpleNamespace

import pytest
from starlette.responses import Response

from api.auth.policy import SESSION_COOKIE
from api.web.pages import (
    COOKIE_GRACE,
    CSRF_COOKIE,
    LEFT_COOKIE,
    PURPOSE_COOKIE,
    danish_number,
    end_session,
    errors_for,
    field_value,
    fixed,
    hours_range,
    local_date,
    local_page,
    local_time,
    redirect,
    start_session,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (7.5, "7,5"),
        (10.0, "10"),
        (3, "3"),
        ("12.345", "12,3"),
        (None, ""),
        ("", ""),
        ("n/a", "n/a"),
    ],
)
def test_numbers_have_a_decimal_comma_and_no_trailing_zero(value: object, shown: str) -> None:
    assert danish_number(value) == shown


@pytest.mark.parametrize(
    ("value", "decimal", "shown"),
    [
        (7.5, False, "7,5"),
        (10.0, False, "10"),
        (55.66201234, False, "55,66201234"),  # coordinates keep every decimal
        ("7.5", True, "7,5"),  # typed back after an error, in a decimal field
        ("7.5", False, "7.5"),  # text stays as typed
        (True, False, ""),
        (None, False, ""),
    ],
)
def test_form_values_are_shown_as_danes_type_them(value: object, decimal: bool, shown: str) -> None:
    assert field_value(value, decimal) == shown


def test_times_are_copenhagens() -> None:
    summer = dt.datetime(2026, 7, 1, 12, 5, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    assert local_time(summer) == "01.07.2026 kl. 14:05"
    assert local_time(winter) == "25.11.2026 kl. 00:30"
    assert local_date(winter) == "25.11.2026"
    assert local_date(dt.date(2026, 12, 7)) == "07.12.2026"  # a day is shown as it is
    assert local_time(None) == local_date(None) == "–"


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/app/citizens/1?purpose=x", True),
        ("/app", True),
        ("//evil.example/app", False),
        ("/app//evil.example", False),
        ("/app\\evil", False),
        ("https://evil.example/app", False),
        ("/citizens/1", False),
        (None, False),
    ],
)
def test_a_next_page_is_always_one_of_ours(path: str | None, kept: bool) -> None:
    assert local_page(path) == (path if kept else None)


def test_after_a_form_the_browser_is_sent_on_with_get() -> None:
    answer = redirect("/citizens/4", ok="saved")
    assert answer.status_code == 303 and answer.headers["location"] == "/app/citizens/4?ok=saved"
    # The message's query goes before a place on the page, where the browser reads it.
    placed = redirect("/users#bruger-6", ok="created")
    assert placed.headers["location"] == "/app/users?ok=created#bruger-6"


def test_the_session_cookies_are_for_the_pages_only_and_outlive_the_token() -> None:
    response = Response()
    start_session(
        response, token="t", ttl=dt.timedelta(minutes=30), purpose="matching", secure=True, csrf="c"
    )
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("set-cookie")}
    assert set(cookies) == {SESSION_COOKIE, CSRF_COOKIE, PURPOSE_COOKIE}
    max_age = int((dt.timedelta(minutes=30) + COOKIE_GRACE).total_seconds())
    for name, cookie in cookies.items():
        assert f"Max-Age={max_age}" in cookie and "Path=/app" in cookie
        assert "SameSite=strict" in cookie and "Secure" in cookie
        assert ("HttpOnly" in cookie) is (name != CSRF_COOKIE)  # the form guard is read by forms
    assert cookies[CSRF_COOKIE].startswith(f"{CSRF_COOKIE}=c;")
    ended = Response()
    end_session(ended, ttl=dt.timedelta(minutes=30), secure=True)
    assert all("Max-Age=0" in c for c in ended.headers.getlist("set-cookie"))
    # A log-out keeps whose session it was (its revoked token), for the pages only.
    logged_out = Response()
    end_session(logged_out, left="t", ttl=dt.timedelta(minutes=30), secure=True)
    left = [c for c in logged_out.headers.getlist("set-cookie") if c.startswith(LEFT_COOKIE)]
    assert len(left) == 1 and f"Max-Age={max_age}" in left[0] and "Path=/app" in left[0]
    assert "HttpOnly" in left[0] and "SameSite=strict" in left[0]


def test_a_fresh_form_guard_each_session() -> None:
    first, second = Response(), Response()
    for response in (first, second):
        start_session(response, token="t", ttl=dt.timedelta(minutes=1), purpose="p", secure=False)
    guard = [
        next(c for c in r.headers.getlist("set-cookie") if c.startswith(CSRF_COOKIE))
        for r in (first, second)
    ]
    assert guard[0] != guard[1]


def test_a_fields_errors_include_its_sub_fields() -> None:
    errors = {
        "functions": ["mindst én funktion"],
        "functions.0.title": ["skal udfyldes"],
        "functions_note": ["andet felt"],
        "name": ["skal udfyldes"],
    }
    assert errors_for(errors, "functions") == ["mindst én funktion", "skal udfyldes"]
    assert errors_for(errors, "address") == []


def test_hours_measures_and_stored_days_read_the_danish_way() -> None:
    """Equal hours are one number ("8", not "8–8"); measures keep their decimals with a
    comma and a sign where asked; a day kept as ISO text reads as 14.12.2026."""
    assert hours_range(SimpleNamespace(min=8.0, max=8.0)) == "8"
    assert hours_range(SimpleNamespace(min=7.5, max=12.0)) == "7,5–12"
    assert fixed(0.8125, 3) == "0,812" and fixed(0.031, 3, True) == "+0,031"
    assert local_date("2026-12-14") == "14.12.2026"
