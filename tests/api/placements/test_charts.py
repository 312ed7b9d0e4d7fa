"""The course page's chart of hours: the plan's steps as a step line over its weeks, the
follow-ups as points placed by day and hours, on a scale with room above the most hours."""

import datetime as dt

from api.placements.charts import HEIGHT, LEFT, RIGHT, TOP, WIDTH, hours_chart

START, END = dt.date(2026, 11, 2), dt.date(2027, 1, 31)


def test_the_plan_is_a_step_line_and_follow_ups_are_points_over_its_weeks() -> None:
    chart = hours_chart(
        start=START,
        end=END,
        steps=[(START, 10.0), (dt.date(2026, 11, 16), 12.0)],
        follow_ups=[(dt.date(2026, 11, 30), 14.0), (dt.date(2026, 11, 16), 12.0)],
    )
    assert chart is not None
    assert (chart.first, chart.last) == (START, END)
    planned = [tuple(map(float, p.split(","))) for p in chart.planned.split()]
    assert planned[0][0] == LEFT and planned[-1][0] == WIDTH - RIGHT  # start to end
    assert planned[0][1] == planned[1][1] > planned[2][1] == planned[3][1]  # a step up
    assert [(p.on, p.hours) for p in chart.actual] == [
        (dt.date(2026, 11, 16), 12.0),
        (dt.date(2026, 11, 30), 14.0),
    ]
    assert chart.actual[0].x < chart.actual[1].x and chart.actual[0].y > chart.actual[1].y
    # 14 hours at most: the scale goes to 15, and 15 is at the top.
    assert [h for _, h in chart.ticks] == [0.0, 7.5, 15.0]
    assert chart.ticks[-1][0] == TOP and chart.ticks[0][0] == HEIGHT - 20


def test_without_a_plan_the_follow_ups_alone_are_drawn_and_nothing_without_either() -> None:
    alone = hours_chart(start=None, end=None, steps=[], follow_ups=[(START, 6.0)])
    assert alone is not None and alone.planned == "" and len(alone.actual) == 1
    assert hours_chart(start=None, end=None, steps=[], follow_ups=[]) is None
