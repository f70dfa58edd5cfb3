"""A training run in the background thread of a widget.

A notebook cell that loops over training events blocks the kernel: sliders and the Stop
button do nothing until the loop ends. So the lab trains in a daemon thread
(`RunWorker`), which reads `nerlab.training.run`'s events, collects them in a
`RunRecord` (`nerlab.training.saved`) and hands each one to a callback.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable

from ..training import RunRecord, run

THREAD_PREFIX = "nerlab-lab-run-"


# -- the thread ------------------------------------------------------------------------

_numbers = itertools.count(1)


class RunWorker:
    """Trains one `RunRecord` in a daemon thread; `stop()` asks it to end at the next event.

    The runner itself checks its cancel switch between updates. The worker also checks it
    after every event, so a run stopped while it prepares data or scores the held-out set
    ends as soon as that step is done, instead of one update later.
    """

    def __init__(self, lab_run: RunRecord, on_event: Callable, on_done: Callable):
        self.run = lab_run
        self.cancel = threading.Event()
        self._on_event, self._on_done = on_event, on_done
        self.thread = threading.Thread(target=self._main, name=f"{THREAD_PREFIX}{next(_numbers)}", daemon=True)

    def start(self) -> RunWorker:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.cancel.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True if it has."""
        if self.thread.ident is not None:
            self.thread.join(timeout)
        return not self.thread.is_alive()

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def _main(self) -> None:
        events = run(self.run.settings, cancel=self.cancel)
        try:
            for event in events:
                self.run.record(event)
                self._on_event(self.run, event)
                if self.cancel.is_set():
                    break
        except Exception as error:  # shown in the widget; a thread's exception would be lost
            self.run.error = f"{type(error).__name__}: {error}"
        finally:
            events.close()
            if not self.run.finished:
                self.run.cancelled = self.cancel.is_set()
                self.run.finished = True
            self._on_done(self.run)


def live_workers() -> list[threading.Thread]:
    """The lab's training threads still alive in this process (for tests and checks)."""
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX) and t.is_alive()]


async def wait_async(worker: RunWorker, timeout: float | None = None, poll_every: float = 0.05) -> bool:
    """Wait for a worker's thread while the notebook's widgets stay alive; True if it ended.

    A cell that simply joins the thread blocks the kernel: no widget message is handled, so
    Stop does nothing until the cell ends. A cell that AWAITS this instead gives the kernel
    back between checks, and ipykernel 7 handles widget messages while an async cell
    waits, so Stop and the controls answer. Interrupting the kernel (or cancelling the
    cell) stops the run too.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while worker.alive and (deadline is None or time.monotonic() < deadline):
            await asyncio.sleep(poll_every)
    except BaseException:  # KeyboardInterrupt, CancelledError: the run must not outlive its cell
        worker.stop()
        worker.join(10.0)
        raise
    return not worker.alive
