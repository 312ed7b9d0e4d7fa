from matcher.changes import Move, compare_rankings


def test_everything_is_new_without_a_previous_run() -> None:
    changes = compare_rankings(None, [3, 1, 2])
    assert (changes.new, changes.dropped, changes.moved_up, changes.moved_down) == (
        (3, 1, 2),
        (),
        (),
        (),
    )


def test_new_dropped_and_moved() -> None:
    changes = compare_rankings([10, 20, 30, 40], [30, 10, 50, 40])
    assert changes.new == (50,)
    assert changes.dropped == (20,)
    assert changes.moved_up == (Move(30, 3, 1),)
    assert changes.moved_down == (Move(10, 1, 2),)  # 40 stayed 4th: neither


def test_the_same_ranking_changes_nothing() -> None:
    changes = compare_rankings([1, 2], [1, 2])
    assert changes.new == changes.dropped == changes.moved_up == changes.moved_down == ()
