"""Who a user is in a network: their seats (org + role), deny by default."""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import Http404

from heli.lib.sql import fetch_one
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
        cached = [
            Seat(
                org_id=o,
                hub_id=o if kind == Organisation.Kind.HUB or p is None else p,
                role=r,
                is_hub=kind == Organisation.Kind.HUB,
            )
            for o, kind, p, r in _membership_rows(user.pk)
        ]
        user._heli_seats = cached
    return cached


def _membership_rows(user_id: int) -> list[tuple[int, str, int | None, str]]:
    # Fixed SQL rather than a values_list(): every page and API call asks this first (hot path).
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERSHIP_SQL, [user_id])
        return cursor.fetchall()


_MEMBERSHIP_SQL = (
    f"SELECT m.org_id, o.kind, o.parent_id, m.role FROM {Membership._meta.db_table} m "
    f"INNER JOIN {Organisation._meta.db_table} o ON o.id = m.org_id WHERE m.user_id = %s AND m.active"
)


def seat_in_network(user: Any, hub_id: int) -> Seat | None:
    seats = [s for s in seats_for(user) if s.hub_id == hub_id]
    if not seats:
        return None
    # Hub staff first (they see the whole network), then the higher role: a read-only or volunteer
    # seat at the hub must not hide the same person's coordinator seat at a member org.
    return max(seats, key=lambda s: (s.is_hub_staff, _RANK[Role(s.role)], s.is_hub))


def incidents_for_user(user: Any) -> Any:
    hubs = {s.hub_id for s in seats_for(user)}
    return Incident.objects.filter(hub_id__in=hubs).select_related("hub")


def get_incident_for_user(user: Any, pk: int) -> tuple[Incident, Seat]:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:  # a bigint column: anything else cannot exist, and PostgreSQL would refuse it
        raise Http404
    # Prepared lookup (heli.lib.sql): this runs first on every intake call.
    incident = fetch_one(Incident, "t0.id = %s", [pk], related=("hub",)) if seats_for(user) else None
    seat = seat_in_network(user, incident.hub_id) if incident else None
    if incident is None or seat is None:
        raise Http404
    return incident, seat


def orgs_in_network(hub_id: int) -> Any:
    return Organisation.objects.filter(pk=hub_id) | Organisation.objects.filter(parent_id=hub_id)
