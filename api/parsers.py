"""JSON bodies with limits: a size, a nesting depth, finite numbers.

DRF's JSONParser reads the whole stream (Django's DATA_UPLOAD_MAX_MEMORY_SIZE only guards
request.body and form data) and hands deep nesting to the json module, whose RecursionError
is not a ValueError: a 500. Our payloads nest four levels ({"values": [{"inputs": {…}}]}), so
anything deeper than MAX_DEPTH is refused before parsing, with a 400 like any bad body.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

MAX_DEPTH = 16
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(body: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest (strings skipped); stops counting past `limit`."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', body)):
        if bracket in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def _refuse_constant(name):
    raise ValueError(_("Giá trị %(name)s không được chấp nhận.") % {"name": name})


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400: too large for any field
        raise ValueError(_("Số quá lớn."))
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # Django's own limit for a body held in memory
        if stream is None:
            body = b""
        else:
            body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise ParseError(_("Nội dung gửi lên quá lớn (tối đa %(n)d byte).") % {"n": limit})
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(_("Dữ liệu JSON lồng nhau quá sâu (tối đa %(n)d cấp).") % {"n": MAX_DEPTH})
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(
                body.decode(encoding),
                parse_constant=_refuse_constant if api_settings.STRICT_JSON else None,
                parse_float=_finite_float,
            )
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise ParseError(_("Dữ liệu JSON không hợp lệ: %(error)s") % {"error": str(exc)[:200]}) from exc
