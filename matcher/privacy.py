"""Guards for citizen data: no CPR numbers in references or free text."""

import datetime as dt
import re

# Dashes as typed and as word processors turn them: hyphen, non-breaking hyphen, en/em dash.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014"
# A CPR number as people write it: a date DDMMYY, its parts run together or kept apart by the
# same dot, dash, slash or space ("010190", "01.01.90", "01-01-90"); then the four digits,
# straight after or after one dash, slash or dot (spaces around it allowed) or a space
# ("-1234", "/1234", " - 1234", " 1234"). Not part of a longer number. A phone number
# ("12 34 56 78") or a date with a four-digit year ("01.01.1990") never takes this shape.
_CPR_LIKE = re.compile(
    rf"(?<!\d)(\d{{2}})([./ {_DASH}]?)(\d{{2}})\2(\d{{2}})"
    rf"(?:\s?[/.{_DASH}]\s?|\s)?(\d{{4}})(?!\d)"
)


def _is_date(day: str, month: str, year: str) -> bool:
    # The century is told by the seventh digit; any century makes the six digits a date
    # unless 29 February falls in a year that no century makes a leap year. 2000 is a leap
    # year, so "290200" is always a possible date.
    for century in (1900, 2000):
        try:
            dt.date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def contains_cpr_number(text: str) -> bool:
    """True when the text holds something shaped like a CPR number with a valid date."""
    return any(_is_date(day, month, year) for day, _, month, year, _ in _CPR_LIKE.findall(text))
