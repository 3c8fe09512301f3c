"""A JSON-only body parser with a per-view size limit.

DRF reads the request stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE never applies; each view
declares `max_body` instead (bulk import needs megabytes, a single request does not).
"""

import json
from typing import Any

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

DEFAULT_MAX_BODY = 256 * 1024


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求体过大。"
    default_code = "payload_too_large"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        context = parser_context or {}
        limit = getattr(context.get("view"), "max_body", DEFAULT_MAX_BODY)
        request = context.get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(f"请求体过大(最多 {limit // 1024} KB)。")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(f"请求体过大(最多 {limit // 1024} KB)。")
        try:
            data = json.loads(raw, parse_constant=_reject_constant)
        except ValueError as exc:  # includes UnicodeDecodeError
            raise ParseError(f"JSON 格式错误:{exc}")
        if not isinstance(data, dict):
            raise ParseError("请求体须为 JSON 对象。")
        return data
