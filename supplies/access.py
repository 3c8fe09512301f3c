"""Who may see and change supplies. Deny by default; every view goes through here.

Anyone seated in an incident's network may read its supplies overview (the government viewer too,
who sees aggregates only); every other page needs a working seat (volunteer and up). Coordinators
and operators enter data (sites, needs, donations, receipts, shipments), volunteers too may record
a delivery (they drive the trucks); stock counts, write-offs and purchases from donated money need
a coordinator; approving an allocation plan needs a coordinator of the hub, because a plan
spends every member's warehouses. Outside the network everything is 404.
"""

import enum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from orgs.access import Seat, seat_in_network, seats_for
from orgs.models import Incident, Membership

Role = Membership.Role
M = TypeVar("M", bound=Model)


class Need(enum.Enum):
    VIEW = "view"  # the overview: aggregates only
    READ = "read"  # the lists behind it: donors, drivers, receivers, households
    EDIT = "edit"
    DELIVER = "deliver"
    COUNT = "count"
    SPEND = "spend"
    APPROVE = "approve"


def allows(seat: Seat, need: Need) -> bool:
    match need:
        case Need.VIEW:
            return True
        case Need.READ:  # a government viewer sees aggregates only, as everywhere else in heli
            return seat.can_write
        case Need.EDIT:
            return seat.role in (Role.COORDINATOR, Role.OPERATOR)
        case Need.DELIVER:
            return seat.can_write  # the volunteer driving the truck records the proof of delivery
        case Need.COUNT | Need.SPEND:  # stock counts, write-offs and spending donated money
            return seat.role == Role.COORDINATOR
        case Need.APPROVE:
            return seat.is_hub_coordinator
    return False


def get_incident_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Incident, Seat]:
    incident = Incident.objects.select_related("hub").filter(pk=pk).first()
    seat = seat_in_network(user, incident.hub_id) if incident else None
    if incident is None or seat is None:
        raise Http404
    if not allows(seat, need):
        raise PermissionDenied
    return incident, seat


def get_for_user(user: Any, model: type[M], pk: int, incident: Incident, need: Need = Need.VIEW) -> M:
    """An incident-scoped object (it has ``incident`` or reaches it through ``site``/``warehouse``)."""
    field = {"SiteNeed": "site__incident", "StockLot": "warehouse__incident"}.get(model.__name__, "incident")
    obj = model._default_manager.filter(pk=pk, **{field: incident}).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    get_incident_for_user(user, incident.pk, need)
    return obj


def can_edit_catalogue(user: Any) -> bool:
    """The catalogue is shared by every network: hub coordinators keep it."""
    return any(s.is_hub_coordinator for s in seats_for(user))
