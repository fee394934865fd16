"""One rule for free text from a form or the API: no control characters, and a length limit.

PostgreSQL refuses NUL in text (a 500 if it reaches a query); the other C0 controls are
accepted there but are never part of a name, a document number or a reason, and turn up in
exports and logs as garbage or terminal escapes. Tab and line breaks stay allowed: reasons and
summaries are multi-line.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A free-text field without its own limit (a reason, a summary) takes at most this many characters.
TEXT_MAX_LENGTH = 5000


@deconstructible
class NoControlCharactersValidator:
    message = _("Nội dung chứa ký tự điều khiển không hợp lệ; hãy xóa chúng rồi nhập lại.")
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator)


no_control_characters = NoControlCharactersValidator()


def bound_text_field(field) -> None:
    """Give a text field (a Django form field or a DRF serializer field) the project's rule."""
    if no_control_characters not in field.validators:
        field.validators.append(no_control_characters)
    if getattr(field, "max_length", None) is None:
        field.max_length = TEXT_MAX_LENGTH
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
        if hasattr(field, "widget"):
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))


class BoundedTextMixin:
    """Every text field of the form gets the rule, including fields a subclass adds in its own
    __init__ after ours has run (they are bound when the form is cleaned)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bound_text_fields()

    def _bound_text_fields(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                bound_text_field(field)

    def full_clean(self):
        self._bound_text_fields()
        super().full_clean()


class BoundedForm(BoundedTextMixin, forms.Form):
    pass


def text_problem(value: str, *, max_length: int = TEXT_MAX_LENGTH) -> str | None:
    """For a service taking free text outside a form: what is wrong with it (None if nothing)."""
    if CONTROL_CHARACTERS.search(value or ""):
        return str(NoControlCharactersValidator.message)
    if len(value or "") > max_length:
        return str(_("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": max_length})
    return None
