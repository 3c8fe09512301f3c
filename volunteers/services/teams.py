"""Teams (小组) with a lead, and the subsidies paid to volunteers.

A team belongs to one org and carries one duty line; a volunteer may be in several teams. A member
org's team takes that org's volunteers; the hub's teams may take anyone in the network (cross-org
rapid-response teams are how hubs worked in Wuhan and Xi'an).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from orgs.models import Organisation
from volunteers.models import Duty, Subsidy, Team, VolunteerProfile
from volunteers.services._base import same_network

# One payment above this is a typo (an extra zero), not a meal or a bus fare.
MAX_SUBSIDY = Decimal(5000)


def _check_member(team: Team, profile: VolunteerProfile) -> None:
    same_network(profile, team.hub_id)
    if team.org_id != team.hub_id and profile.org_id != team.org_id:
        raise DomainError(_("{name} 不属于本机构,不能加入该小组。").format(name=profile.name))
    if profile.status != VolunteerProfile.Status.APPROVED:
        raise DomainError(_("{name} 尚未通过审核或已停用。").format(name=profile.name))


@transaction.atomic
def team_create(
    *, actor: Any, org: Organisation, name: str, duty: str = Duty.OTHER, lead: VolunteerProfile | None = None
) -> Team:
    name = name.strip()
    if not name:
        raise DomainError(_("请填写小组名称。"), field="name")
    if duty not in Duty.values:
        raise DomainError(_("未知的职责。"), field="duty")
    team = Team(hub_id=org.hub_id, org=org, name=name, duty=duty)
    if lead is not None:
        _check_member(team, lead)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise ConflictError(_("本机构已有名为「{name}」的小组。").format(name=name), field="name") from None
    if lead is not None:
        team.members.add(lead)
        Team.objects.filter(pk=team.pk).update(lead=lead)
        team.lead = lead
    event_record(actor=actor, kind="team_created", subject=team, org_id=org.pk,
                 data={"name": name, "duty": duty, "lead": lead.name if lead else None})
    return team


@transaction.atomic
def team_add_member(*, actor: Any, team: Team, profile: VolunteerProfile) -> Team:
    _check_member(team, profile)
    if team.members.filter(pk=profile.pk).exists():
        raise ConflictError(_("{name} 已在该小组。").format(name=profile.name))
    team.members.add(profile)
    event_record(actor=actor, kind="team_member_added", subject=team, org_id=team.org_id,
                 data={"volunteer": profile.name})
    return team


@transaction.atomic
def team_remove_member(*, actor: Any, team: Team, profile: VolunteerProfile) -> Team:
    if not team.members.filter(pk=profile.pk).exists():
        raise ConflictError(_("{name} 不在该小组。").format(name=profile.name))
    team.members.remove(profile)
    was_lead = Team.objects.filter(pk=team.pk, lead=profile).update(lead=None) == 1
    if was_lead:
        team.lead = None
    event_record(actor=actor, kind="team_member_removed", subject=team, org_id=team.org_id,
                 data={"volunteer": profile.name, "was_lead": was_lead})
    return team


@transaction.atomic
def team_set_lead(*, actor: Any, team: Team, profile: VolunteerProfile) -> Team:
    """The lead is a member: naming someone outside the team adds them first."""
    _check_member(team, profile)
    # By id, not `team.lead`: the caller may hand in the lead its page showed, since deleted.
    before = VolunteerProfile.objects.filter(pk=team.lead_id).values_list("name", flat=True).first()
    # Compare-and-set on the lead the coordinator saw, so two leads named at once do not both "win".
    if Team.objects.filter(pk=team.pk, lead_id=team.lead_id).update(lead=profile) != 1:
        raise ConflictError(_("组长刚被他人更改,请刷新后再试。"))
    team.members.add(profile)
    team.lead = profile
    event_record(actor=actor, kind="team_lead_set", subject=team, org_id=team.org_id,
                 data={"lead": profile.name, "before": before})
    return team


@transaction.atomic
def subsidy_record(
    *, actor: Any, profile: VolunteerProfile, kind: str, amount: Decimal, paid_on: date
) -> Subsidy:
    """A transport, phone or meal subsidy paid to a volunteer (what funders and the volunteer see)."""
    if kind not in Subsidy.Kind.values:
        raise DomainError(_("未知的补贴类别。"), field="kind")
    if not Decimal(0) < amount <= MAX_SUBSIDY:
        raise DomainError(_("金额应大于 0 且不超过 {max} 元。").format(max=MAX_SUBSIDY), field="amount")
    if paid_on > timezone.localdate():
        raise DomainError(_("发放日期不能晚于今天。"), field="paid_on")
    subsidy = Subsidy.objects.create(profile=profile, kind=kind, amount=amount, paid_on=paid_on)
    event_record(actor=actor, kind="subsidy_recorded", subject=profile, org_id=profile.org_id,
                 data={"kind": kind, "amount": str(amount), "paid_on": paid_on.isoformat()})
    return subsidy
