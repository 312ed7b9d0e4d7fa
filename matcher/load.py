"""The load on a workplace: how many enquiries about citizens a month it accepts (set by the
workplace, or a default by its size), and when it counts as busy."""

from matcher.models import Workplace

MAX_MONTHLY_ENQUIRIES = 200
# The default: a small workplace can take two enquiries a month, and one more per ten
# ordinary employees, up to twenty (what a coordinator can set it to instead).
DEFAULT_MIN = 2
DEFAULT_PER_EMPLOYEES = 10
DEFAULT_MAX = 20


def default_monthly_enquiries(ordinary_employees: int) -> int:
    """Enquiries a month a workplace of this size accepts unless it says otherwise."""
    return min(DEFAULT_MAX, DEFAULT_MIN + max(0, ordinary_employees) // DEFAULT_PER_EMPLOYEES)


def enquiry_capacity(workplace: Workplace) -> int:
    """Enquiries a month the workplace accepts: its own figure, or the default by size."""
    if workplace.monthly_enquiries is not None:
        return workplace.monthly_enquiries
    return default_monthly_enquiries(workplace.ordinary_employees)


def is_busy(enquiries_this_month: int, capacity: int) -> bool:
    """A workplace that has had as many enquiries this month as it accepts is busy."""
    return enquiries_this_month >= capacity
