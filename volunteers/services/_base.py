"""Shared by the volunteer services: input checks that every write path applies the same way."""

from typing import Any

from django.utils.translation import gettext as _

from core.errors import DomainError
from volunteers.models import Skill, VolunteerProfile

KNOWN_SKILLS = set(Skill.values)


def check_skills(tokens: list[str]) -> list[str]:
    """Task requirements: a skill code, or translator:<language> / vehicle:<type>."""
    unknown = [t for t in tokens if t.split(":", 1)[0] not in KNOWN_SKILLS]
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
