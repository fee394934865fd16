"""A small, bounded HTTP/1.1 load generator on asyncio (standard library only).

Each request opens a connection to 127.0.0.1 (gunicorn's sync workers close it after the
response), sends the request, reads to EOF and records the status and the wall time. A
scenario runs N virtual users in a closed loop until a request count or a time limit is
reached, whichever comes first, so no run can go on unbounded.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # never anything else


@dataclass
class Response:
    status: int
    elapsed: float
    headers: dict[str, str]
    body: bytes


async def request(port: int, method: str, path: str, *, headers=None, body: bytes = b"", timeout: float = 120.0,
                  chunk: int = 1 << 20) -> Response:
    head = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close", "User-Agent: dti-bench"]
    for k, v in (headers or {}).items():
        head.append(f"{k}: {v}")
    if body or method == "POST":
        head.append(f"Content-Length: {len(body)}")
    raw_head = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
    start = time.perf_counter()

    async def go():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(raw_head)
            for i in range(0, len(body), chunk):
                writer.write(body[i : i + chunk])
                await writer.drain()
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()

    data = await asyncio.wait_for(go(), timeout)
    elapsed = time.perf_counter() - start
    head_end = data.find(b"\r\n\r\n")
    lines = data[:head_end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return Response(status=status, elapsed=elapsed, headers=hdrs, body=data[head_end + 4 :])


def _message(body: bytes) -> str:
    """The first alert on a refused page (what the user would read), for the error list."""
    text = body.decode("utf-8", "replace")
    i = text.find('class="alert')
    if i < 0:
        return text[:120]
    chunk = text[text.find(">", i) + 1 :]
    return " ".join(chunk[: chunk.find("</")].split())[:200]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[k]


@dataclass
class Stats:
    name: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<28} c={self.concurrency:<4} n={self.count:<5} ok={len(self.latencies):<5} err={len(self.errors):<3} "
            f"p50={self.p50 * 1000:7.1f} ms  p95={self.p95 * 1000:7.1f} ms  {self.rps:6.1f} req/s"
        )


# One virtual user's next request: (user index, iteration) → awaitable Response, and a check.
MakeRequest = Callable[[int, int], Awaitable[Response]]


async def _run(name, concurrency, make: MakeRequest, ok: Callable[[Response], bool], *, max_requests: int,
               max_seconds: float, per_user: int | None) -> Stats:
    stats = Stats(name=name, concurrency=concurrency)
    deadline = time.perf_counter() + max_seconds
    issued = 0

    async def user(u: int):
        nonlocal issued
        i = 0
        while time.perf_counter() < deadline and issued < max_requests and (per_user is None or i < per_user):
            issued += 1
            try:
                resp = await make(u, i)
            except Exception as exc:  # noqa: BLE001 — every failure is a counted error
                stats.errors.append(f"{type(exc).__name__}: {exc}")
            else:
                if ok(resp):
                    stats.latencies.append(resp.elapsed)
                else:
                    stats.errors.append(f"HTTP {resp.status}: {_message(resp.body)}")
            i += 1

    start = time.perf_counter()
    await asyncio.gather(*(user(u) for u in range(concurrency)))
    stats.wall = time.perf_counter() - start
    return stats


def run(name, concurrency, make: MakeRequest, ok, *, max_requests=2000, max_seconds=10.0, per_user=None) -> Stats:
    return asyncio.run(_run(name, concurrency, make, ok, max_requests=max_requests, max_seconds=max_seconds, per_user=per_user))
