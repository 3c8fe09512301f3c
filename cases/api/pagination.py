"""Keyset (cursor) pagination over (next_due_at, id), nulls last.

DRF's CursorPagination keys on the first ordering field only and cannot resume after a NULL, and closed
requests have no deadline; this is the same idea with the tie-breaker and the NULLs handled.
"""

import base64
import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

ORDER = (F("next_due_at").asc(nulls_last=True), "id")
PAGE_SIZE = 50


def _encode(due: datetime | None, pk: int) -> str:
    raw = json.dumps([due.isoformat() if due else None, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime | None, int]:
    try:
        due, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError(pk)
        if not due:
            return None, pk
        # Ours always carry an offset; a hand-made naive or out-of-range time would be compared in
        # the wrong zone, or overflow when the database driver converts it to UTC.
        when = datetime.fromisoformat(due)
        if when.tzinfo is None:
            raise ValueError(due)
        return when.astimezone(UTC), pk
    except (ValueError, TypeError, OverflowError):
        raise ParseError(_("无效的分页游标。"))


def after(qs: QuerySet, cursor: str) -> QuerySet:
    due, pk = _decode(cursor)
    if due is None:
        return qs.filter(next_due_at__isnull=True, pk__gt=pk)
    return qs.filter(Q(next_due_at__gt=due) | Q(next_due_at=due, pk__gt=pk) | Q(next_due_at__isnull=True))


def paginate(
    request: Request, qs: QuerySet, cursor: str | None, size: int | None
) -> tuple[list[Any], str | None]:
    """One page of `qs` in deadline order and the URL of the next page (None on the last)."""
    size = size or PAGE_SIZE
    if cursor:
        qs = after(qs, cursor)
    rows = list(qs.order_by(*ORDER)[: size + 1])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    url = replace_query_param(request.build_absolute_uri(), "cursor", _encode(last.next_due_at, last.pk))
    return rows[:size], url
