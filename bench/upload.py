"""A 50 MB evidence upload against a one-worker gunicorn: the worker's memory before and after.

Reads VmRSS (resident now) and VmHWM (peak resident) of the worker from /proc. The worker is
warmed first with a small upload, so imports and first-use caches are not counted as growth.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from django.urls import reverse
from django.utils.crypto import get_random_string

from assessments.models import Evidence, IndicatorValue, SubmissionStatus

from . import client
from .data import Dataset, session_cookie
from .load import Server

PORT = int(os.environ.get("BENCH_UPLOAD_PORT", "8201"))
SIZE = 50 * 1024 * 1024


def _mem(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(rest.split()[0]) * 1024
    return out


def _pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    tail = b"\n%%EOF\n"
    return head + os.urandom(size - len(head) - len(tail)) + tail


def _multipart(fields: dict[str, str], file_bytes: bytes, boundary: str) -> bytes:
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-cao.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
    )
    parts.append(file_bytes)
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts)


def _upload(path: str, cookie: str, payload: bytes):
    csrf = get_random_string(32)
    boundary = "bench" + get_random_string(16)
    fields = {
        "csrfmiddlewaretoken": csrf,
        "doc_number": "123/QĐ-UBND",
        "doc_date": "15/03/2025",
        "issuing_body": "UBND tỉnh",
        "summary": "Báo cáo kết quả chuyển đổi số",
    }
    body = _multipart(fields, payload, boundary)
    return asyncio.run(
        client.request(PORT, "POST", path, body=body, headers={
            "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        })
    )


def run(ds: Dataset, *, log=print) -> dict:
    officer = ds.officers[-1]  # the last officer: the load bench's 20 users do not touch this unit
    value = (
        IndicatorValue.objects.filter(
            submission__unit=officer.unit, submission__round=ds.open_round, submission__status=SubmissionStatus.DRAFT,
            indicator__automatic=False,
        )
        .order_by("indicator__order")
        .first()
    )
    path = reverse("assessments:evidence", args=[value.pk])
    cookie = session_cookie(officer)
    with Server(PORT, workers=1) as server:
        pid = server.worker_pids()[0]
        warm = _upload(path, cookie, _pdf(256 * 1024))
        before = _mem(pid)
        resp = _upload(path, cookie, _pdf(SIZE))
        after = _mem(pid)
    stored = Evidence.objects.filter(value=value).order_by("-pk").first()
    out = {
        "status": resp.status,
        "warm_status": warm.status,
        "stored_size": stored.size if stored else 0,
        "elapsed": resp.elapsed,
        "rss_before": before["VmRSS"],
        "rss_after": after["VmRSS"],
        "peak_before": before["VmHWM"],
        "peak_after": after["VmHWM"],
        # Growth: resident after vs before, and the peak during the upload vs resident before.
        "growth": after["VmRSS"] - before["VmRSS"],
        "peak_growth": max(0, after["VmHWM"] - before["VmRSS"]),
    }
    mb = 1024 * 1024
    log(
        f"  50 MB upload: HTTP {resp.status} in {resp.elapsed:.2f} s, stored {out['stored_size'] / mb:.1f} MB; worker RSS "
        f"{out['rss_before'] / mb:.1f} → {out['rss_after'] / mb:.1f} MB (growth {out['growth'] / mb:+.1f} MB), "
        f"peak {out['peak_after'] / mb:.1f} MB (peak growth {out['peak_growth'] / mb:+.1f} MB)"
    )
    return out
