from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.stats import incident_dashboard
from cases.views.queue import current_incident
from orgs.access import seat_in_network


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The incident dashboard (概览): aggregates only, so every role in the network may see it."""
    incident, incidents = current_incident(request)
    stats = incident_dashboard(incident) if incident else None
    seat = seat_in_network(request.user, incident.hub_id) if incident else None
    return render(
        request,
        "cases/dashboard.html",
        {
            "incident": incident,
            "incidents": incidents,
            "s": stats,
            "hub_coord": bool(seat and seat.is_hub_coordinator),
        },
    )
