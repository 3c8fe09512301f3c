"""Plain test factories: approved volunteers in Xi'an with every-day availability unless told otherwise."""

import zlib
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from heli.test import BaseTestCase, make_user
from orgs.models import Membership, Organisation
from volunteers.models import Availability, Shift, Task, VolunteerProfile, VolunteerSkill, Zone

YANTA = (34.2130, 108.9470)  # 西安市雁塔区
ALL_DAY = [(d, time(0, 0), time(23, 59)) for d in range(7)]


def profile(
    org: Organisation,
    name: str,
    *,
    user: Any = None,
    lat: float = YANTA[0],
    lon: float = YANTA[1],
    skills: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    availability: list[tuple[int, time, time]] | None = None,
    **extra: Any,
) -> VolunteerProfile:
    user = user or make_user(f"v_{name}", org, Membership.Role.VOLUNTEER, first_name=name)
    p = VolunteerProfile.objects.create(
        user=user,
        hub_id=org.hub_id,
        org=org,
        name=name,
        phone=f"139{zlib.crc32(name.encode()) % 10**8:08d}",
        lat=lat,
        lon=lon,
        status="approved",
        **extra,
    )
    for s in skills:
        VolunteerSkill.objects.create(
            profile=p, skill=s, languages=list(languages) if s == "translator" else []
        )
    for w, a, b in ALL_DAY if availability is None else availability:
        Availability.objects.create(profile=p, weekday=w, start=a, end=b)
    return p


def at(hours: float, days: int = 1) -> datetime:
    """Local time `hours` after midnight, `days` from today (tomorrow by default: always in the future)."""
    base = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return base + timedelta(hours=hours)


def shift(org: Organisation, start: float, end: float, days: int = 1, **extra: Any) -> Shift:
    return Shift.objects.create(
        hub_id=org.hub_id,
        org=org,
        name=extra.pop("name", "热线"),
        starts_at=at(start, days),
        ends_at=at(end, days),
        **extra,
    )


def task(
    case: BaseTestCase, org: Organisation, *, start: float = 9, end: float = 12, days: int = 1, **extra: Any
) -> Task:
    """Tomorrow by default, like `shift`: always ahead, and on the same day as a default shift
    whatever time the suite runs (a today-or-tomorrow choice split them after midnight)."""
    extra.setdefault("lat", YANTA[0] + 0.01)
    extra.setdefault("lon", YANTA[1])
    return Task.objects.create(
        hub_id=org.hub_id,
        org=org,
        incident=case.incident,
        kind=extra.pop("kind", "deliver"),
        title=extra.pop("title", "送菜"),
        window_start=at(start, days),
        window_end=at(end, days),
        hours=Decimal(extra.pop("hours", 1)),
        created_by=case.hub_coord,
        **extra,
    )


def zone(org: Organisation, name: str = "丈八街道封控区", status: str = "sealed") -> Zone:
    return Zone.objects.create(hub_id=org.hub_id, name=name, divisions=["610113005"], status=status)
