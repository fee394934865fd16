"""The refusals the services raise; the views (and the API's error handler) show their message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


class AssessmentError(Exception):
    """A refused write; the message is for the user."""


class ValidationFailed(AssessmentError):
    """Bad input. `errors` maps a row key (value id, or a form field name) to {field: message}."""

    def __init__(self, errors: Mapping[Any, Any], message: str | None = None):
        super().__init__(message or _("Có lỗi trong số liệu đã nhập; chưa lưu gì. Hãy sửa các ô được đánh dấu."))
        self.errors = dict(errors)


class StaleSave(AssessmentError):
    """Someone saved the same rows first. `conflicts` maps a row id to its current row."""

    def __init__(self, conflicts: Mapping[int, Any]):
        super().__init__(
            _(
                "Người khác vừa lưu một số chỉ số trong lúc bạn nhập; chưa lưu gì. "
                "Giá trị của họ hiện bên cạnh ô, giá trị bạn nhập vẫn được giữ. "
                "Kiểm tra rồi bấm Lưu lần nữa nếu muốn ghi đè."
            )
        )
        self.conflicts = dict(conflicts)


class Incomplete(AssessmentError):
    def __init__(self, missing: list):
        super().__init__(_("Hồ sơ chưa đầy đủ; chưa gửi. Hãy bổ sung các mục còn thiếu."))
        self.missing = missing
