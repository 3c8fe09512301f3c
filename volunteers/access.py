"""Who may see and do what with volunteers, shifts and tasks. Deny by default.

* Coordinators and operators of the hub see the whole network; those of a member org see the
  volunteers, shifts and tasks of their own org. Only coordinators change anything (403 for operators).
* Government viewers see the dashboard (aggregates) and nothing personal: every object is a 404.
* A volunteer sees their own page ("我的排班/任务") and acts only on their own rows.
"""

import enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from orgs.access import Seat, seats_for
from orgs.models import Membership
from volunteers.models import (
    AvailabilityException,
    MatchPlan,
    Shift,
    ShiftAssignment,
    Task,
    TaskAssignment,
    Team,
    VolunteerProfile,
    Zone,
)

Role = Membership.Role
_RANK = {Role.VIEWER: 0, Role.VOLUNTEER: 1, Role.OPERATOR: 2, Role.COORDINATOR: 3}


class Need(enum.Enum):
    VIEW = "view"  # lists and details: coordinators and operators
    MANAGE = "manage"  # every change: coordinators
    # Zones (sealing, opening) and shift templates apply to the whole network: the hub's coordinators.
    NETWORK = "network"
    AGGREGATE = "aggregate"  # the dashboard: any seat, viewers included


def best_seat(user: Any) -> Seat | None:
    """The seat a user works from: hub seats first, then the strongest role."""
    seats = seats_for(user)
    return max(seats, key=lambda s: (s.is_hub, _RANK[Role(s.role)])) if seats else None


def staff_seat(user: Any, need: Need = Need.VIEW) -> Seat:
    seat = best_seat(user)
    if seat is None:
        raise Http404
    if need is Need.AGGREGATE:
        return seat
    if seat.role not in (Role.COORDINATOR, Role.OPERATOR):
        raise Http404
    if need is Need.MANAGE and seat.role != Role.COORDINATOR:
        raise PermissionDenied
    if need is Need.NETWORK and not seat.is_hub_coordinator:
        raise PermissionDenied
    return seat


def scope(qs: QuerySet[Any], seat: Seat) -> QuerySet[Any]:
    """Rows of the seat's network (hub staff) or of the seat's own org (member staff)."""
    qs = qs.filter(hub_id=seat.hub_id)
    return qs if seat.is_hub else qs.filter(org_id=seat.org_id)


def visible_profiles(seat: Seat) -> QuerySet[VolunteerProfile]:
    return scope(VolunteerProfile.objects.all(), seat)


def _get(model: type[Model], user: Any, pk: int, need: Need) -> tuple[Any, Seat]:
    seat = best_seat(user)
    if seat is None or seat.role not in (Role.COORDINATOR, Role.OPERATOR):
        raise Http404
    obj = scope(model.objects.all(), seat).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    staff_seat(user, need)
    return obj, seat


def get_profile_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[VolunteerProfile, Seat]:
    return _get(VolunteerProfile, user, pk, need)


def get_shift_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Shift, Seat]:
    return _get(Shift, user, pk, need)


def get_task_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Task, Seat]:
    return _get(Task, user, pk, need)


def get_team_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Team, Seat]:
    return _get(Team, user, pk, need)


def get_plan_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[MatchPlan, Seat]:
    return _get(MatchPlan, user, pk, need)


def get_zone_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Zone, Seat]:
    seat = staff_seat(user, Need.VIEW)
    zone = Zone.objects.filter(hub_id=seat.hub_id, pk=pk).first()
    if zone is None:
        raise Http404
    staff_seat(user, need)
    return zone, seat


def my_profile(user: Any) -> VolunteerProfile:
    profile = VolunteerProfile.objects.filter(user=user).first() if user.is_authenticated else None
    if profile is None:
        raise Http404
    return profile


def get_my_task_row(user: Any, pk: int) -> TaskAssignment:
    row = TaskAssignment.objects.select_related("task", "profile").filter(pk=pk, profile__user=user).first()
    if row is None:
        raise Http404
    return row


def get_exception_for_user(user: Any, pk: int) -> AvailabilityException:
    """The volunteer themselves, or a coordinator over the volunteer, may withdraw an exception."""
    exc = AvailabilityException.objects.select_related("profile").filter(pk=pk).first()
    if exc is None:
        raise Http404
    if exc.profile.user_id != user.pk:
        get_profile_for_user(user, exc.profile_id, Need.MANAGE)
    return exc


def get_shift_row_for_coordinator(user: Any, pk: int) -> ShiftAssignment:
    """Attendance corrections: coordinators over the row's shift only (not the volunteer themselves)."""
    return get_shift_row_for_user(user, pk, volunteer_may=False)


def get_shift_row_for_user(user: Any, pk: int, *, volunteer_may: bool = True) -> ShiftAssignment:
    """The volunteer on the row, or a coordinator over its shift, may check in and out."""
    row = ShiftAssignment.objects.select_related("shift", "profile").filter(pk=pk).first()
    if row is None:
        raise Http404
    if volunteer_may and row.profile.user_id == user.pk:
        return row
    get_shift_for_user(user, row.shift_id, Need.MANAGE)
    return row
