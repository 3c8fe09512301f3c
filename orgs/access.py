"""Who a user is in a network: their seats (org + role), deny by default."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from orgs.models import Incident, Membership, Organisation

Role = Membership.Role
# Higher wins when a user sits in several orgs of one network.
_RANK = {Role.VIEWER: 0, Role.VOLUNTEER: 1, Role.OPERATOR: 2, Role.COORDINATOR: 3}


@dataclass(frozen=True)
class Seat:
    org_id: int
    hub_id: int
    role: str
    is_hub: bool

    @property
    def is_hub_staff(self) -> bool:
        return self.is_hub and self.role in (Role.COORDINATOR, Role.OPERATOR)

    @property
    def is_hub_coordinator(self) -> bool:
        return self.is_hub and self.role == Role.COORDINATOR

    @property
    def can_write(self) -> bool:
        return self.role != Role.VIEWER


def seats_for(user: Any) -> list[Seat]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_heli_seats", None)
    if cached is None:
        rows = Membership.objects.filter(user=user, active=True).values_list(
            "org_id", "org__kind", "org__parent_id", "role"
        )
        cached = [
            Seat(
                org_id=o,
                hub_id=o if kind == Organisation.Kind.HUB or p is None else p,
                role=r,
                is_hub=kind == Organisation.Kind.HUB,
            )
            for o, kind, p, r in rows
        ]
        user._heli_seats = cached
    return cached


def seat_in_network(user: Any, hub_id: int) -> Seat | None:
    seats = [s for s in seats_for(user) if s.hub_id == hub_id]
    if not seats:
        return None
    return max(seats, key=lambda s: (s.is_hub, _RANK[Role(s.role)]))


def incidents_for_user(user: Any) -> Any:
    hubs = {s.hub_id for s in seats_for(user)}
    return Incident.objects.filter(hub_id__in=hubs).select_related("hub")


def get_incident_for_user(user: Any, pk: int) -> tuple[Incident, Seat]:
    # Slicing instead of .first(): no ORDER BY on a primary-key lookup (this is on the intake hot path).
    found = list(incidents_for_user(user).filter(pk=pk)[:1])
    incident = found[0] if found else None
    seat = seat_in_network(user, incident.hub_id) if incident else None
    if incident is None or seat is None:
        raise Http404
    return incident, seat


def orgs_in_network(hub_id: int) -> Any:
    return Organisation.objects.filter(pk=hub_id) | Organisation.objects.filter(parent_id=hub_id)
