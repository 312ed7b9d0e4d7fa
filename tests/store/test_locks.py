"""A long job's lock: while one process holds it, another is refused at once; then it is free."""

import multiprocessing

import pytest
from sqlalchemy import create_engine

from store.locks import Busy, held


def _try_in_another_process(url: str, answer: "multiprocessing.Queue[str]") -> None:
    engine = create_engine(url)
    try:
        with held(engine, "reindex"):
            answer.put("held")
    except Busy as exc:
        answer.put(f"busy: {exc}")
    finally:
        engine.dispose()


def _other_process(url: str) -> str:
    answer: multiprocessing.Queue[str] = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=_try_in_another_process, args=(url, answer)
    )
    process.start()
    process.join(60)
    return answer.get(timeout=5)


def test_a_second_holder_is_refused_while_the_first_holds_it(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with held(engine, "reindex"):
            refused = _other_process(database_url)
            assert refused.startswith("busy: another reindex is running"), refused
            with pytest.raises(Busy), held(engine, "reindex"):
                pass  # the same process asking again is refused too
        assert _other_process(database_url) == "held"
        with held(engine, "another job"):  # other names do not meet
            assert _other_process(database_url) == "held"
    finally:
        engine.dispose()
