"""Expiry (效期): stock leaves a warehouse first-expiry-first-out (FEFO), expired lots never leave
except as a write-off (报损核销) with a reason.

The engine sees one source per (warehouse, item, donor conditions): lots inside such a group are
interchangeable to it (same place, same restrictions), so splitting its plan over the group's lots in
expiry order afterwards keeps the plan optimal and makes FEFO exact within every group.
"""

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from supplies.models import StockLot, StockMove
from supplies.services.stock import lot_move


def not_expired(today: date | None = None) -> Q:
    """Lots usable today: no expiry date, or expiring today or later."""
    return Q(expires_on__isnull=True) | Q(expires_on__gte=today or timezone.localdate())


def usable_lots(qs: QuerySet[StockLot], today: date | None = None) -> QuerySet[StockLot]:
    return qs.filter(not_expired(today), quantity__gt=0)


def fefo_key(lot: StockLot) -> tuple[date, int]:
    # no expiry date sorts last: it can wait longest
    return (lot.expires_on or date.max, lot.pk)


def fefo_groups(lots: Iterable[StockLot], key: Callable[[StockLot], Hashable]) -> list[list[StockLot]]:
    """Lots grouped by ``key`` (e.g. warehouse, item, donor conditions), each group in FEFO order."""
    groups: dict[Hashable, list[StockLot]] = {}
    for lot in lots:
        groups.setdefault(key(lot), []).append(lot)
    return [sorted(g, key=fefo_key) for g in groups.values()]


def fefo_split(group: list[StockLot], left: dict[int, int], quantity: int) -> list[tuple[StockLot, int]]:
    """Take ``quantity`` from a FEFO-ordered group; ``left`` (lot pk → units) is drawn down in place."""
    out = []
    for lot in group:
        take = min(quantity, left.get(lot.pk, 0))
        if take > 0:
            left[lot.pk] -= take
            quantity -= take
            out.append((lot, take))
        if quantity == 0:
            break
    if quantity:
        raise DomainError(_("库存不足。"))
    return out


@transaction.atomic
def lot_write_off(*, actor: Any, lot: StockLot, reason: str, quantity: int | None = None) -> StockLot:
    """Take expired (or damaged) units out of stock for good; ``None`` = everything left in the lot.
    The draw is the same compare-and-set as any other, so it never takes units a plan took first."""
    if not reason.strip():
        raise DomainError(_("请填写报损原因。"), field="reason")
    lot.refresh_from_db(fields=["quantity"])
    qty = lot.quantity if quantity is None else quantity
    if qty <= 0:
        raise DomainError(_("报损数量须大于 0。"), field="quantity")
    lot_move(lot=lot, delta=-qty, kind=StockMove.Kind.WRITE_OFF, actor=actor, reason=reason)
    lot.quantity -= qty
    house = lot.warehouse
    event_record(
        actor=actor,
        kind="lot_written_off",
        subject=lot,
        incident_id=house.incident_id,
        org_id=house.org_id,
        data={"quantity": qty, "reason": reason, "expired": lot.is_expired()},
    )
    return lot
