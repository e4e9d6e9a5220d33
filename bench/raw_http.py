"""A minimal HTTP/1.1 keep-alive client over asyncio streams, for the open-loop load
generator: httpx spends about a millisecond of CPU per request, which on two cores
would make the generator, not the server, the bottleneck at a few hundred requests
per second. Requests are built once as bytes; responses are read by Content-Length
or chunked encoding, and only the status and whether the body has "errors" are kept."""

from __future__ import annotations

import asyncio
import json
from typing import Any


def request_bytes(
    port: int,
    path: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """One request, ready to write: POST with a JSON body, or GET without one."""
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [
        f"{'POST' if body is not None else 'GET'} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Accept: application/json",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class Connection:
    """One keep-alive connection to 127.0.0.1:port."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> str | None:
        """Sends the request and reads the whole response: None for a 200 whose body
        has no GraphQL "errors", else what was wrong."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, _, header_block = head.partition(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length = None
        chunked = False
        for line in header_block.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            body = await self.read_chunked()
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            raise ConnectionError("response without a length")
        if status != 200:
            return f"HTTP {status}: {body[:160]!r}"
        if b'"errors"' in body:
            return f"errors: {body[:200]!r}"
        return None

    async def read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await self.reader.readexactly(size + 2))
            if size == 0:
                return b"".join(parts)

    def close(self) -> None:
        self.writer.close()


class Pool:
    """Idle connections to one server, opened on demand up to `limit` at once; a
    request over the limit waits for a free one (and its wait counts in its latency)."""

    def __init__(self, port: int, limit: int) -> None:
        self.port = port
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(limit)

    async def exchange(self, request: bytes) -> str | None:
        async with self.slots:
            conn = self.idle.pop() if self.idle else None
            if conn is not None:
                try:
                    answer = await conn.exchange(request)
                except (ConnectionError, asyncio.IncompleteReadError):
                    # The server closed it while idle (its keep-alive timeout): the
                    # request never reached it, so it goes once more on a new one.
                    conn.close()
                    conn = None
                except BaseException:
                    conn.close()
                    raise
            if conn is None:
                conn = await Connection.open(self.port)
                try:
                    answer = await conn.exchange(request)
                except BaseException:
                    conn.close()
                    raise
            self.idle.append(conn)
            return answer

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()
