"""Shipments (配送): planned → dispatched → delivered / partly delivered / failed."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ConflictError, DomainError
from core.services import event_record
from supplies.models import Shipment, SiteNeed, StockMove
from supplies.services.direct import direct_lines_settled
from supplies.services.households import household_lines_delivered
from supplies.services.stock import lot_move

S = Shipment.Status
ALLOWED: dict[str, set[str]] = {
    S.PLANNED: {S.DISPATCHED, S.FAILED},
    S.DISPATCHED: {S.DELIVERED, S.PARTLY, S.FAILED},
    S.DELIVERED: set(),
    S.PARTLY: set(),
    S.FAILED: set(),
}


def _move(shipment: Shipment, to: str, actor: Any, data: dict[str, Any], **fields: Any) -> None:
    old = shipment.status
    if old in (S.DELIVERED, S.PARTLY) and to in (S.DELIVERED, S.PARTLY, S.FAILED):
        raise ConflictError(_("该配送已签收,不能重复签收。"))
    if to not in ALLOWED[old]:
        raise DomainError(
            _("当前状态为「{old}」,不能变为「{new}」。").format(old=S(old).label, new=S(to).label)
        )
    rows = Shipment.objects.filter(pk=shipment.pk, status=old).update(status=to, **fields)
    if rows != 1:
        raise ConflictError(_("该配送刚被他人更新(可能已签收),请刷新。"))
    for k, v in fields.items():
        setattr(shipment, k, v)
    shipment.status = to
    event_record(
        actor=actor,
        kind=f"shipment_{to}",
        subject=shipment,
        incident_id=shipment.incident_id,
        data={"old": old, "new": to, **data},
    )


@transaction.atomic
def shipment_dispatch(
    *, actor: Any, shipment: Shipment, vehicle: str, driver: str, pass_number: str = ""
) -> Shipment:
    if not vehicle.strip() or not driver.strip():
        raise DomainError(_("请填写车牌和司机。"), field="vehicle")
    _move(
        shipment,
        S.DISPATCHED,
        actor,
        {"vehicle": vehicle},
        vehicle=vehicle.strip()[:20],
        driver=driver.strip()[:40],
        pass_number=pass_number.strip()[:40],
        dispatched_at=timezone.now(),
    )
    return shipment


@transaction.atomic
def shipment_deliver(
    *,
    actor: Any,
    shipment: Shipment,
    receiver_name: str,
    quantities: dict[int, int] | None = None,
    photo: UploadedFile | None = None,
    note: str = "",
) -> Shipment:
    """Proof of delivery (签收). ``quantities``: line id → units received (absent = all). Site needs
    are reduced or closed, household need lines updated, what did not arrive goes back into stock
    (or, for a direct shipment, back to the donor's pledge)."""
    if not receiver_name.strip():
        raise DomainError(_("请填写签收人。"), field="receiver_name")
    lines = list(shipment.lines.select_related("lot", "need", "household_need"))
    quantities = quantities or {}
    if set(quantities) - {ln.pk for ln in lines}:
        raise DomainError(_("签收明细不属于该配送。"), field="lines")
    got = {ln.pk: quantities.get(ln.pk, ln.quantity) for ln in lines}
    if any(q < 0 for q in got.values()) or any(got[ln.pk] > ln.quantity for ln in lines):
        raise DomainError(_("签收数量须在 0 与发出数量之间。"), field="lines")
    total, sent = sum(got.values()), sum(ln.quantity for ln in lines)
    to = S.FAILED if total == 0 else S.DELIVERED if total == sent else S.PARTLY
    fields: dict[str, Any] = {
        "receiver_name": receiver_name.strip()[:60],
        "delivered_at": timezone.now(),
        "note": note[:300],
    }
    _move(
        shipment,
        to,
        actor,
        {"received": {str(k): v for k, v in got.items()}, "receiver": receiver_name},
        **fields,
    )
    if photo is not None:
        shipment.photo.save(photo.name, photo, save=False)
        Shipment.objects.filter(pk=shipment.pk).update(photo=shipment.photo.name)
    for ln in lines:
        q = got[ln.pk]
        type(ln).objects.filter(pk=ln.pk).update(qty_delivered=q)
        if ln.need_id and q:
            _need_delivered(ln.need, q)  # type: ignore[arg-type]
        if q < ln.quantity and ln.lot_id:
            lot_move(
                lot=ln.lot,
                delta=ln.quantity - q,
                kind=StockMove.Kind.RETURN,
                actor=actor,
                reason=_("未签收部分退回"),
                shipment=shipment,
            )
    direct_lines_settled(shipment, got)
    household_lines_delivered(
        actor=actor,
        shipment=shipment,
        got={ln.household_need_id: got[ln.pk] for ln in lines if ln.household_need_id},
    )
    return shipment


def _need_delivered(need: SiteNeed, qty: int) -> None:
    # Both steps are decided by the database, not by a value read first: two deliveries to one need
    # racing between a read and the increment each saw the other's units missing, and the need
    # stayed open with nothing left to deliver.
    SiteNeed.objects.filter(pk=need.pk).update(qty_delivered=F("qty_delivered") + qty)
    SiteNeed.objects.filter(
        pk=need.pk, status=SiteNeed.Status.OPEN, quantity__isnull=False, quantity__lte=F("qty_delivered")
    ).update(status=SiteNeed.Status.MET)


@transaction.atomic
def shipment_fail(*, actor: Any, shipment: Shipment, reason: str) -> Shipment:
    """The goods did not get through (road closed, refused): everything goes back into stock."""
    if not reason.strip():
        raise DomainError(_("请填写失败原因。"), field="reason")
    _move(shipment, S.FAILED, actor, {"reason": reason}, note=reason[:300])
    direct_lines_settled(shipment, {})
    for ln in shipment.lines.filter(lot__isnull=False).select_related("lot"):
        lot_move(
            lot=ln.lot,
            delta=ln.quantity,
            kind=StockMove.Kind.RETURN,
            actor=actor,
            reason=reason,
            shipment=shipment,
        )
    return shipment
