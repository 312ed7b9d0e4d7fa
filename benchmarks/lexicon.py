"""The quality harness with Hunspell's Danish dictionary as the lexicon instead of simplemma's:
how the choice of lexicon (issue 12) was measured.

    apt-get install hunspell-da && pip install spylls==0.1.7
    python -m benchmarks.lexicon

Hunspell (Debian's hunspell-da, read by spylls, a pure-Python Hunspell) answers the two
questions the text normaliser asks of its lexicon: is this a Danish word (which also drives
the compound splitting), and what is its lemma (an affix form's stem). Prints the harness's
figures and how long the run took, for both lexicons. Neither library is a dependency of the
service: only this script reads Hunspell.
"""

import importlib.util
import subprocess
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from fixtures.evaluate import Report, evaluate

DICTIONARY = Path("/usr/share/hunspell/da_DK")


def _figures(label: str, report: Report, seconds: float) -> list[str]:
    keys = [case.key for case in report.cases if case.collection == "cases"]
    plain = [case.key for case in report.cases if case.collection == "plain"]
    parts = (("written", keys), ("first 60", keys[:60]), ("harder 12", keys[60:]), ("plain", plain))
    lines = []
    for system in report.systems:
        for part, chosen in parts:
            s = system.summary(chosen)
            figures = " / ".join(f"{s[m]:.3f}" for m in ("hit@5", "mrr", "ndcg@10", "trap"))
            lines.append(f"{label:<10} {system.name:<9} {part:<10} {figures}")
    lines.append(f"{label:<10} harness run {seconds:.1f} s")
    return lines


def _hunspell() -> tuple[Callable[[str], bool], Callable[[str], str]]:
    from spylls.hunspell import Dictionary
    from spylls.hunspell.algo.lookup import AffixForm

    dictionary = Dictionary.from_files(str(DICTIONARY))

    @lru_cache(maxsize=500_000)
    def known(word: str) -> bool:
        return bool(dictionary.lookup(word))

    @lru_cache(maxsize=500_000)
    def lemma(word: str) -> str:
        for form in dictionary.lookuper.good_forms(word):
            if isinstance(form, AffixForm):
                return str(form.stem).lower()
        return word

    return known, lemma


def main() -> int:
    if importlib.util.find_spec("spylls") is None or not DICTIONARY.with_suffix(".dic").exists():
        print("needs spylls and hunspell-da: see this module's docstring", file=sys.stderr)
        return 1
    if sys.argv[1:2] != ["--hunspell"]:
        started = time.perf_counter()
        print("\n".join(_figures("simplemma", evaluate(), time.perf_counter() - started)))
        # Every cache of the normaliser and the occupation table starts afresh in a new process.
        return subprocess.run([sys.executable, "-m", "benchmarks.lexicon", "--hunspell"]).returncode
    import matcher.text as text

    text.known, text.lemma = _hunspell()  # type: ignore[assignment]
    started = time.perf_counter()
    print("\n".join(_figures("hunspell", evaluate(), time.perf_counter() - started)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
