"""Sites that need supplies and their need lines."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from orgs.models import Incident
from supplies.models import MAX_QTY, Item, Site, SiteNeed


@dataclass
class SiteInput:
    name: str
    kind: str
    division_code: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    contact_name: str = ""
    contact_phone: str = ""
    groups: tuple[str, ...] = ()
    source: str = ""


def check_site(data: SiteInput) -> None:
    if not data.name.strip():
        raise DomainError(_("请填写单位名称。"), field="name")
    if data.kind not in Site.Kind.values:
        raise DomainError(_("未知的单位类型。"), field="kind")
    if (data.lat is None) != (data.lon is None):
        raise DomainError(_("经纬度须同时填写。"), field="lat")
    if data.lat is not None and not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):  # type: ignore[operator]
        raise DomainError(_("经纬度超出范围。"), field="lat")


@transaction.atomic
def site_create(*, actor: Any, incident: Incident, data: SiteInput) -> Site:
    check_site(data)
    try:
        with transaction.atomic():
            site = Site.objects.create(
                incident=incident,
                name=data.name.strip(),
                kind=data.kind,
                division_code=data.division_code,
                address=data.address,
                lat=data.lat,
                lon=data.lon,
                contact_name=data.contact_name,
                contact_phone=data.contact_phone,
                groups=list(data.groups),
                source=data.source,
            )
    except IntegrityError as exc:
        raise DomainError(_("「{name}」已登记。").format(name=data.name), field="name") from exc
    event_record(actor=actor, kind="site_created", subject=site, incident_id=incident.pk)
    return site


def check_need(quantity: int | None, urgency: int) -> None:
    if quantity is not None and quantity < 0:
        raise DomainError(_("需求数量不能为负数。"), field="quantity")
    if quantity is not None and quantity > MAX_QTY:
        raise DomainError(_("数量不能超过 {n}。").format(n=MAX_QTY), field="quantity")
    if urgency not in (1, 2, 3, 4):
        raise DomainError(_("紧急程度须为 1–4。"), field="urgency")


@transaction.atomic
def site_need_set(
    *,
    actor: Any,
    site: Site,
    item: Item,
    quantity: int | None,
    urgency: int,
    needed_by: date | None = None,
    note: str = "",
) -> SiteNeed:
    """Add a need line, or update the site's open line for the same item (one open line per item)."""
    check_need(quantity, urgency)
    now = timezone.now()
    need = (
        SiteNeed.objects.select_for_update().filter(site=site, item=item, status=SiteNeed.Status.OPEN).first()
    )
    fields: dict[str, Any] = {
        "quantity": quantity,
        "urgency": urgency,
        "needed_by": needed_by,
        "note": note[:300],
        "last_confirmed_at": now,
    }
    # lowered to what has arrived (0 = no longer needed): met, as a delivery would have closed it
    if quantity is not None and quantity <= (need.qty_delivered if need else 0):
        fields["status"] = SiteNeed.Status.MET
    if need is None:
        need = SiteNeed.objects.create(site=site, item=item, created_by=actor if actor else None, **fields)
        kind, old = "site_need_added", None
    else:
        old = {"quantity": need.quantity, "urgency": need.urgency}
        for k, v in fields.items():
            setattr(need, k, v)
        need.save(update_fields=list(fields))
        kind = "site_need_updated"
    event_record(
        actor=actor,
        kind=kind,
        subject=need,
        incident_id=site.incident_id,
        data={"old": old, "new": {"item": item.name, "quantity": quantity, "urgency": urgency}},
    )
    return need


@transaction.atomic
def site_need_confirm(*, actor: Any, need: SiteNeed) -> SiteNeed:
    """Someone called the site: the need still stands as recorded (clears the stale flag)."""
    if need.status != SiteNeed.Status.OPEN:
        raise DomainError(_("该需求已关闭。"))
    need.last_confirmed_at = timezone.now()
    need.save(update_fields=["last_confirmed_at"])
    event_record(actor=actor, kind="site_need_confirmed", subject=need, incident_id=need.site.incident_id)
    return need
