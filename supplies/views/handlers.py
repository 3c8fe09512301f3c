"""What each POST action does once access and the form have passed: one service call each."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cases.access import visible_help_requests
from cases.models import NeedLine, Offer
from core.errors import DomainError
from orgs.models import Incident, Organisation
from supplies import forms as f
from supplies import services as svc
from supplies.models import AllocationPlan, Donation, Item, Shipment, Site, SiteNeed, StockLot, Warehouse
from supplies.services.donations import PledgeInput, ReceiptLine
from supplies.services.importer import needs_import
from supplies.services.purchases import PurchaseInput
from supplies.services.sites import SiteInput
from supplies.services.stock import CountInput

MAX_IMPORT_BYTES = 10 * 2**20


def site_add(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    site = svc.site_create(
        actor=user,
        incident=inc,
        data=SiteInput(
            name=d["name"],
            kind=d["kind"],
            division_code=d["division_code"],
            address=d["address"],
            lat=d["lat"],
            lon=d["lon"],
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
            groups=("elderly",) if d["elderly"] else (),
        ),
    )
    return _("已登记需求单位「{name}」。").format(name=site.name)


def need_set(site: Site, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.site_need_set(
        actor=user,
        site=site,
        item=d["item"],
        quantity=d["quantity"],
        urgency=d["urgency"],
        needed_by=d["needed_by"],
        note=d["note"],
    )
    return _("已更新需求。")


def need_confirm(need: SiteNeed, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.site_need_confirm(actor=user, need=need)
    return _("已确认需求仍然有效。")


def import_needs(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    upload = d["file"]
    # read() takes the whole upload into memory: a needs list is kilobytes, so cap it well above
    if upload.size > MAX_IMPORT_BYTES:
        raise DomainError(_("文件过大(上限 {mb} MB)。").format(mb=MAX_IMPORT_BYTES // 2**20), field="file")
    result = needs_import(
        actor=user, incident=inc, data=upload.read(), filename=upload.name, skip_broken=d["skip_broken"]
    )
    req.session["supplies_import_errors"] = result.errors[:200]
    if result.errors and not result.written:
        raise DomainError(_("文件有 {n} 处错误,未导入任何数据。").format(n=len(result.errors)))
    return _("已导入 {n} 条需求(新单位 {sites} 个),跳过 {errors} 处错误。").format(
        n=result.written, sites=result.sites_created, errors=len(result.errors)
    )


def _pledge_input(d: dict[str, Any]) -> PledgeInput:
    lines = [(d["item"], d["quantity"])] if d["item"] is not None and d["quantity"] is not None else []
    return PledgeInput(
        donor_name=d["donor_name"],
        donor_kind=d["donor_kind"],
        kind=d["kind"],
        lines=lines,
        amount_yuan=d["amount_yuan"],
        only_site_kinds=d["only_site_kinds"],
        only_groups=["elderly"] if d["only_elderly"] else [],
        only_division=d["only_division"],
        note=d["note"],
    )


def donation_add(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.donation_pledge(actor=user, incident=inc, data=_pledge_input(d))
    return _("已登记捐赠承诺。")


def offer_pledge(offer: Offer, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.offer_pledge(actor=user, offer=offer, data=_pledge_input(d))
    return _("已将资源信息转为捐赠承诺。")


def donation_receive(
    donation: Donation, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest
) -> str:
    # ids(): a junk id ("abc", "²") is "choose a warehouse", not the action's "quantities must be integers"
    house = Warehouse.objects.filter(pk__in=f.ids([req.POST.get("warehouse", "")]), incident=inc).first()
    if house is None:
        raise DomainError(_("请选择入库仓库。"), field="warehouse")
    # a line left out was received as pledged (less what went straight to a site)
    qty = {ln.pk: ln.unsent for ln in donation.lines.all()} | f.int_fields(req.POST, "qty_")
    try:
        expiry = {k: date.fromisoformat(v) for k, v in _texts(req.POST, "expiry_").items()}
    except ValueError as exc:  # not the "quantities must be numbers" message the action would give
        raise DomainError(_("有效期格式应为 YYYY-MM-DD。"), field="expiry") from exc
    svc.donation_receive(
        actor=user,
        donation=donation,
        warehouse=house,
        lines=[ReceiptLine(pk, q, expiry.get(pk)) for pk, q in qty.items()],
    )
    return _("已入库。")


def donation_cancel(donation: Donation, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.donation_cancel(actor=user, donation=donation, reason=d["reason"])
    return _("已取消捐赠。")


def warehouse_add(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    org = Organisation.objects.get(pk=req.seat.org_id)  # type: ignore[attr-defined]
    svc.warehouse_create(
        actor=user,
        incident=inc,
        org=org,
        name=d["name"],
        lat=d["lat"],
        lon=d["lon"],
        address=d["address"],
        area_m2=d["area_m2"],
    )
    return _("已添加仓库。")


def stock_count(house: Warehouse, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    counted = f.int_fields(req.POST, "counted_")
    reasons = _texts(req.POST, "reason_")
    svc.stock_count_record(
        actor=user,
        warehouse=house,
        note=req.POST.get("note", ""),
        lines=[CountInput(pk, q, reasons.get(pk, "")) for pk, q in counted.items()],
    )
    return _("已记录盘点。")


def plan_new(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    items = list(Item.objects.filter(pk__in=f.ids(req.POST.getlist("items"))))
    plan = svc.plan_propose(actor=user, incident=inc, items=items)
    req.session["supplies_next"] = f"plans/{plan.pk}/"
    return _("已生成调配方案草案。")


def plan_edit(plan: AllocationPlan, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.plan_edit(actor=user, plan=plan, quantities=f.int_fields(req.POST, "line_"))
    return _("已修改方案。")


def plan_approve(plan: AllocationPlan, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    shipments = svc.plan_approve(actor=user, plan=plan)
    return _("方案已批准,生成 {n} 个配送单。").format(n=len(shipments))


def plan_discard(plan: AllocationPlan, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.plan_discard(actor=user, plan=plan)
    return _("方案已作废。")


def ship_dispatch(s: Shipment, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.shipment_dispatch(
        actor=user, shipment=s, vehicle=d["vehicle"], driver=d["driver"], pass_number=d["pass_number"]
    )
    return _("已发车。")


def ship_deliver(s: Shipment, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.shipment_deliver(
        actor=user,
        shipment=s,
        receiver_name=d["receiver_name"],
        photo=d["photo"],
        quantities=f.int_fields(req.POST, "got_"),
        note=d["note"],
    )
    return _("已签收。")


def ship_fail(s: Shipment, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.shipment_fail(actor=user, shipment=s, reason=d["reason"])
    return _("已记录配送失败,物资已退回库存。")


def household_ship(obj: Any, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    hr = visible_help_requests(user).filter(incident=inc, pk=_int(req.POST.get("help_request"))).first()
    lot = (
        StockLot.objects.filter(warehouse__incident=inc, pk=_int(req.POST.get("lot")))
        .select_related("warehouse")
        .first()
    )
    need = (
        NeedLine.objects.filter(help_request=hr, pk=_int(req.POST.get("need_line"))).first() if hr else None
    )
    if hr is None or lot is None or need is None:
        raise DomainError(_("请选择求助、需求明细和库存批次。"))
    svc.household_shipment_create(
        actor=user,
        help_request=hr,
        warehouse=lot.warehouse,
        lines=[(lot, need, _int(req.POST.get("quantity")))],
    )
    return _("已创建送往家庭的配送单。")


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError as exc:
        raise DomainError(_("请输入数字。")) from exc


def _texts(post: Any, prefix: str) -> dict[int, str]:
    return {
        int(k[len(prefix) :]): v
        for k, v in post.items()
        if k.startswith(prefix) and k[len(prefix) :].isdigit() and v
    }


def lot_write_off(lot: StockLot, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    svc.lot_write_off(actor=user, lot=lot, quantity=d["quantity"], reason=d["reason"])
    return _("已报损核销。")


def purchase_add(donation: Donation, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    house = Warehouse.objects.filter(pk=d["warehouse"] or 0, incident=inc).first()
    site = Site.objects.filter(pk=d["site"] or 0, incident=inc).first()
    if (d["warehouse"] and house is None) or (d["site"] and site is None):
        raise DomainError(_("仓库或需求单位不存在。"))
    data = PurchaseInput(
        supplier=d["supplier"],
        item=d["item"],
        quantity=d["quantity"],
        unit_price=d["unit_price"],
        warehouse=house,
        site=site,
        expires_on=d["expires_on"],
        note=d["note"],
    )
    p = svc.purchase_record(actor=user, donation=donation, data=data)
    return _("已记录采购,金额 {total} 元。").format(total=p.total)


def direct_ship(donation: Donation, inc: Incident, user: Any, d: dict[str, Any], req: HttpRequest) -> str:
    site = Site.objects.filter(pk=d["site"], incident=inc).first()
    if site is None:
        raise DomainError(_("请选择需求单位。"), field="site")
    # a line left out goes in full (what is not yet sent or received)
    qty = {ln.pk: ln.unsent for ln in donation.lines.all() if ln.unsent} | f.int_fields(req.POST, "qty_")
    svc.direct_shipment_create(actor=user, donation=donation, site=site, quantities=qty, carrier=d["carrier"])
    return _("已创建直送配送单。")
