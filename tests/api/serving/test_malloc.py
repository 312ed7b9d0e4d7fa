"""A serving process sets glibc's allocator to two arenas and maps blocks of 4 MB and more,
unless the operator's environment already says how."""

import json
import os
import subprocess
import sys

_SHOW = (
    "import json; from api.serving.malloc import keep_memory_small; "
    "print(json.dumps(keep_memory_small()))"
)


def _set(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", _SHOW], env={**clean, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_both_are_set_on_glibc() -> None:
    assert _set() == ["arenas 2", "mmap threshold 4194304"]


def test_the_operators_own_settings_are_kept() -> None:
    assert _set(MALLOC_ARENA_MAX="8") == ["mmap threshold 4194304"]
    assert _set(MALLOC_MMAP_THRESHOLD_="65536") == ["arenas 2"]
    assert _set(MALLOC_ARENA_MAX="8", MALLOC_MMAP_THRESHOLD_="65536") == []
