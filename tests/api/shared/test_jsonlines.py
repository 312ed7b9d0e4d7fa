"""Reading an import file: every bad line named with its number and field, all at once (up to
20), blank lines and a byte-order mark skipped; a team from the line or the default; repeated
values refused where they repeat."""

import pytest
from pydantic import BaseModel, Field

from api.shared.errors import ApiError
from api.shared.jsonlines import (
    MAX_ERRORS,
    ImportFailed,
    at_line,
    read_lines,
    refuse_repeats,
    team_of,
)


class Line(BaseModel):
    name: str = Field(min_length=1)
    hours: int = Field(ge=0, le=37)


def failure(lines: list[str | bytes]) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        read_lines(lines, Line)
    return str(caught.value).splitlines()


def test_good_lines_come_back_with_their_numbers_and_blank_ones_are_skipped() -> None:
    lines: list[str | bytes] = ['{"name": "a", "hours": 1}', "  ", b'{"name": "b", "hours": 2}\n']
    records = read_lines(lines, Line)
    assert [(n, r.name) for n, r in records] == [(1, "a"), (3, "b")]


def test_a_byte_order_mark_on_the_first_line_is_dropped() -> None:
    for first in ('\ufeff{"name": "a", "hours": 1}', b'\xef\xbb\xbf{"name": "a", "hours": 1}'):
        assert read_lines([first], Line)[0][1].name == "a"


def test_every_error_names_its_line_and_field() -> None:
    errors = failure(
        [
            '{"name": "a", "hours": 1}',
            '{"name": "", "hours": 40}',
            "not json",
            b'{"name": "\xff", "hours": 1}',
        ]
    )
    assert errors[0].startswith("line 2: name: ")
    assert errors[1].startswith("line 2: hours: ")
    assert errors[2].startswith("line 3: record: not valid JSON")
    assert errors[3] == (
        "line 4: record: not valid UTF-8 (byte 0xff at column 11); save the file as UTF-8"
    )


def test_at_most_twenty_errors_are_reported() -> None:
    assert len(failure(["{}"] * 100)) == MAX_ERRORS


def test_a_team_from_the_line_else_the_default_else_refused() -> None:
    assert team_of(3, "nord", "syd", "team") == "nord"
    assert team_of(3, None, "syd", "team") == "syd"
    with pytest.raises(ImportFailed, match=r"line 3: team: no team on the line .* \(--team\)"):
        team_of(3, None, None, "team")


def test_a_repeated_value_is_refused_on_each_line_that_repeats_it() -> None:
    refuse_repeats([(1, "id", 7), (2, "id", 8)], "id")
    with pytest.raises(ImportFailed) as caught:
        refuse_repeats([(1, "id", 7), (2, "id", 8), (3, "id", 7), (4, "id", 7)], "id")
    assert str(caught.value).splitlines() == [
        "line 3: id: id 7 is on line 1 too",
        "line 4: id: id 7 is on line 1 too",
    ]


def test_a_refused_record_is_reported_at_its_line() -> None:
    expected = r"^line 5: functions\.0\.id: not this workplace's$"
    with pytest.raises(ImportFailed, match=expected), at_line(5):
        raise ApiError([{"field": "functions.0.id", "reason": "not this workplace's"}])


def test_a_refusal_of_the_whole_record_names_the_record() -> None:
    with pytest.raises(ImportFailed, match=r"^line 2: record: gone$"), at_line(2):
        raise ApiError("gone")
