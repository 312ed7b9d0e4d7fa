"""What the commands share: the application context, who runs them (for the audit log),
input files, and the exit codes."""

import getpass
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from store.audit import Actor

# Exit codes: 0 done; 1 what was given was refused (nothing stored); 2 wrong usage (as
# argparse answers); 3 the search index cannot be reached; 141 standard output was closed
# early (`matcher export ... | head`), as a program stopped by SIGPIPE ends.
REFUSED, USAGE, INDEX_UNREACHABLE, OUTPUT_CLOSED = 1, 2, 3, 128 + signal.SIGPIPE


@contextmanager
def opened_context() -> Iterator[AppContext]:
    """The context of a command. It runs beside the server: an embedded index is the
    server's, so what the command commits waits in the outbox for the server's relay."""
    context = create_context(Settings(), serves_index=False)
    try:
        yield context
    finally:
        context.close()


def cli_actor() -> Actor:
    """Who runs the command: the operating-system user, for the audit log."""
    return Actor(user_id=None, name=f"cli:{getpass.getuser()}"[:64], role="operator", team="cli")


class open_in:
    """A file, or standard input for '-', as bytes: the importer decodes each line itself, so
    a line that is not UTF-8 is reported with its number."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> BinaryIO:
        self.handle = sys.stdin.buffer if self.name == "-" else Path(self.name).open("rb")
        return self.handle

    def __exit__(self, *_exc: object) -> None:
        if self.handle is not sys.stdin.buffer:
            self.handle.close()
