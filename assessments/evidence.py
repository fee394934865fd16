"""Evidence files: the size limit while streaming, type checks by content, storage and serving.

Three rules, each for a reason:
- the size limit is enforced by an upload handler *while the body streams in*: a 2 GB upload is
  dropped after EVIDENCE_MAX_BYTES, it is never written to a temporary file in full;
- the type is decided by the bytes (libmagic, plus a look inside ZIP containers for Office
  files), never by the name or the browser's Content-Type, which the uploader controls;
- files are never at a public URL: `serve` is called by a view after the access helper and
  answers with an attachment and `nosniff`, so a disguised HTML file cannot run in our origin.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from . import excel_guard

# Type names (as in settings.EVIDENCE_ALLOWED_TYPES) → the MIME types libmagic reports for them.
TYPE_MIMES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"application/pdf"}),
    "doc": frozenset({"application/msword"}),
    "docx": frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
    "xls": frozenset({"application/vnd.ms-excel"}),
    "xlsx": frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    "png": frozenset({"image/png"}),
    "jpeg": frozenset({"image/jpeg"}),
    "gif": frozenset({"image/gif"}),
    "webp": frozenset({"image/webp"}),
}
# Old Office files are OLE containers; libmagic often names only the container.
OLE_MIMES = frozenset({"application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"})
# Parts that identify an Office Open XML document inside its ZIP container.
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# Types a browser can preview safely (reviewers' inline view).
INLINE_MIMES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
# Readable labels for the error message.
TYPE_LABELS = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
               "png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP"}

TOO_LARGE_ATTR = "evidence_upload_too_large"


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def allowed_types() -> list[str]:
    return [t for t in getattr(settings, "EVIDENCE_ALLOWED_TYPES", TYPE_MIMES) if t in TYPE_MIMES]


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def too_large_message() -> str:
    return _("Tệp vượt quá dung lượng cho phép (%(limit)s). Hãy nén hoặc tách tệp rồi tải lên lại.") % {
        "limit": human_size(max_bytes())
    }


def type_message() -> str:
    labels = sorted({TYPE_LABELS[t] for t in allowed_types()})
    return _("Loại tệp không được chấp nhận. Chỉ nhận: %(types)s (kiểm tra theo nội dung tệp, không theo đuôi tên).") % {
        "types": ", ".join(labels)
    }


class EvidenceSizeLimitHandler(FileUploadHandler):
    """First handler in the chain: counts bytes and drops the file once past the limit.

    It passes chunks on to Django's memory/temporary-file handlers until the limit, then raises
    SkipFile: the parser closes (and deletes) the partial file and skips the rest of that part,
    while the other form fields (the citation) still arrive, so the form can be re-rendered
    with a message. The request is marked so the view can tell "too large" from "no file".
    """

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else max_bytes()

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        if content_length is not None and content_length > self.limit:
            self._mark()
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._mark()
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the UploadedFile

    def _mark(self):
        if self.request is not None:
            setattr(self.request, TOO_LARGE_ATTR, True)


def install_upload_handler(request) -> None:
    """Put the size limit first; call before anything reads request.POST/FILES."""
    request.upload_handlers.insert(0, EvidenceSizeLimitHandler(request))


def upload_was_too_large(request) -> bool:
    return bool(getattr(request, TOO_LARGE_ATTR, False))


@dataclass(frozen=True)
class Inspected:
    type_name: str
    mime: str
    size: int
    sha256: str


class EvidenceFileError(ValueError):
    """The file is refused; the message is for the user."""


def _ooxml_type(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    # Stored, never inflated; still, a zip bomb is no one's evidence (and no later preview
    # should have to inflate it). Only parts over 10 MB: real documents rarely reach that.
    if excel_guard.inflates_abnormally(members, floor=10 * 1024 * 1024):
        raise EvidenceFileError(_("Tệp được nén bất thường (tỷ lệ nén quá cao) nên không được nhận."))
    names = {m.filename for m in members}
    for type_name, part in OOXML_PARTS.items():
        if part in names and "[Content_Types].xml" in names:
            return type_name
    return None


def detect_type(upload) -> tuple[str | None, str]:
    """(type name or None, MIME) from the file's content."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True) if head else "application/x-empty"
    for type_name, mimes in TYPE_MIMES.items():
        if mime in mimes:
            return type_name, mime
    if mime in {"application/zip", "application/octet-stream"}:
        type_name = _ooxml_type(upload)
        if type_name:
            return type_name, next(iter(TYPE_MIMES[type_name]))
    if mime in OLE_MIMES:
        # An OLE container we cannot name more precisely: Word or Excel 97–2003.
        return "doc", "application/msword"
    return None, mime


def inspect_upload(upload) -> Inspected:
    """Check size and type by content and hash the file. Raises EvidenceFileError."""
    size = upload.size
    if size > max_bytes():
        raise EvidenceFileError(too_large_message())
    if size == 0:
        raise EvidenceFileError(_("Tệp rỗng."))
    type_name, mime = detect_type(upload)
    allowed = allowed_types()
    if type_name == "doc" and "doc" not in allowed and "xls" in allowed and mime == "application/msword":
        type_name, mime = "xls", "application/vnd.ms-excel"
    if type_name is None or type_name not in allowed:
        raise EvidenceFileError(type_message())
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(type_name=type_name, mime=mime, size=size, sha256=digest.hexdigest())


def serve(evidence, *, inline: bool = False) -> FileResponse:
    """The file as a download (or an inline preview for PDF/images), never sniffed."""
    inline = inline and evidence.content_type in INLINE_MIMES
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Nothing in the file may load or run anything; PDFs need the browser's viewer (no sandbox).
    # The one thing looser than the site's policy: the portal's own pages may frame the file
    # (the appraisal page previews PDFs), no other site may; X-Frame-Options says the same to
    # browsers without CSP (the clickjacking middleware keeps a header that is already set).
    csp = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    if evidence.content_type.startswith("image/"):
        csp += "; sandbox"
    response["Content-Security-Policy"] = csp
    return response
