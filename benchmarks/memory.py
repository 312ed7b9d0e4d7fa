"""A process' memory, as the benchmarks report it (Linux /proc).

The peak is VmHWM, the high-water mark of the process' own address space. Not ru_maxrss:
Linux carries ru_maxrss across execve, so a process started by a large parent (a benchmark
that has just imported a million rows) would report the parent's peak as its own.
"""

from pathlib import Path


def _field_mb(path: str, name: str) -> float:
    for line in Path(path).read_text(encoding="ascii").splitlines():
        if line.startswith(name):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb(pid: int | str = "self") -> float:
    """The most resident memory the process has had (MB)."""
    return _field_mb(f"/proc/{pid}/status", "VmHWM:")


def pss_mb(pid: int | str = "self") -> float:
    """The process' proportional memory now (MB): its private pages and its share of each
    page it shares (a mapped snapshot), so the figures of several processes add up."""
    return _field_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def memory_mb() -> dict[str, float]:
    """This process' resident, proportional and private anonymous memory now (MB)."""
    wanted = {"Rss:": "rss", "Pss:": "pss", "Anonymous:": "anonymous"}
    return {key: _field_mb("/proc/self/smaps_rollup", name) for name, key in wanted.items()}
