"""Coordinator views: coverage (aggregates, also for government viewers), overdue, runway, no guardian."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from people.access import aggregate_scope, managed_persons, require_coordinator
from people.coverage import coverage
from people.models import CheckInPlan, Medication, Person
from people.services.guardians import ACTIVE
from people.views._util import int_or_none


@login_required
@require_GET
def coverage_view(request: HttpRequest) -> HttpResponse:
    scope = aggregate_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return render(request, "people/coverage.html", coverage(scope, timezone.now()))


@login_required
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    now = timezone.now()
    persons = managed_persons(request.user).filter(status__in=ACTIVE)
    plans = (
        CheckInPlan.objects.filter(person__in=persons, active=True, next_due_at__lt=now)
        .select_related("person__guardian", "person__backup")
        .order_by("next_due_at")[:500]
    )
    return render(request, "people/overdue.html", {"plans": plans, "now": now})


@login_required
@require_GET
def runway(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    days = min(max(int_or_none(request.GET.get("days")) or 7, 0), 90)
    today = timezone.localdate()
    meds = (
        Medication.objects.filter(
            person__in=managed_persons(request.user).filter(status=Person.Status.ACTIVE),
            active=True,
            runs_out_on__lte=today + timedelta(days=days),
        )
        .select_related("person", "pending_request__incident")
        .order_by("runs_out_on")[:500]
    )
    rows = [{"med": m, "left": m.days_left()} for m in meds]
    return render(request, "people/runway.html", {"rows": rows, "days": days})


@login_required
@require_GET
def no_guardian(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    persons = managed_persons(request.user).filter(status__in=ACTIVE)
    return render(
        request,
        "people/no_guardian.html",
        {
            "none": persons.filter(guardian__isnull=True).select_related("org").order_by("pk")[:500],
            "no_backup": persons.filter(guardian__isnull=False, backup__isnull=True)
            .select_related("org", "guardian")
            .order_by("pk")[:500],
        },
    )
