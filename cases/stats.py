"""Dashboard figures for one incident (aggregates only: safe for read-only viewers)."""

from statistics import median
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from cases.models import HelpRequest, NeedLine
from cases.services import OPEN
from core.choices import NeedCategory
from geo.divisions import display_name

S = HelpRequest.Status


def incident_dashboard(incident: Any) -> dict[str, Any]:
    now = timezone.now()
    qs = HelpRequest.objects.filter(incident=incident)
    totals = qs.aggregate(
        collected=Count("pk"),
        verified=Count("pk", filter=Q(verified_at__isnull=False)),
        urgent=Count("pk", filter=Q(urgency__lte=2)),
        urgent_answered=Count("pk", filter=Q(urgency__lte=2, claimed_at__isnull=False)),
        claimed=Count("pk", filter=Q(claimed_at__isnull=False)),
        delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
        closed=Count("pk", filter=Q(status=S.CLOSED)),
        open_overdue=Count("pk", filter=Q(status__in=OPEN, next_due_at__lt=now)),
    )
    reasons = dict(qs.filter(status=S.CLOSED).values_list("close_reason").annotate(n=Count("pk")))
    by_reason = [(label, reasons.get(value, 0)) for value, label in HelpRequest.CloseReason.choices]
    by_district = [
        {"name": display_name(row["county_code"]) if row["county_code"] else "—", **row}
        for row in qs.values("county_code")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN)),
            delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
        )
        .order_by("-total")[:30]
    ]
    needs = dict(
        NeedLine.objects.filter(help_request__incident=incident)
        .values_list("category")
        .annotate(n=Count("help_request", distinct=True))
    )
    by_need = sorted(((str(NeedCategory(c).label), n) for c, n in needs.items()), key=lambda x: -x[1])
    compliance = []
    for level in (1, 2, 3, 4):
        level_qs = qs.filter(urgency=level)
        c = level_qs.aggregate(
            on_time=Count("pk", filter=Q(claimed_at__isnull=False, claimed_at__lte=F("claim_due_at"))),
            late=Count("pk", filter=Q(claimed_at__gt=F("claim_due_at"))),
            missed=Count("pk", filter=Q(claimed_at__isnull=True, claim_due_at__lt=now, status__in=OPEN)),
        )
        judged = c["on_time"] + c["late"] + c["missed"]
        compliance.append(
            {"level": level, **c, "rate": round(100 * c["on_time"] / judged) if judged else None}
        )
    waits = [
        (claimed - created).total_seconds() / 60
        for created, claimed in qs.filter(claimed_at__isnull=False).values_list("created_at", "claimed_at")[
            :50_000
        ]
    ]
    return {
        "totals": totals,
        "by_reason": by_reason,
        "by_district": by_district,
        "by_need": by_need,
        "compliance": compliance,
        "median_first_action_min": round(median(waits)) if waits else None,
    }
