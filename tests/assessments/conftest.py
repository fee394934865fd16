"""Fixtures for the province's self-assessment: an open round with provinces A and B."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest

from assessments.models import IndicatorValue, MainIndex, Submission, SubmissionStatus
from tests import factories

from . import contribution_helpers


def png_bytes() -> bytes:
    """A real 1×1 PNG (libmagic reads its signature and IHDR)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


@pytest.fixture
def sub_a(rnd, province_a):
    return rnd.submissions.get(unit=province_a)


@pytest.fixture
def sub_b(rnd, province_b):
    return rnd.submissions.get(unit=province_b)


@pytest.fixture
def nts(rnd):
    return MainIndex.objects.get(framework=rnd.framework, code="NTS")


@pytest.fixture
def hts(rnd):
    return MainIndex.objects.get(framework=rnd.framework, code="HTS")


def send(sub, status: str = SubmissionStatus.SUBMITTED):
    """Put a submission in `status` directly (the workflow's own moves are tested elsewhere)."""
    Submission.objects.filter(pk=sub.pk).update(status=status)
    sub.refresh_from_db()
    return sub


def value(sub, code) -> IndicatorValue:
    return IndicatorValue.objects.select_related("indicator").get(submission=sub, indicator__code=code)


def entry_url(sub, mi) -> str:
    return f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{mi.pk}/"


def entry_post(sub, mi, inputs: dict[str, dict], versions: dict | None = None) -> dict:
    """POST data for the entry page: {code: {field: raw}}; versions default to the current ones."""
    data = {}
    for v in IndicatorValue.objects.filter(submission=sub, indicator__main_index=mi).select_related("indicator"):
        if v.indicator.automatic:
            continue
        data[f"v{v.pk}-version"] = str((versions or {}).get(v.indicator.code, v.version))
        for key, raw in inputs.get(v.indicator.code, {}).items():
            data[f"v{v.pk}-{key}"] = raw
    return data


FULL_NTS = {
    "1.1": {"choice": "pho_chu_tich"},
    "1.2": {"answer": "yes"},
    "1.3": {"numerator": "1.234", "denominator": "2.468"},  # counts: 1234 of 2468
    "1.4": {"count": "6"},
}


# --- Contributions (issue 17): A's draft, 1.3 and 1.4 given to A's department's contributor ---


@pytest.fixture
def assignment(sub_a, officer_a, contributor_a):
    return contribution_helpers.assign(sub_a, officer_a, contributor_a)


@pytest.fixture
def handed_in(assignment, contributor_a):
    contribution_helpers.fill(assignment, contributor_a, **contribution_helpers.FIGURES)
    return contribution_helpers.services.hand_in(actor=contributor_a, assignment=assignment)


@pytest.fixture
def moto_s3(settings):
    """The default storage on an S3 bucket served by moto (django-storages' S3 backend)."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    # moto's state is per process, shared by every server started in it: reset it around the test.
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    s3.create_bucket(Bucket="dti-evidence")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "dti-evidence",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    yield s3
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    server.stop()
