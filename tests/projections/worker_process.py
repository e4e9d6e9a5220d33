"""A `tandem project` worker in its own process, to kill with SIGKILL, and decisions
arriving all the while from a thread of the test process."""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tests.projections.simulation import Simulation

ROOT = Path(__file__).resolve().parents[2]
WORKER = (
    "import argparse, sys\n"
    "from api.cli_views import run_project\n"
    "sys.exit(run_project(argparse.Namespace(database_url=sys.argv[1])))\n"
)


class Worker:
    """The projection worker command in its own process."""

    def __init__(self, url: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TANDEM_LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # printed once its runners are started
        assert line.startswith("projecting views"), line

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(20)


class Writer:
    """Decisions arriving all the time (a few hundred a second at most, so the
    worker has work at every kill), on a thread of the test process."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.wait(0.005):
            self.simulation.run(1)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(30)


def _project(url: str, ready: Any) -> None:
    """In the worker process: `tandem project` on `url`, telling `ready` once it runs."""

    class Ready(io.TextIOBase):
        def write(self, text: str) -> int:
            if text.startswith("projecting views"):
                ready.set()
            return len(text)

    sys.stdout = Ready()
    os.environ["TANDEM_LOG_LEVEL"] = "WARNING"
    from api.cli_views import run_project

    sys.exit(run_project(argparse.Namespace(database_url=url)))


class ForkedWorker:
    """The same worker command, forked from a server process that has imported Tandem
    already: a fresh process that starts in a fraction of the time, for tests that kill
    workers by the dozen."""

    _context: Any = None

    def __init__(self, url: str) -> None:
        context = self.context()
        ready = context.Event()
        self.process = context.Process(target=_project, args=(url, ready), daemon=True)
        self.process.start()
        if not ready.wait(60):
            self.process.kill()
            raise AssertionError(f"the worker did not start (exit {self.process.exitcode})")

    @classmethod
    def context(cls) -> Any:
        if cls._context is None:
            cls._context = multiprocessing.get_context("forkserver")
            cls._context.set_forkserver_preload(
                ["api.cli_views", "tests.projections.worker_process"]
            )
        return cls._context

    def kill(self) -> None:
        assert self.process.pid is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(10)

    def terminate(self) -> int:
        self.process.terminate()
        self.process.join(20)
        return int(self.process.exitcode or 0)
