"""The small chart of hours on the placement page: the plan's ramp-up as a dashed step line, and
the hours each follow-up found as points joined by a line, over the plan's weeks. Drawn as
SVG on the server (no script); the follow-ups' table beside it says the same in words."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 320.0, 120.0
LEFT, RIGHT, TOP, BOTTOM = 28.0, 8.0, 8.0, 20.0


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    hours: float
    on: dt.date


@dataclass(frozen=True, slots=True)
class HoursChart:
    planned: str
    """The planned hours as SVG polyline points (empty without a plan)."""
    actual: list[Point]
    ticks: list[tuple[float, float]]
    """Hour marks on the left: (y, hours)."""
    first: dt.date
    last: dt.date
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    bottom_y: float = HEIGHT - BOTTOM


def hours_chart(
    *,
    start: dt.date | None,
    end: dt.date | None,
    steps: Sequence[tuple[dt.date, float]],
    follow_ups: Sequence[tuple[dt.date, float]],
) -> HoursChart | None:
    """The chart for a plan running from `start` to `end` with its steps (from date, hours)
    and the follow-ups (day, hours); None when there is nothing to draw."""
    days = [d for d, _ in follow_ups] + ([start, end] if start and end else [])
    if not days:
        return None
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top = max([h for _, h in steps] + [h for _, h in follow_ups] + [1.0])
    scale_top = float(-(-int(top + 1) // 5) * 5)  # room above, to a multiple of 5

    def x(day: dt.date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    def y(hours: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - hours / scale_top), 1)

    planned: list[str] = []
    for index, (day, hours) in enumerate(steps):
        until = steps[index + 1][0] if index + 1 < len(steps) else (end or day)
        planned += [f"{x(day)},{y(hours)}", f"{x(until)},{y(hours)}"]
    ticks = [(y(h), h) for h in (0.0, scale_top / 2, scale_top)]
    points = [Point(x(d), y(h), h, d) for d, h in sorted(follow_ups)]
    return HoursChart(" ".join(planned), points, ticks, first, last)
