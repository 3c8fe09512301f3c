"""Which links the top navigation shows: only pages the user's seats let them open.

A link that answers 403/404 or bounces back with "only coordinators may…" is worse than no link:
a government viewer clicking 重点人群 or a volunteer clicking 登记求助 on a phone learns nothing.
The rules mirror the views' own checks (cases, people, volunteers); the views still decide.
"""

from typing import Any

from django import template
from django.apps import apps
from django.db.models import Q

from orgs.access import seats_for
from orgs.models import Membership

Role = Membership.Role
register = template.Library()


@register.simple_tag
def nav_links(user: Any) -> dict[str, bool]:
    if not user.is_authenticated:
        return {}
    roles = {s.role for s in seats_for(user)}
    staff = bool(roles & {Role.COORDINATOR, Role.OPERATOR})
    coordinator = Role.COORDINATOR in roles
    volunteer = Role.VOLUNTEER in roles
    # Models looked up by name: cases must not import people or volunteers (they build on cases).
    person = apps.get_model("people", "Person")
    profile = apps.get_model("volunteers", "VolunteerProfile")
    guards = (
        volunteer
        and not coordinator
        and person.objects.filter(Q(guardian=user) | Q(backup=user)).exists()
    )
    return {
        "queue": staff or volunteer,
        "intake": staff,
        "org_board": staff,
        "followups": staff,
        "offers": staff,
        "supplies": bool(roles),
        "my_tasks": staff or volunteer,
        "people": coordinator or guards,
        "coverage": Role.VIEWER in roles or coordinator,
        "registry_manage": coordinator,
        "today": coordinator or volunteer,
        "volunteers": staff,
        "my_shifts": volunteer and profile.objects.filter(user=user).exists(),
    }
