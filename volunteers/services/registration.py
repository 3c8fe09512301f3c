"""Volunteer registration (self or by a coordinator), approval, and health changes."""

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from orgs.models import Membership, Organisation
from volunteers.models import (
    Availability,
    Health,
    ShiftAssignment,
    Skill,
    Tier,
    Vehicle,
    VolunteerProfile,
    VolunteerSkill,
)

PHONE = re.compile(r"^1\d{10}$")
S = VolunteerProfile.Status


@dataclass
class SkillInput:
    skill: str
    level: int = 2
    vehicle: str = ""
    languages: list[str] = field(default_factory=list)


@dataclass
class ProfileInput:
    name: str
    phone: str
    tier: str = Tier.OFFLINE
    division_code: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int = 3
    skills: list[SkillInput] = field(default_factory=list)
    availability: list[tuple[int, time, time]] = field(default_factory=list)  # (weekday, start, end)
    insurance_policy: str = ""
    insurance_valid_to: date | None = None


def profile_clean(data: ProfileInput) -> list[str]:
    """Every problem with the input, in the user's words (empty = fine)."""
    errors = []
    if not data.name.strip():
        errors.append(_("请填写姓名"))
    if not PHONE.match(data.phone.strip()):
        errors.append(_("手机号格式不对:{phone}").format(phone=data.phone))
    if data.tier not in Tier.values:
        errors.append(_("未知的志愿者类型:{tier}").format(tier=data.tier))
    for s in data.skills:
        if s.skill not in Skill.values:
            errors.append(_("未知的技能:{skills}").format(skills=s.skill))
        if s.level not in (1, 2, 3):
            errors.append(_("技能水平应为 1–3:{skill}").format(skill=s.skill))
        if s.vehicle and s.vehicle not in Vehicle.values:
            errors.append(_("未知的车辆类型:{vehicle}").format(vehicle=s.vehicle))
    for weekday, start, end in data.availability:
        if weekday not in range(7):
            errors.append(_("星期应为周一至周日"))
        if end <= start:
            errors.append(
                _("可服务时间 {start}–{end} 结束早于开始").format(start=f"{start:%H:%M}", end=f"{end:%H:%M}")
            )
    # Both or neither: a latitude alone would be matched as if the volunteer lived at longitude 0.
    if (data.lat is None) != (data.lon is None) or (
        data.lat is not None and not (-90 <= data.lat <= 90 and -180 <= (data.lon or 0) <= 180)
    ):
        errors.append(_("经纬度不正确"))
    return errors


def _create(
    data: ProfileInput, org: Organisation, status: str, actor: Any, password: str | None, user: Any = None
) -> VolunteerProfile:
    phone = data.phone.strip()
    if user is not None:
        if VolunteerProfile.objects.filter(user=user).exists():
            raise ConflictError(_("该账号已有志愿者档案。"))
    else:
        user = _new_user(phone, data.name.strip(), password)
    profile = VolunteerProfile.objects.create(
        user=user,
        hub_id=org.hub_id,
        org=org,
        name=data.name.strip(),
        phone=phone,
        tier=data.tier,
        division_code=data.division_code,
        lat=data.lat,
        lon=data.lon,
        capacity=max(1, data.capacity),
        insurance_policy=data.insurance_policy,
        insurance_valid_to=data.insurance_valid_to,
        status=status,
        approved_by=actor if status == S.APPROVED else None,
    )
    VolunteerSkill.objects.bulk_create(
        VolunteerSkill(
            profile=profile, skill=s.skill, level=s.level, vehicle=s.vehicle, languages=s.languages
        )
        for s in data.skills
    )
    Availability.objects.bulk_create(
        Availability(profile=profile, weekday=w, start=a, end=b) for w, a, b in data.availability
    )
    if status == S.APPROVED:
        Membership.objects.get_or_create(user=user, org=org, defaults={"role": Membership.Role.VOLUNTEER})
    return profile


def _new_user(phone: str, name: str, password: str | None) -> Any:
    User = get_user_model()
    if User.objects.filter(username=phone).exists():
        raise ConflictError(_("手机号 {phone} 已注册。").format(phone=phone), field="phone")
    try:
        with transaction.atomic():
            return User.objects.create_user(username=phone, password=password, first_name=name)
    except IntegrityError:
        raise ConflictError(_("手机号 {phone} 已注册。").format(phone=phone), field="phone") from None


@transaction.atomic
def volunteer_register(
    *, actor: Any, org: Organisation, data: ProfileInput, password: str | None = None, user: Any = None
) -> VolunteerProfile:
    """Self-registration (actor None: waits for approval) or a coordinator's entry (approved at once).

    `user`: an existing login (a staff member who also volunteers) gets the profile instead of a new
    login named after the phone.
    """
    errors = profile_clean(data)
    if errors:
        raise DomainError(";".join(errors))
    by_staff = actor is not None and actor.is_authenticated
    profile = _create(data, org, S.APPROVED if by_staff else S.PENDING, actor, password, user)
    event_record(
        actor=actor,
        kind="volunteer_registered",
        subject=profile,
        org_id=org.pk,
        data={"name": profile.name, "self": not by_staff},
    )
    return profile


@transaction.atomic
def volunteer_decide(
    *, actor: Any, profile: VolunteerProfile, approve: bool, reason: str = ""
) -> VolunteerProfile:
    new = S.APPROVED if approve else S.REJECTED
    if not approve and not reason.strip():
        raise DomainError(_("不通过时请说明原因。"), field="reason")
    rows = VolunteerProfile.objects.filter(pk=profile.pk, status=S.PENDING).update(
        status=new, approved_by=actor if approve else None
    )
    if rows != 1:
        raise ConflictError(_("该报名已被处理。"))
    profile.status = new
    if approve:
        Membership.objects.get_or_create(
            user_id=profile.user_id, org_id=profile.org_id, defaults={"role": Membership.Role.VOLUNTEER}
        )
    event_record(
        actor=actor,
        kind="volunteer_approved" if approve else "volunteer_rejected",
        subject=profile,
        org_id=profile.org_id,
        data={"old": S.PENDING, "new": new, "reason": reason},
    )
    return profile


@transaction.atomic
def volunteer_set_health(
    *, actor: Any, profile: VolunteerProfile, health: str, note: str = ""
) -> VolunteerProfile:
    if health not in Health.values:
        raise DomainError(_("未知的健康状况。"), field="health")
    old = profile.health
    shifts_freed = 0
    VolunteerProfile.objects.filter(pk=profile.pk).update(health=health)
    profile.health = health
    if health != Health.FIT:
        # A sick or quarantined volunteer's pending task offers go back to matching.
        from volunteers.services.assignments import release_open_rows

        release_open_rows(actor=actor, profile=profile, why=str(Health(health).label))
        # ...and their seats on shifts not yet started are freed, so the board shows who is missing.
        shifts_freed = ShiftAssignment.objects.filter(
            profile=profile, status=ShiftAssignment.Status.ASSIGNED, starts_at__gt=timezone.now()
        ).update(status=ShiftAssignment.Status.CANCELLED)
    event_record(
        actor=actor,
        kind="volunteer_health",
        subject=profile,
        org_id=profile.org_id,
        data={
            "old": old,
            "new": health,
            "note": note,
            "at": timezone.now().isoformat(),
            "shifts_freed": shifts_freed,
        },
    )
    return profile
