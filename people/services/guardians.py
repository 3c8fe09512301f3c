"""Temporary guardianship (临时监护): suggesting, assigning and handing over guardians."""

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import DomainError
from core.messages import msg
from core.models import Event
from core.services import alert_raise
from orgs.models import Membership, Organisation
from people.access import Need, coordinator_seats
from people.models import GuardianAbsence, Guardianship, Person
from people.services._base import person_cas, record, require

# A ward already on a guardian's list costs as much as this many km of extra distance.
LOAD_KM = 1.5
# Without coordinates, a guess from the division codes: same township ≈ 1 km, same county ≈ 5 km.
AREA_KM = {"township": 1.0, "county": 5.0, "elsewhere": 25.0, "unknown": 10.0}
ACTIVE = [Person.Status.ACTIVE, Person.Status.HOSPITALISED]


@dataclass
class Candidate:
    user: Any
    load: int
    area: str
    distance_km: float | None
    score: float = field(default=0.0)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def absent_user_ids() -> set[int]:
    return set(GuardianAbsence.objects.filter(to_at__isnull=True).values_list("user_id", flat=True))


def guardian_candidates(*, person: Person, limit: int = 8) -> list[Candidate]:
    """Volunteers of the network ranked by distance to the person and by how many they already guard.

    A volunteer's "place" is where their current wards live (the volunteers issue will add home areas).
    """
    orgs = Organisation.objects.filter(pk=person.hub_id) | Organisation.objects.filter(
        parent_id=person.hub_id
    )
    users = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            org__in=orgs.exclude(kind=Organisation.Kind.GOVERNMENT),
            active=True,
            role__in=[Membership.Role.VOLUNTEER, Membership.Role.OPERATOR, Membership.Role.COORDINATOR],
        ).select_related("user")
    }
    for uid in absent_user_ids():
        users.pop(uid, None)
    wards = Person.objects.filter(guardian_id__in=users, status__in=ACTIVE).values_list(
        "guardian_id", "township_code", "county_code", "lat", "lon"
    )
    load: Counter[int] = Counter()
    places: dict[int, list[tuple[str, str, float | None, float | None]]] = {}
    for uid, township, county, lat, lon in wards:
        load[uid] += 1
        places.setdefault(uid, []).append((township, county, lat, lon))
    ranked = [_rank(person, user, load[uid], places.get(uid, [])) for uid, user in users.items()]
    return sorted(ranked, key=lambda c: (c.score, c.user.pk))[:limit]


def _rank(
    person: Person, user: Any, load: int, places: list[tuple[str, str, float | None, float | None]]
) -> Candidate:
    points = [(lat, lon) for _t, _c, lat, lon in places if lat is not None and lon is not None]
    distance = None
    if points and person.lat is not None and person.lon is not None:
        centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        distance = _km((person.lat, person.lon), centre)
    area = "unknown"
    if places:
        area = "elsewhere"
        if person.township_code and any(t == person.township_code for t, _c, _lat, _lon in places):
            area = "township"
        elif person.county_code and any(c == person.county_code for _t, c, _lat, _lon in places):
            area = "county"
    km = distance if distance is not None else AREA_KM[area]
    return Candidate(user=user, load=load, area=area, distance_km=distance, score=km + LOAD_KM * load)


def _check_volunteer(person: Person, user: Any, role: str) -> None:
    in_network = Membership.objects.filter(
        user=user,
        active=True,
        org__kind__in=[k for k in Organisation.Kind.values if k != Organisation.Kind.GOVERNMENT],
    ).filter(
        org__in=Organisation.objects.filter(pk=person.hub_id)
        | Organisation.objects.filter(parent_id=person.hub_id)
    )
    if not in_network.exists():
        raise DomainError(_("{role}须是本协作网络的成员。").format(role=role), field=role)
    if user.pk in absent_user_ids():
        raise DomainError(_("该{role}当前不可用(隔离/生病/轮休)。").format(role=role), field=role)


def _switch(person: Person, *, actor: Any, guardian: Any, backup: Any, reason: str, end_reason: str) -> None:
    """Close the current guardianship row and open the next one; compare-and-set on the person."""
    now = timezone.now()
    person_cas(person, guardian=guardian, backup=backup)
    Guardianship.objects.filter(person=person, to_at__isnull=True).update(
        to_at=now, end_reason=end_reason[:300]
    )
    if guardian is not None:
        Guardianship.objects.create(
            person=person,
            guardian=guardian,
            backup=backup,
            from_at=now,
            reason=reason[:300],
            assigned_by=actor,
        )


@transaction.atomic
def guardian_assign(
    *, actor: Any, person: Person, guardian: Any, backup: Any = None, reason: str = ""
) -> Person:
    require(actor, person, Need.MANAGE)
    if person.status not in ACTIVE:
        raise DomainError(_("该对象已不在册,不能安排监护。"))
    if backup is not None and backup.pk == guardian.pk:
        raise DomainError(_("监护志愿者和备岗志愿者不能是同一人。"), field="backup")
    _check_volunteer(person, guardian, _("监护志愿者"))
    if backup is not None:
        _check_volunteer(person, backup, _("备岗志愿者"))
    old = (person.guardian_id, person.backup_id)
    _switch(person, actor=actor, guardian=guardian, backup=backup, reason=reason, end_reason=_("重新安排"))
    record(
        actor=actor,
        kind="guardian_assigned",
        person=person,
        data={"old": list(old), "new": [guardian.pk, backup.pk if backup else None], "reason": reason},
    )
    alert_raise(
        users=[u for u in (guardian, backup) if u is not None],
        key=f"guardian:{person.pk}:{person.version}",
        message=msg(gettext_noop("您被安排为一位重点对象的临时监护/备岗志愿者")),
        link=f"/people/{person.pk}/",
        email=False,
    )
    return person


@dataclass
class HandoverResult:
    moved: dict[int, list[int]] = field(default_factory=dict)  # new guardian id -> person ids
    no_guardian: list[int] = field(default_factory=list)
    backup_cleared: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.moved.values()) + len(self.no_guardian) + len(self.backup_cleared)


@transaction.atomic
def guardian_handover(
    *,
    actor: Any,
    guardian: Any,
    scope: QuerySet[Person],
    reason: str,
    absence: str = "",
    new_guardian: Any = None,
) -> HandoverResult:
    """All people of an unavailable guardian move in one action: to `new_guardian`, else to each
    person's backup. Anyone left without a guardian lands on the "no guardian" list, never silently.

    `scope` is what the actor manages (their org's persons, or the hub's); the plans and their due
    times do not change, so the next check-in is simply the new guardian's.
    """
    if len((reason or "").strip()) < 2:
        raise DomainError(_("请填写交接原因。"), field="reason")
    if absence and absence not in GuardianAbsence.Reason.values:
        raise DomainError(_("未知的不可用原因。"), field="absence")
    if new_guardian is not None and new_guardian.pk == guardian.pk:
        raise DomainError(_("接手的志愿者不能是原监护志愿者。"), field="new_guardian")
    result = HandoverResult()
    persons = list(scope.filter(guardian=guardian, status__in=ACTIVE).select_for_update().order_by("pk"))
    backed = list(scope.filter(backup=guardian, status__in=ACTIVE).select_for_update().order_by("pk"))
    if new_guardian is not None and (persons or backed):
        _check_volunteer(persons[0] if persons else backed[0], new_guardian, _("接手志愿者"))
    if not persons and not backed and not _may_mark_absent(actor, guardian):
        # Absences are global (every network's suggestions skip them): a coordinator may not mark
        # another org's or network's volunteer unavailable by typing their id.
        raise DomainError(_("未知的志愿者。"), field="guardian")
    if absence:
        GuardianAbsence.objects.create(user=guardian, reason=absence, note=reason[:300])
    events = []
    for person in persons:
        target = new_guardian or person.backup
        backup = person.backup if new_guardian is not None and person.backup_id != new_guardian.pk else None
        _switch(person, actor=actor, guardian=target, backup=backup, reason=reason, end_reason=reason)
        if target is None:
            result.no_guardian.append(person.pk)
        else:
            result.moved.setdefault(target.pk, []).append(person.pk)
        events.append((person, {"from": guardian.pk, "to": target.pk if target else None, "reason": reason}))
    for person in backed:
        replacement = (
            new_guardian if new_guardian is not None and new_guardian.pk != person.guardian_id else None
        )
        _switch(
            person,
            actor=actor,
            guardian=person.guardian,
            backup=replacement,
            reason=reason,
            end_reason=reason,
        )
        result.backup_cleared.append(person.pk)
        events.append(
            (
                person,
                {"backup_from": guardian.pk, "backup_to": getattr(replacement, "pk", None), "reason": reason},
            )
        )
    now = timezone.now()
    Event.objects.bulk_create(
        [
            Event(
                actor=actor,
                kind="guardian_handover",
                subject_type="person",
                subject_id=p.pk,
                incident_id=p.incident_id,
                org_id=p.org_id,
                data=d,
                created=now,
            )
            for p, d in events
        ]
    )
    _notify(guardian, result, reason, now)
    return result


def _may_mark_absent(actor: Any, guardian: Any) -> bool:
    """The volunteer belongs to an org the actor coordinates (any org of the network for a hub)."""
    if actor is None:
        return True
    orgs = Q(pk__in=[])
    for seat in coordinator_seats(actor):
        orgs |= (
            Q(org_id=seat.hub_id) | Q(org__parent_id=seat.hub_id) if seat.is_hub else Q(org_id=seat.org_id)
        )
    return Membership.objects.filter(orgs, user=guardian, active=True).exists()


def _notify(guardian: Any, result: HandoverResult, reason: str, now: Any) -> None:
    stamp = now.strftime("%Y%m%d%H%M%S")
    if result.total:
        alert_raise(
            users=[guardian],
            key=f"handover-out:{guardian.pk}:{stamp}",
            message=msg(
                gettext_noop("您的 {n} 位重点对象已交接({reason})"), n=result.total, reason=reason[:60]
            ),
            link="/people/today/",
        )
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=result.moved)}
    for uid, person_ids in result.moved.items():
        alert_raise(
            users=[users[uid]],
            key=f"handover-in:{guardian.pk}:{stamp}",
            message=msg(gettext_noop("您接手了 {n} 位重点对象的临时监护,请查看今日探访"), n=len(person_ids)),
            link="/people/today/",
        )


def guardian_loads(user_ids: list[int]) -> dict[int, int]:
    rows = (
        Person.objects.filter(guardian_id__in=user_ids, status__in=ACTIVE)
        .values("guardian_id")
        .annotate(n=Count("pk"))
    )
    return {r["guardian_id"]: r["n"] for r in rows}
