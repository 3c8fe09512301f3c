"""Plain test factories: a small synthetic network of sites, one warehouse, stock from donations."""

from datetime import date
from typing import Any

from orgs.models import Incident, Organisation
from supplies.models import Item, Site, SiteNeed, StockLot, Warehouse
from supplies.services import donation_pledge, donation_receive, item_create, site_need_set, warehouse_create
from supplies.services.donations import PledgeInput, ReceiptLine
from supplies.services.sites import SiteInput, site_create


def mask(actor: Any) -> Item:
    return Item.objects.filter(name="医用防护口罩").first() or item_create(
        actor=actor,
        name="医用防护口罩",
        category="protective",
        unit="piece",
        specification="GB 19083-2010",
        aliases=["N95", "N95口罩"],
    )


def warehouse(actor: Any, incident: Incident, org: Organisation, name: str = "一号仓库") -> Warehouse:
    return warehouse_create(actor=actor, incident=incident, org=org, name=name, lat=30.60, lon=114.30)


def stock(
    actor: Any, house: Warehouse, item: Item, qty: int, expires_on: date | None = None, **restrict: Any
) -> StockLot:
    donation = donation_pledge(
        actor=actor,
        incident=house.incident,
        data=PledgeInput(
            donor_name="某基金会", donor_kind="foundation", kind="goods", lines=[(item, qty)], **restrict
        ),
    )
    line = donation.lines.get()
    return donation_receive(
        actor=actor, donation=donation, warehouse=house, lines=[ReceiptLine(line.pk, qty, expires_on)]
    )[0]


def site_with_need(
    actor: Any,
    incident: Incident,
    item: Item,
    qty: int | None,
    *,
    name: str = "某定点医院",
    kind: str = "hospital",
    urgency: int = 2,
    lat: float = 30.61,
    division: str = "420102",
) -> SiteNeed:
    site = Site.objects.filter(incident=incident, name=name).first() or site_create(
        actor=actor,
        incident=incident,
        data=SiteInput(name=name, kind=kind, division_code=division, lat=lat, lon=114.31),
    )
    return site_need_set(actor=actor, site=site, item=item, quantity=qty, urgency=urgency)


def mask_needs() -> dict[str, Any]:
    """``new_request`` overrides: a household asking for masks (the default asks for rice)."""
    from cases.services import NeedInput

    return {"needs": [NeedInput(category="supplies", item="医用防护口罩", qty_requested=10, unit="只")]}
