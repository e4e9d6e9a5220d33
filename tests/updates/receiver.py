"""A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and
answers what the test scripts (a status per attempt, or a stall past the timeout)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def delivery(self) -> str:
        return self.headers["x-tandem-delivery"]

    @property
    def position(self) -> int:
        return int(self.json["decision"]["position"])


class Receiver:
    """`answer(received)` gives the status to reply with, or None to stall (no answer
    until the receiver closes: the sender's timeout)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.changed = threading.Condition()
        self.answer: Callable[[Received], int | None] = lambda r: 200
        self.closing = threading.Event()
        self.url = ""

    def record(self, received: Received) -> int | None:
        with self.changed:
            self.received.append(received)
            self.changed.notify_all()
        return self.answer(received)

    def wait_for(self, condition: Callable[[list[Received]], bool], timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not condition(self.received):
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"receiver still waiting; got {len(self.received)}"
                self.changed.wait(remaining)

    def positions(self) -> list[int]:
        with self.changed:
            return [r.position for r in self.received]


@contextmanager
def receiving(host: str = "127.0.0.1") -> Iterator[Receiver]:
    """A receiver on `host`, a loopback address (any of 127.0.0.0/8 on Linux)."""
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver.record(Received(headers, body))
            if status is None:
                receiver.closing.wait(10)
                return
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://{host}:{server.server_address[1]}/hooks/tandem?token=abc"
    try:
        yield receiver
    finally:
        receiver.closing.set()
        server.shutdown()
        server.server_close()
