"""The API's JSON body parser: a per-view size limit, strict JSON, no NUL characters (unless the
view checks every string it stores itself: `checks_nul`).

Not a JSONParser subclass on purpose: DRF buffers `request.body` for those, which applies Django's
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB, an HTML 400 when exceeded) and would refuse a 10,000-row bulk
import. This parser reads the stream itself and each view declares its own `max_body` instead.
"""

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser

DEFAULT_MAX_BODY = 256 * 1024


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("请求体过大。")
    default_code = "payload_too_large"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        context = parser_context or {}
        limit = getattr(context.get("view"), "max_body", DEFAULT_MAX_BODY)
        request = context.get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(_("请求体过大(最多 %(kb)s KB)。") % {"kb": limit // 1024})
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(_("请求体过大(最多 %(kb)s KB)。") % {"kb": limit // 1024})
        if b"\\u0000" in raw and not getattr(context.get("view"), "checks_nul", False):
            # PostgreSQL cannot store NUL in text or jsonb; refuse it here rather than fail at the insert.
            # A view whose every stored string is checked says so (bulk: one bad row, not the batch).
            raise ParseError(_("请求中含有无效字符(NUL)。"))
        try:
            data = json.loads(raw, parse_constant=_reject_constant)
        except ValueError as exc:  # includes UnicodeDecodeError
            raise ParseError(_("JSON 格式错误:%(error)s") % {"error": exc})
        if not isinstance(data, dict):
            raise ParseError(_("请求体须为 JSON 对象。"))
        return data
