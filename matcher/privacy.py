"""Guards for citizen data: no CPR numbers in references or free text."""

import datetime as dt
import re

# Six digits forming a date (DDMMYY), an optional dash, four digits; not part of a longer number.
_CPR_LIKE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})-?(\d{4})(?!\d)")


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
    return any(_is_date(*match.groups()[:3]) for match in _CPR_LIKE.finditer(text))
