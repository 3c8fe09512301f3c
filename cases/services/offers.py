from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import HelpRequest, Offer
from core.choices import NeedCategory
from core.errors import ConflictError, DomainError
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


OS = Offer.Status
# An offer is taken up (对接) or withdrawn by whoever offered it; either can turn out wrong.
OFFER_MOVES: dict[str, set[str]] = {
    OS.OPEN: {OS.USED, OS.WITHDRAWN},
    OS.USED: {OS.OPEN},
    OS.WITHDRAWN: {OS.OPEN},
}


@transaction.atomic
def offer_set_status(*, actor: Any, offer: Offer, status: str, note: str = "") -> Offer:
    old = offer.status
    if status not in OFFER_MOVES.get(old, set()):
        raise DomainError(
            _("当前状态为「{old}」,不能变为「{new}」。").format(
                old=OS(old).label, new=OS(status).label if status in OS.values else status
            )
        )
    if Offer.objects.filter(pk=offer.pk, status=old).update(status=status) != 1:
        raise ConflictError(_("该资源信息刚被他人更新,请刷新后再试。"))
    offer.status = status
    event_record(actor=actor, kind="offer_status_changed", subject=offer, incident_id=offer.incident_id,
                 # NUL would fail the jsonb insert on PostgreSQL; this note comes straight from a POST.
                 data={"old": old, "new": status, "note": note.replace("\x00", "").strip()[:200]})
    return offer
