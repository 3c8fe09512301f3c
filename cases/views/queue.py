"""The triage queue (分诊队列) and the other working lists, all sorted by the next deadline."""

from datetime import timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.access import visible_help_requests
from cases.models import HelpRequest, NeedLine
from cases.presenters import countdown, present
from cases.services import OPEN
from cases.services.verify import UNANSWERED_LIMIT
from core.choices import NeedCategory
from core.models import Event
from geo.divisions import display_name
from geo.divisions import names as division_names
from orgs.access import incidents_for_user, seat_in_network

PAGE = 50
COUNTS_TTL = 15  # seconds; only "overdue" (time passing, not a write) may lag this much
S = HelpRequest.Status
# Model.get_FOO_display() rebuilds its choices dict on every call; a page shows hundreds of them.
STATUS_LABELS = dict(S.choices)
NEED_LABELS = dict(NeedCategory.choices)
VIEWS = {
    "": _("全部未结案"),
    "overdue": _("已超时"),
    "reverify": _("待复核(核实后无进展)"),
    "unreachable": _("无法联系?"),
    "closed": _("已结案"),
}


def int_param(value: str | None) -> int | None:
    """A query-string id or page number; None for anything else, so a typo (or "²", which
    str.isdigit() takes and int() refuses, or a number past 64 bits) filters nothing instead of a 500."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= 9 else None


def current_incident(request: HttpRequest) -> Any:
    incidents = list(incidents_for_user(request.user).filter(status="active")) or list(
        incidents_for_user(request.user)
    )
    wanted = request.GET.get("incident", "")
    chosen = next((i for i in incidents if str(i.pk) == wanted), incidents[0] if incidents else None)
    return chosen, incidents


def apply_filters(
    qs: QuerySet[HelpRequest],
    params: Any,
    incident: Any,
    now: Any,
    *,
    search_address: bool = True,
    holder_org: int | None = None,
) -> QuerySet[HelpRequest]:
    """`holder_org`: a member org's searches with digits match only the cases it holds (see below)."""
    view = params.get("view", "")
    qs = qs.filter(status=S.CLOSED) if view == "closed" else qs.filter(status__in=OPEN)
    if view == "overdue":
        qs = qs.filter(next_due_at__lt=now)
    elif view == "reverify":
        qs = qs.filter(
            status=S.VERIFIED, verified_at__lt=now - timedelta(hours=incident.reverify_after_hours)
        )
    elif view == "unreachable":
        qs = qs.filter(status=S.NEW, no_answer_count__gte=UNANSWERED_LIMIT)
    if params.get("status") in STATUS_LABELS:
        qs = qs.filter(status=params["status"])
    if params.get("urgency", "") in {"1", "2", "3", "4"}:
        qs = qs.filter(urgency=int(params["urgency"]))
    if params.get("county", "").isdigit():
        qs = qs.filter(county_code=params["county"])
    if params.get("need") in NEED_LABELS:
        # EXISTS, not a join + DISTINCT: the latter sorts every matching row on a large incident.
        lines = NeedLine.objects.filter(help_request=OuterRef("pk"), category=params["need"])
        qs = qs.filter(Exists(lines))
    claimed_by = int_param(params.get("claimed_by"))
    if claimed_by is not None:
        qs = qs.filter(claimed_by_id=claimed_by)
    # PostgreSQL's driver refuses a NUL in a query parameter (a 500); it can be in no stored text.
    words = params.get("q", "").replace("\x00", "")
    if words:
        text = Q(description__icontains=words)
        # Addresses are masked (***) for member orgs; matching on them would let a keyword
        # search tell which request is at a given address.
        qs = qs.filter(text | Q(address_detail__icontains=words) if search_address else text)
        if holder_org is not None and any(c.isdigit() for c in words):
            # So are phone numbers in descriptions (139****5678): matching digits behind the mask
            # would confirm a guessed number. Only the org's own cases, which it may reveal, match.
            qs = qs.filter(Q(claimed_by_id=holder_org) | Q(created_by_org_id=holder_org))
    return qs


def rows_for(request: HttpRequest, qs: QuerySet[HelpRequest], seat: Any, now: Any) -> list[dict[str, Any]]:
    rows = []
    for hr in qs:
        # Masked in lists for everyone; clear values are one audited click away on the detail page.
        left, css = countdown(hr.next_due_at, now)
        rows.append(
            {
                "hr": hr,
                "p": present(hr, full=False),
                "left": left,
                "css": css,
                "needs": [NEED_LABELS.get(n.category, n.category) for n in hr.needs.all()],
                "status": STATUS_LABELS[hr.status],
            }
        )
    return rows


@lru_cache(maxsize=64)
def _counties(area: str) -> tuple[str, ...]:
    return tuple(sorted(c for c in division_names() if len(c) == 6 and c.startswith(area)))


def counties_of(incident: Any) -> list[str]:
    """The district filter's options: the counties under the incident's area (no table scan)."""
    area = incident.area_id or ""
    if len(area) not in (2, 4):
        return []
    return list(_counties(area))


def queue_counts(
    base: QuerySet[HelpRequest], incident: Any, seat: Any, user: Any, now: Any
) -> dict[str, int]:
    """Open requests by urgency and status for what this seat may see: one scan (on a large incident
    it costs more than the page itself), cached until the next write.

    Every write to a request records an audit Event in the same transaction, so the newest event id
    (the primary key's last entry, O(1)) is in the key: a coordinator who just claimed one never
    sees "已认领 (3)" above four claimed rows, even though each gunicorn worker has its own cache.
    """
    scope = (
        "hub" if seat.is_hub_staff else f"user{user.pk}" if seat.role == "volunteer" else f"org{seat.org_id}"
    )
    latest = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    key = f"queue-counts:{incident.pk}:{scope}:{latest}"
    counts = cache.get(key)
    if counts is None:
        counts = base.filter(status__in=OPEN).aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(next_due_at__lt=now)),
            **{f"u{i}": Count("pk", filter=Q(urgency=i)) for i in (1, 2, 3, 4)},
            **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in OPEN},
        )
        cache.set(key, counts, COUNTS_TTL)
    return counts


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    incident, incidents = current_incident(request)
    seat = seat_in_network(request.user, incident.hub_id) if incident else None
    template = "cases/_queue_rows.html" if request.GET.get("partial") == "1" else "cases/queue.html"
    if incident is None or seat is None or seat.role == "viewer":
        return render(request, template, {"incident": incident, "incidents": incidents, "rows": []})
    now = timezone.now()
    base = visible_help_requests(request.user).filter(incident=incident)
    holder = None if seat.is_hub_staff or seat.role == "volunteer" else seat.org_id
    qs = apply_filters(base, request.GET, incident, now, search_address=seat.is_hub_staff, holder_org=holder)
    page = max(int_param(request.GET.get("page")) or 1, 1)
    ordered = qs.order_by(F("next_due_at").asc(nulls_last=True), "urgency", "pk").prefetch_related("needs")
    rows = rows_for(request, ordered[(page - 1) * PAGE : page * PAGE + 1], seat, now)
    counts = queue_counts(base, incident, seat, request.user, now)
    counties = counties_of(incident)
    return render(
        request,
        template,
        {
            "incident": incident,
            "incidents": incidents,
            "rows": rows[:PAGE],
            "has_next": len(rows) > PAGE,
            "page": page,
            "counts": counts,
            "params": request.GET,
            "views": VIEWS,
            "statuses": [(s, S(s).label, counts.get(f"s_{s}", 0)) for s in OPEN],
            "urgencies": [(str(u), counts.get(f"u{u}", 0)) for u in (1, 2, 3, 4)],
            "needs": NeedCategory.choices,
            "counties": [(c, display_name(c)) for c in counties],
            "orgs": incident.hub.members.order_by("name"),
        },
    )
