"""API errors: domain rule violations become 400/409 with field errors, never a 500."""

from typing import Any

from django.utils.translation import gettext
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from core.errors import ConflictError, DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    errors = getattr(exc, "errors", None)
    if isinstance(exc, DomainError):
        if errors:
            return Response({"detail": gettext("输入有误。"), "errors": errors}, status=400)
        status = 409 if isinstance(exc, ConflictError) else 400
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=status)
    return drf_handler(exc, context)
