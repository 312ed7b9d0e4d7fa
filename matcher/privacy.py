"""Guards for citizen data: no CPR numbers in references or free text."""

import datetime as dt
import re
import unicodedata

# Characters that dashes are written with beyond what NFKC folds to "-": the hyphens, dashes and
# minus signs of Unicode (U+2212 minus is a math symbol, not a dash, to Unicode).
_OTHER_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63"
_DASHES = re.compile(f"[{_OTHER_DASHES}]")
_SPACES = re.compile(r"\s+")
# A CPR number as people write it: a date DDMMYY, its parts run together ("010190") or kept
# apart by dots, dashes, slashes or spaces, the same or mixed ("01.01.90", "01.01-90"; then a
# one-digit day or month is allowed: "1.1.90"); then the four digits, straight after or after
# one dash, slash or dot (a space around it allowed) or a space ("-1234", " - 1234", " 1234").
# Not part of a longer number. A phone number ("12 34 56 78") or a date with a four-digit year
# ("01.01.1990") never takes this shape.
_SEPARATOR = "[./ -]"
_CPR_LIKE = re.compile(
    rf"(?<!\d)(?:(\d{{2}})(\d{{2}})(\d{{2}})|(\d{{1,2}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{2}}))"
    r"(?: ?[/.-] ?| )?(\d{4})(?!\d)"
)


def normalised(text: str) -> str:
    """The text as the guard reads it: compatibility forms folded (NFKC: fullwidth digits
    and hyphens, no-break and narrow spaces), invisible format characters dropped (zero-width
    space and joiners, word joiner, byte-order mark, soft hyphen), every dash and minus a
    "-", and every run of white space one space. Nothing typed can hide a number from it."""
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return _SPACES.sub(" ", _DASHES.sub("-", visible))


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
    """True when the text, normalised, holds something shaped like a CPR number with a
    valid date."""
    for found in _CPR_LIKE.finditer(normalised(text)):
        together = found.group(1, 2, 3)
        day, month, year = together if together[0] is not None else found.group(4, 5, 6)
        if _is_date(day, month, year):
            return True
    return False
