"""Shared by the volunteer services: input checks that every write path applies the same way."""

from typing import Any

from django.utils.translation import gettext as _

from core.errors import DomainError
from volunteers.models import Skill, Vehicle, VolunteerProfile

KNOWN_SKILLS = set(Skill.values)
# What a volunteer's skills yield besides the skill itself (VolunteerSkill.tokens): any language
# code for a translator, one of the known vehicle types for a driver.
VEHICLES = {f"vehicle:{v}" for v in Vehicle.values}


def _known(token: str) -> bool:
    head, _sep, rest = token.partition(":")
    if head == "vehicle":
        return token in VEHICLES
    if head == "translator":
        return not _sep or bool(rest)  # "translator" is any language; "translator:" names none
    return head in KNOWN_SKILLS and not _sep


def check_skills(tokens: list[str]) -> list[str]:
    """Task requirements: a skill code, or translator:<language> / vehicle:<type>."""
    unknown = [t for t in tokens if not _known(t)]
    if unknown:
        raise DomainError(_("未知的技能:{skills}").format(skills="、".join(unknown)), field="skills")
    return sorted(set(tokens))


def require_fit(profile: VolunteerProfile) -> None:
    if profile.status != VolunteerProfile.Status.APPROVED:
        raise DomainError(_("{name} 尚未通过审核或已停用。").format(name=profile.name))
    if profile.health != "fit":
        raise DomainError(
            _("{name} 目前{health},不能排班或派单。").format(
                name=profile.name, health=profile.get_health_display()
            )
        )


def same_network(profile: VolunteerProfile, hub_id: int, what: Any = "") -> None:
    if profile.hub_id != hub_id:
        raise DomainError(_("该志愿者不属于本协作网络。"))
