"""Demo volunteers: profiles for the demo volunteer logins, two lockdown zones with passes, hotline
shifts over a few days, and tasks from claimed requests with one confirmed and one draft match plan."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from cases.models import HelpRequest
from core.errors import DomainError
from heli.demo.network import Network
from volunteers.models import (
    ShiftAssignment,
    Task,
    Tier,
    VolunteerProfile,
    ZoneStatus,
)
from volunteers.services import (
    ProfileInput,
    SkillInput,
    TaskInput,
    match_run,
    pass_issue,
    plan_confirm,
    plan_row_add,
    plan_row_remove,
    shift_assign,
    shift_attendance_record,
    shift_check_in,
    shift_from_template,
    shift_template_create,
    subsidy_record,
    task_accept,
    task_create,
    task_from_help_request,
    team_add_member,
    team_create,
    volunteer_register,
    zone_create,
)

# Rough centres of the districts the member orgs serve (lat, lon); homes are scattered ~2 km around them.
CENTRES = {
    "610113": (34.213, 108.947), "610103": (34.256, 108.934), "610104": (34.265, 108.933),
    "610102": (34.267, 108.960), "610112": (34.293, 108.946), "610116": (34.157, 108.907),
    "610111": (34.273, 109.064),
}
# Cycled over the volunteers so every scarce skill is present more than once.
SKILL_MIX: tuple[tuple[SkillInput, ...], ...] = (
    (SkillInput("driver", vehicle="car"), SkillInput("logistics")),
    (SkillInput("hotline"), SkillInput("translator", languages=["en"])),
    (SkillInput("driver", vehicle="van"),),
    (SkillInput("counsellor", level=3), SkillInput("hotline")),
    (SkillInput("logistics"),),
    (SkillInput("nurse"), SkillInput("hotline")),
    (SkillInput("translator", languages=["sign"]), SkillInput("social_worker")),
    (SkillInput("it"), SkillInput("hotline")),
    (SkillInput("doctor", level=3),),
    (SkillInput("driver", vehicle="e_bike"), SkillInput("translator", languages=["ko", "en"])),
)
TIERS = (Tier.OFFLINE, Tier.OFFLINE, Tier.ONLINE, Tier.OFFLINE, Tier.RESERVE)
DAYTIME = [(d, time(8, 0), time(22, 0)) for d in range(7)]
SHIFTS = (("热线 早班", time(8), time(14), False), ("热线 午班", time(14), time(20), False),
          ("热线 夜班", time(20), time(8), True))
SHIFT_DAYS = range(-3, 3)  # three days back, today, two ahead
ME_SHIFTS = {(-2, 0), (2, 1)}  # (day, template): the demo login's own shifts, none on task day
SEALED, CONTROLLED = "610113010", "610113004"


def build_volunteers(rng: random.Random, net: Network, now: datetime) -> dict[str, int]:
    hub_coord = net.hub_coords[0]
    profiles, skills = _profiles(rng, net, hub_coord)
    _zones(rng, net, profiles, hub_coord, now)
    hotline = [p for p, held in zip(profiles, skills, strict=True) if any(s.skill == "hotline" for s in held)]
    _shifts(net, profiles, hotline, hub_coord, now)
    _teams(net, profiles, now)
    _tasks(rng, net, profiles, now)
    return {"volunteer profiles": len(profiles), "shift rows": ShiftAssignment.objects.count(),
            "tasks": Task.objects.filter(incident=net.incident).count()}


def _profiles(
    rng: random.Random, net: Network, actor: Any
) -> tuple[list[VolunteerProfile], list[tuple[SkillInput, ...]]]:
    """One approved profile per demo volunteer login, registered by the hub coordinator."""
    profiles: list[VolunteerProfile] = []
    skill_sets: list[tuple[SkillInput, ...]] = []
    i = 0
    for org in net.members.values():
        counties = [c for c in org.service_areas.values_list("code", flat=True) if c in CENTRES]
        for user in net.volunteers[org.pk]:
            county = rng.choice(counties or sorted(CENTRES))
            lat, lon = CENTRES[county]
            skills = SKILL_MIX[i % len(SKILL_MIX)]
            if user.username == "volunteer":  # the demo login: delivers and translates, seen on 我的排班/任务
                skills = (SkillInput("driver", vehicle="e_bike"), SkillInput("translator", languages=["en"]),
                          SkillInput("hotline"))
            data = ProfileInput(
                name=user.first_name, phone=f"1390000{i:04d}",
                tier=Tier.OFFLINE if user.username == "volunteer" else TIERS[i % len(TIERS)],
                division_code=county, lat=round(lat + rng.uniform(-0.02, 0.02), 5),
                lon=round(lon + rng.uniform(-0.02, 0.02), 5), capacity=3, skills=list(skills),
                availability=DAYTIME,
            )
            profiles.append(volunteer_register(actor=actor, org=org, data=data, user=user))
            skill_sets.append(skills)
            i += 1
    return profiles, skill_sets


def _teams(net: Network, profiles: list[VolunteerProfile], now: datetime) -> None:
    """Each member org's delivery team with a lead, the hub's cross-org rapid team, and the meal and
    transport subsidies paid to last week's hotline crew."""
    for org in net.members.values():
        own = [p for p in profiles if p.org_id == org.pk]
        if len(own) < 2:
            continue
        team = team_create(actor=net.coords[org.pk], org=org, name="配送小组", duty="deliver", lead=own[0])
        for p in own[1:4]:
            team_add_member(actor=net.coords[org.pk], team=team, profile=p)
    hub_coord = net.hub_coords[0]
    rapid = team_create(actor=hub_coord, org=net.hub, name="机动队(跨机构)", duty="deliver", lead=profiles[0])
    for p in profiles[5::9]:
        team_add_member(actor=hub_coord, team=rapid, profile=p)
    paid = timezone.localdate(now) - timedelta(days=1)
    for p in profiles[:12]:
        subsidy_record(actor=hub_coord, profile=p, kind="meals", amount=Decimal(30), paid_on=paid)
        subsidy_record(actor=hub_coord, profile=p, kind="transport", amount=Decimal(20), paid_on=paid)


def _zones(rng: random.Random, net: Network, profiles: list[VolunteerProfile], actor: Any,
           now: datetime) -> None:
    sealed = zone_create(actor=actor, hub_id=net.hub.pk, name="漳浒寨街道封控区(演示)", divisions=[SEALED],
                         status=ZoneStatus.SEALED)
    zone_create(actor=actor, hub_id=net.hub.pk, name="电子城街道管控区(演示)", divisions=[CONTROLLED],
                status=ZoneStatus.CONTROLLED)
    holders = [p for p in profiles if p.org_id == net.members["yanta"].pk]
    holders += rng.sample([p for p in profiles if p not in holders], 4)
    for n, p in enumerate(holders):
        pass_issue(actor=actor, profile=p, zone=sealed, valid_until=now + timedelta(days=1 + n % 4),
                   number=f"YT-DEMO-{n + 1:03d}")


def _shifts(net: Network, profiles: list[VolunteerProfile], hotline: list[VolunteerProfile], actor: Any,
            now: datetime) -> None:
    templates = [shift_template_create(actor=actor, hub_id=net.hub.pk, name=name, duty="hotline", start=a,
                                       end=b, high_stress=stress, needed=2)
                 for name, a, b, stress in SHIFTS]
    # Hotline people take turns: each works one shift every other day, so no wellbeing rule is broken.
    me = _me(profiles)
    crew = [p for p in hotline if p is not me]
    today = timezone.localdate(now)
    k = 0
    for offset in SHIFT_DAYS:
        for t, template in enumerate(templates):
            shift = shift_from_template(actor=actor, org=net.hub, template=template,
                                        day=today + timedelta(days=offset))
            for seat in range(template.needed):
                if seat == 0 and (offset, t) in ME_SHIFTS:
                    p = me
                else:
                    p = crew[k % len(crew)]
                    k += 1
                try:
                    row = shift_assign(actor=actor, shift=shift, profile=p)
                except DomainError:
                    continue
                _work(row, actor, now)


def _work(row: ShiftAssignment, actor: Any, now: datetime) -> None:
    """Check in whoever is on shift now; a past shift was worked in full, from the paper sheet."""
    if row.starts_at <= now < row.ends_at:
        shift_check_in(actor=actor, row=row)
    elif row.ends_at <= now:
        shift_attendance_record(actor=actor, row=row, check_in_at=row.starts_at, check_out_at=row.ends_at,
                                reason="纸质签到表补录")


def _tasks(rng: random.Random, net: Network, profiles: list[VolunteerProfile], now: datetime) -> None:
    """Tasks for the next hours from claimed requests: the member org's are confirmed, the rest drafted."""
    yanta = net.members["yanta"]
    claimed = list(HelpRequest.objects.filter(incident=net.incident, status__in=("claimed", "in_progress"))
                   .exclude(Q(lat__isnull=True) | Q(lon__isnull=True)).select_related("claimed_by")
                   .order_by("pk"))
    own = [hr for hr in claimed if hr.claimed_by_id == yanta.pk][:5]
    rest = [hr for hr in claimed if hr.claimed_by_id != yanta.pk]
    others = rng.sample(rest, min(8, len(rest)))
    # Tomorrow morning, local time: inside everyone's 08–22 availability whatever hour the demo is loaded.
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(9)))
    for n, hr in enumerate(own + others):
        kind = ("deliver", "verify_visit", "checkin_visit", "deliver", "accompany")[n % 5]
        data = TaskInput(kind=kind, window_start=start + timedelta(hours=n % 3),
                         window_end=start + timedelta(hours=n % 3 + 4), hours=Decimal(2))
        task_from_help_request(actor=net.coords[hr.claimed_by_id], help_request=hr, data=data)
    coord = net.coords[yanta.pk]
    for n in range(len(own), 2):  # a small `--scale` may leave the member org nothing claimed
        lat, lon = CENTRES["610113"]
        data = TaskInput(kind="deliver", window_start=start, window_end=start + timedelta(hours=4),
                         title="社区团购物资送达", hours=Decimal(2), lat=lat + 0.01 * n, lon=lon,
                         address="雁塔区示例小区 3 号楼(演示)")
        task_create(actor=coord, org=yanta, incident=net.incident, data=data)
    plan = match_run(actor=coord, org=yanta, now=now)
    me = _me(profiles)
    if not plan.rows.filter(profile=me).exists():
        _give_one(plan, me, coord)
    plan_confirm(actor=coord, plan=plan)
    row = plan.rows.filter(profile=me).first()
    if row is not None:
        task_accept(actor=me.user, row=row)
    match_run(actor=net.hub_coords[0], org=net.hub, now=now)  # the network's draft, left for review
    # Two requests came in after the draft: open tasks, so 待派单 is not empty either.
    used = {hr.pk for hr in own + others}
    for n, hr in enumerate([hr for hr in rest if hr.pk not in used][:2]):
        data = TaskInput(kind=("checkin_visit", "deliver")[n], window_start=start + timedelta(hours=2),
                         window_end=start + timedelta(hours=8), hours=Decimal(1))
        task_from_help_request(actor=net.coords[hr.claimed_by_id], help_request=hr, data=data)


def _me(profiles: list[VolunteerProfile]) -> VolunteerProfile:
    return next(p for p in profiles if p.user.username == "volunteer")


def _give_one(plan: Any, profile: VolunteerProfile, actor: Any) -> None:
    """Make sure the demo `volunteer` login has a task to accept on their page: an open task if one
    fits, else the coordinator swaps them in for someone the matcher proposed (as on the plan page)."""
    for task in Task.objects.filter(org=plan.org, status=Task.Status.OPEN).order_by("pk"):
        try:
            plan_row_add(actor=actor, plan=plan, task=task, profile=profile)
            return
        except DomainError:
            continue
    for row in plan.rows.filter(status="proposed").select_related("task").order_by("pk"):
        plan_row_remove(actor=actor, row=row)
        try:
            plan_row_add(actor=actor, plan=plan, task=row.task, profile=profile)
            return
        except DomainError:
            continue
