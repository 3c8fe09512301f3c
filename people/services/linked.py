"""Help requests opened for a registered person (断药预警, a check-in need, a door visit)."""

from typing import Any

from django.utils.translation import gettext as _

from cases.models import HelpRequest
from cases.services import NeedInput, RequestInput, help_request_create
from core.choices import VulnerableGroup
from core.errors import DomainError
from people.models import Medication, Person, PersonRequest, Vulnerability
from people.services._base import incident_for

# Delivered or closed: the need was met (or given up), so the runway may ask again.
DONE = (HelpRequest.Status.DELIVERED, HelpRequest.Status.CLOSED)

_GROUPS = {
    Vulnerability.ELDERLY_80: VulnerableGroup.ELDERLY,
    Vulnerability.LIVING_ALONE: VulnerableGroup.LIVING_ALONE,
    Vulnerability.DISABLED: VulnerableGroup.DISABLED,
    Vulnerability.LEFT_BEHIND_CHILD: VulnerableGroup.CHILD,
    Vulnerability.DE_FACTO_ORPHAN: VulnerableGroup.CHILD,
    Vulnerability.PREGNANT: VulnerableGroup.PREGNANT,
    Vulnerability.CHRONIC_ILLNESS: VulnerableGroup.CHRONIC_ILLNESS,
    Vulnerability.RARE_DISEASE: VulnerableGroup.CHRONIC_ILLNESS,
    Vulnerability.DIALYSIS: VulnerableGroup.CHRONIC_ILLNESS,
}


def request_input(person: Person, *, needs: list[NeedInput], urgency: int, description: str) -> RequestInput:
    return RequestInput(
        channel=HelpRequest.Channel.COMMUNITY_WORKER,
        requester_name=person.name,
        requester_phone=person.phone,
        division_code=person.division_code,
        address_detail=person.address_detail,
        urgency=urgency,
        description=description,
        groups=sorted({str(_GROUPS[v]) for v in person.vulnerabilities if v in _GROUPS}),
        consent_share=person.consent_scope == "network",
        lat=person.lat,
        lon=person.lon,
        needs=needs,
    )


def request_open(
    *,
    actor: Any,
    person: Person,
    needs: list[NeedInput],
    urgency: int,
    description: str,
    reason: str,
    medications: list[Medication] | None = None,
) -> HelpRequest:
    """One request, owned by the person's org, linked back to the person (and medications)."""
    incident = incident_for(person)
    if incident is None:
        raise DomainError(_("本网络没有进行中的事件,无法生成求助。"))
    hr, _unused = help_request_create(
        actor=actor,
        incident=incident,
        org=person.org,
        data=request_input(person, needs=needs, urgency=urgency, description=description),
    )
    links = [
        PersonRequest(person=person, help_request=hr, medication=m, reason=reason) for m in medications or []
    ]
    PersonRequest.objects.bulk_create(links or [PersonRequest(person=person, help_request=hr, reason=reason)])
    return hr


def has_open(person: Person, reason: str) -> bool:
    return (
        PersonRequest.objects.filter(person=person, reason=reason)
        .exclude(help_request__status__in=DONE)
        .exists()
    )
