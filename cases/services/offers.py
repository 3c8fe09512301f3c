from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import HelpRequest, Offer
from core.choices import NeedCategory
from core.errors import DomainError
from core.services import event_record
from orgs.models import Incident


@transaction.atomic
def offer_create(
    *,
    actor: Any,
    incident: Incident,
    text: str,
    needs: list[str],
    phones: list[str],
    division_code: str = "",
    channel: str = HelpRequest.Channel.WECHAT,
) -> Offer:
    if not text.strip():
        raise DomainError(_("资源信息不能为空。"), field="text")
    offer = Offer.objects.create(
        incident=incident,
        channel=channel,
        text=text[:5000],
        needs=[n for n in needs if n in NeedCategory.values],
        phones=phones[:10],
        province_code=division_code[:2],
        city_code=division_code[:4],
        county_code=division_code[:6] if len(division_code) >= 6 else "",
        created_by=actor if actor and actor.is_authenticated else None,
    )
    event_record(actor=actor, kind="offer_created", subject=offer, incident_id=incident.pk)
    return offer
