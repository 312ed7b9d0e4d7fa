"""How a serving process's C allocator keeps memory: fewer arenas, large blocks returned.

A request works on arrays over the rows it scores (megabytes each at national scale), from
uvicorn's thread pool. glibc's malloc gives each contending thread an arena of its own (up to
8 per core) and, after the first large blocks are freed, raises its mmap threshold so later
ones come from those arenas, which keep them once freed: a serving worker then holds hundreds
of megabytes it no longer uses. Two arenas, and large blocks always mapped (and unmapped when
freed), give that memory back at the same throughput (`benchmarks.throughput` at national
scale measures it).

An operator's own MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_ win; other C libraries than glibc
are left alone.
"""

import ctypes
import ctypes.util
import os

__all__ = ["ARENAS", "MMAP_THRESHOLD", "keep_memory_small"]

ARENAS = 2
MMAP_THRESHOLD = 4 * 1024 * 1024
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_M_ARENA_MAX = -8


def keep_memory_small() -> list[str]:
    """Set this process's allocator as above; returns what it set (none on another libc)."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:
        return []
    done = []
    if "MALLOC_ARENA_MAX" not in os.environ and mallopt(_M_ARENA_MAX, ARENAS) == 1:
        done.append(f"arenas {ARENAS}")
    if (
        "MALLOC_MMAP_THRESHOLD_" not in os.environ
        and mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    ):
        done.append(f"mmap threshold {MMAP_THRESHOLD}")
    return done
