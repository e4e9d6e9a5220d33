"""`python -m bench.webhook_receivers N`: N HTTP receivers on 127.0.0.1 in a process of
their own (the systems a webhook posts to are not in Tandem's process, so they must not
take its CPU either). Prints each receiver's URL, one line each, then a line
`<receiver> <position> <time.monotonic()>` per request received (a system-wide clock
on Linux, comparable with the writer's). Every POST gets 204 on a kept connection."""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PRINTING = threading.Lock()


def serve(number: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keeps the connection, as receivers usually do

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            now = time.monotonic()
            position = int(json.loads(body)["decision"]["position"])
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            with PRINTING:
                print(number, position, repr(now), flush=True)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    servers = [serve(n) for n in range(int(sys.argv[1]))]
    with PRINTING:
        for number, server in enumerate(servers):
            print(f"http://127.0.0.1:{server.server_address[1]}/hooks/{number}", flush=True)
    sys.stdin.read()  # until the parent closes it


if __name__ == "__main__":
    main()
