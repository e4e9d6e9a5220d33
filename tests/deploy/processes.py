"""Real `tandem` processes for end-to-end tests: start, wait on conditions, stop."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx


def tandem_command() -> list[str]:
    if os.environ.get("SHIM"):
        return [sys.executable, "/tmp/shim/tandem_shim.py"]
    script = Path(sys.executable).with_name("tandem")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    """One `tandem ...` process with its output in a file (shown when a test fails)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], folder: Path) -> None:
        self.name = name
        self.args = args
        self.stopping = False  # set once the test itself signals the process
        self.log_path = folder / f"{name}.log"
        self.log_file = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [*tandem_command(), *args],
            # One process per `tandem serve` unless a test asks for workers: the tests
            # signal, kill and read the output of the process they started.
            env={"TANDEM_WORKERS": "1", **os.environ, **env},
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        if not self.log_file.closed:
            self.log_file.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self) -> int:
        """kill -9: no chance to finish anything."""
        self.stopping = True
        self.popen.kill()
        return self.popen.wait(10)

    def signal_stop(self) -> None:
        """Sends SIGTERM without waiting."""
        self.stopping = True
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)

    def stopped_cleanly(self, timeout: float = 30.0) -> bool:
        """Exited after SIGTERM with 0, or (uvicorn re-raises the signal once shut down)
        by SIGTERM after a complete shutdown."""
        code = self.popen.wait(timeout)
        return code == 0 or (code == -signal.SIGTERM and "shutdown complete" in self.output())

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, as docker stop sends it; waits for the exit status."""
        self.signal_stop()
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(10)
            raise
        finally:
            self.log_file.close()


class Topology:
    """Processes of one test, and what they printed, for failure messages."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.processes: list[Process] = []

    def start(self, name: str, *args: str, **env: str) -> Process:
        process = Process(name, list(args), {**self.env, **env}, self.folder)
        self.processes.append(process)
        return process

    def run(self, name: str, *args: str, timeout: float = 60.0) -> int:
        """A one-shot command (e.g. migrate): its exit status."""
        process = self.start(name, *args)
        process.stopping = True  # expected to exit
        return process.popen.wait(timeout)

    def diagnostics(self) -> str:
        return "\n".join(
            f"--- {p.name} (exit {p.popen.poll()}) ---\n{p.output()[-4000:]}"
            for p in self.processes
        )

    def stop_all(self) -> None:
        for process in self.processes:
            if process.popen.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.terminate(15)


async def until(
    check: Callable[[], Any],
    what: str,
    topology: Topology,
    within: float = 60.0,
) -> Any:
    """Polls `check` until it returns a value (not None/False) or the deadline passes."""
    deadline = time.monotonic() + within
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if inspect.isawaitable(value):
                value = await value
            if value:
                return value
        except (httpx.HTTPError, OSError) as error:
            last_error = error
        for process in topology.processes:
            if process.popen.poll() is not None and not process.stopping:
                raise AssertionError(
                    f"{process.name} exited by itself while waiting for {what}\n"
                    + topology.diagnostics()
                )
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"timed out waiting for {what} (last error: {last_error})\n" + topology.diagnostics()
    )


async def healthy(http: httpx.AsyncClient, base: str) -> Any:
    response = await http.get(f"{base}/healthz", timeout=2)
    return response.status_code == 200
