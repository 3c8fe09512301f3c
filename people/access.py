"""Who may see and do what in the registry, the most sensitive data in heli. Deny by default.

A person is visible to: the owning org's coordinators, the hub coordinator of its network, the current
guardian and backup, and coordinators of an org the record was shared with. Everyone else gets 404;
government viewers get aggregates only (the coverage dashboard), never a record.
"""

import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from orgs.access import Seat, seats_for
from orgs.models import Membership, Organisation
from people.models import Person, ShareGrant

Role = Membership.Role


class Need(enum.Enum):
    VIEW = "view"
    REVEAL = "reveal"  # ID number and phone in clear (audited)
    CHECKIN = "checkin"  # record a check-in, recount a medication
    MANAGE = "manage"  # edit, medications, guardians, plan, share
    AUDIT = "audit"  # the access log


HUB_COORD, OWNER, GUARDIAN, BACKUP, SHARED = "hub_coord", "owner", "guardian", "backup", "shared"
ALLOWED: dict[Need, set[str]] = {
    Need.VIEW: {HUB_COORD, OWNER, GUARDIAN, BACKUP, SHARED},
    Need.REVEAL: {HUB_COORD, OWNER, GUARDIAN, BACKUP, SHARED},
    Need.CHECKIN: {HUB_COORD, OWNER, GUARDIAN, BACKUP},
    Need.MANAGE: {HUB_COORD, OWNER},
    Need.AUDIT: {HUB_COORD, OWNER},
}


def coordinator_seats(user: Any) -> list[Seat]:
    return [s for s in seats_for(user) if s.role == Role.COORDINATOR]


def relations(user: Any, person: Person) -> set[str]:
    if not user.is_authenticated:
        return set()
    found: set[str] = set()
    if person.hub_id in member_hubs(user):
        # A volunteer who left the network (membership ended) is no longer a carer, even while
        # the record still names them until a coordinator hands over.
        if person.guardian_id == user.pk:
            found.add(GUARDIAN)
        if person.backup_id == user.pk:
            found.add(BACKUP)
    for seat in coordinator_seats(user):
        if seat.is_hub and seat.hub_id == person.hub_id:
            found.add(HUB_COORD)
        if seat.org_id == person.org_id:
            found.add(OWNER)
    if not found:
        org_ids = [s.org_id for s in coordinator_seats(user)]
        if (
            org_ids
            and ShareGrant.objects.filter(person=person, org_id__in=org_ids, revoked_at__isnull=True).exists()
        ):
            found.add(SHARED)
    return found


def member_hubs(user: Any) -> set[int]:
    """The networks the user has an active membership in (any role)."""
    return {s.hub_id for s in seats_for(user)}


def carer_of(user: Any, prefix: str = "") -> Q:
    """Persons the user guards or backs up in a network they still belong to."""
    mine = Q(**{f"{prefix}guardian_id": user.pk}) | Q(**{f"{prefix}backup_id": user.pk})
    return mine & Q(**{f"{prefix}hub_id__in": member_hubs(user)})


def can(user: Any, person: Person, need: Need) -> bool:
    return bool(relations(user, person) & ALLOWED[need])


def visible_persons(user: Any) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    cond = carer_of(user)
    shared_orgs = []
    for seat in coordinator_seats(user):
        cond |= Q(hub_id=seat.hub_id) if seat.is_hub else Q(org_id=seat.org_id)
        shared_orgs.append(seat.org_id)
    if shared_orgs:
        cond |= Q(
            pk__in=ShareGrant.objects.filter(org_id__in=shared_orgs, revoked_at__isnull=True).values(
                "person_id"
            )
        )
    return Person.objects.filter(cond)


def get_person_for_user(user: Any, pk: int, need: Need = Need.VIEW) -> tuple[Person, set[str]]:
    """The person and the user's relations to them, or 404 (may not see) / 403 (may see, may not act)."""
    person = Person.objects.select_related("org", "guardian", "backup").filter(pk=pk).first()
    rel = relations(user, person) if person else set()
    if person is None or not rel & ALLOWED[Need.VIEW]:
        raise Http404
    if not rel & ALLOWED[need]:
        raise PermissionDenied
    return person, rel


def managed_persons(user: Any) -> QuerySet[Person]:
    """Persons the user manages as a coordinator (owning org or hub): the coordinator lists."""
    cond = Q(pk__in=[])
    for seat in coordinator_seats(user):
        cond |= Q(hub_id=seat.hub_id) if seat.is_hub else Q(org_id=seat.org_id)
    return Person.objects.filter(cond)


def register_orgs(user: Any) -> list[Organisation]:
    """Orgs the user may register persons for: where they are a coordinator, not a government body."""
    ids = [s.org_id for s in coordinator_seats(user)]
    return list(
        Organisation.objects.filter(pk__in=ids).exclude(kind=Organisation.Kind.GOVERNMENT).order_by("name")
    )


def require_coordinator(user: Any) -> list[Seat]:
    seats = coordinator_seats(user)
    if not seats:
        raise PermissionDenied
    return seats


@dataclass(frozen=True)
class Scope:
    """What the coverage dashboard may count: whole networks (hub ids) and single orgs (org ids)."""

    hub_ids: frozenset[int]
    org_ids: frozenset[int]

    def persons(self) -> Q:
        return Q(hub_id__in=self.hub_ids) | Q(org_id__in=self.org_ids)

    def checkins(self) -> Q:
        network = Organisation.objects.filter(Q(pk__in=self.hub_ids) | Q(parent_id__in=self.hub_ids))
        return Q(org_id__in=set(network.values_list("pk", flat=True)) | self.org_ids)


def aggregate_scope(user: Any) -> Scope | None:
    """Hub coordinators and government viewers count their network, org coordinators their org;
    everyone else has no dashboard (None)."""
    hubs, orgs = set(), set()
    for seat in seats_for(user):
        if seat.is_hub_coordinator or seat.role == Role.VIEWER:
            hubs.add(seat.hub_id)
        elif seat.role == Role.COORDINATOR:
            orgs.add(seat.org_id)
    return Scope(frozenset(hubs), frozenset(orgs)) if hubs or orgs else None
