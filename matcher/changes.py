"""What changed in a citizen's ranked suggestions between two batch runs."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Move:
    function_id: int
    previous_rank: int
    rank: int


@dataclass(frozen=True, slots=True)
class RankingChanges:
    new: tuple[int, ...]  # in this run's top K, not in the previous one
    dropped: tuple[int, ...]  # in the previous top K, not in this one
    moved_up: tuple[Move, ...]
    moved_down: tuple[Move, ...]


def compare_rankings(previous: list[int] | None, current: list[int]) -> RankingChanges:
    """Function ids in rank order, before and now; with no previous run everything is new."""
    before = {function_id: rank for rank, function_id in enumerate(previous or [], start=1)}
    now = {function_id: rank for rank, function_id in enumerate(current, start=1)}
    moves = [Move(f, before[f], rank) for f, rank in now.items() if f in before]
    return RankingChanges(
        new=tuple(f for f in current if f not in before),
        dropped=tuple(f for f in (previous or []) if f not in now),
        moved_up=tuple(m for m in moves if m.rank < m.previous_rank),
        moved_down=tuple(m for m in moves if m.rank > m.previous_rank),
    )
