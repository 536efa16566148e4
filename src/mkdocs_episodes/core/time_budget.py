"""A time budget for work on one publisher text: rendering a transcript or show notes
must not hold a build for minutes, whatever a pull request holds.

The limits of core/text.py keep the known slow shapes of Markdown out (the worst notes
they accept render in about 0.3 s, the worst transcript in about 3.5 s); this is the net
under them. It uses the process's real-time interval timer, so it only acts in the main
thread (a build, a worker process); elsewhere (mkdocs serve's rebuild thread) the work
runs unbounded, as before. The timer interrupts Python code, and C code (a regular
expression, the sanitiser) once it returns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

# Budgets for one episode's texts: some ten times the worst accepted by the limits.
NOTES_SECONDS = 5.0
TRANSCRIPT_SECONDS = 30.0
# A page of docs/ (up to 4 MB of text, rendered by Python-Markdown).
PAGE_SECONDS = 30.0


class TimeBudgetExceeded(Exception):
    """Work on a publisher text took longer than its budget; the message is French."""


class Deadline:
    """A budget started by `start()` and ended by `stop()`, for work that begins in one
    hook and ends in another (`within` is the same as a `with` block)."""

    def __init__(
        self, seconds: float, what: str, raises: type[Exception] = TimeBudgetExceeded
    ) -> None:
        """`raises`: the exception the budget ends with (a site generator's own, so that
        it reports it as a build error)."""
        self.seconds = seconds
        self.raises = raises
        self.message = (
            f"{what} dépasse {seconds:g} s : le texte est trop long ou sa mise en forme "
            "trop complexe ; allégez-le ou découpez-le"
        )
        self._armed = False
        self._started = 0.0
        self._outer_handler: Any = None
        self._outer_left = 0.0

    def start(self) -> Deadline:
        if (
            self.seconds <= 0
            or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            return self
        self._started = time.monotonic()
        self._outer_handler = signal.getsignal(signal.SIGALRM)
        self._outer_left, _interval = signal.getitimer(signal.ITIMER_REAL)
        # An enclosing budget that ends first keeps its own handler and message.
        outer_first = 0 < self._outer_left < self.seconds
        outer_handler = self._outer_handler

        def expired(signum: int, frame: FrameType | None) -> None:
            if outer_first and callable(outer_handler):
                outer_handler(signum, frame)
            raise self.raises(self.message)

        signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self._outer_left if outer_first else self.seconds)
        self._armed = True
        return self

    def stop(self) -> None:
        if not self._armed:
            return
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        handler = self._outer_handler
        signal.signal(signal.SIGALRM, signal.SIG_DFL if handler is None else handler)
        if self._outer_left > 0:
            # The enclosing budget goes on with what it has left.
            left = self._outer_left - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


@contextmanager
def within(
    seconds: float, what: str, raises: type[Exception] = TimeBudgetExceeded
) -> Iterator[None]:
    """Run the block for at most `seconds`, or raise `raises` naming `what`
    (« le rendu de la transcription de episodes/02-les-enjeux.yml »)."""
    deadline = Deadline(seconds, what, raises).start()
    try:
        yield
    finally:
        deadline.stop()
