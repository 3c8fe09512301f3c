"""Dashboard (志愿者概览): by tier, skill and district, hours this week, near a limit, unassigned tasks."""

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from volunteers.access import Need, Role, staff_seat
from volunteers.models import Skill, Tier
from volunteers.selectors import dashboard as stats
from volunteers.selectors import near_limit


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.AGGREGATE)
    if seat.role == Role.VIEWER:
        # A government department has no volunteers of its own; it watches the network's figures.
        seat = replace(seat, is_hub=True)
    now = timezone.now()
    data = stats(seat, now)
    # Viewers (government departments) get the numbers, never names.
    near = near_limit(seat, now) if seat.role in ("coordinator", "operator") else []
    return render(
        request,
        "volunteers/dashboard.html",
        {
            **data,
            "near": near,
            "staff": seat.role in ("coordinator", "operator"),
            "tiers": [(label, data["by_tier"].get(code, 0)) for code, label in Tier.choices],
            "skills": [(label, data["by_skill"].get(code, 0)) for code, label in Skill.choices],
        },
    )
