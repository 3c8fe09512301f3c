"""Every state change: POST → access → form → one service call → redirect back to the page.

One table maps each action to the permission it needs, the object it acts on, its form and its
handler, so all of them share one tested path (the permission matrix in tests/test_views_actions.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases.models import Offer
from core.errors import DomainError
from supplies import forms as f
from supplies.access import Need, get_for_user, get_incident_for_user
from supplies.models import AllocationPlan, Donation, Shipment, Site, SiteNeed, StockLot, Warehouse
from supplies.views import handlers as h


@dataclass(frozen=True)
class Spec:
    need: Need
    model: type[Model] | None
    form: type[forms.Form] | None
    run: Callable[..., str]
    page: str


ACTIONS: dict[str, Spec] = {
    "site-add": Spec(Need.EDIT, None, f.SiteForm, h.site_add, "sites"),
    "need-set": Spec(Need.EDIT, Site, f.NeedForm, h.need_set, "sites"),
    "need-confirm": Spec(Need.EDIT, SiteNeed, None, h.need_confirm, "sites"),
    "import": Spec(Need.EDIT, None, f.ImportForm, h.import_needs, "import"),
    "donation-add": Spec(Need.EDIT, None, f.PledgeForm, h.donation_add, "donations"),
    "offer-pledge": Spec(Need.EDIT, Offer, f.PledgeForm, h.offer_pledge, "donations"),
    "donation-receive": Spec(Need.EDIT, Donation, None, h.donation_receive, "donations"),
    "donation-cancel": Spec(Need.EDIT, Donation, f.ReasonForm, h.donation_cancel, "donations"),
    "warehouse-add": Spec(Need.EDIT, None, f.WarehouseForm, h.warehouse_add, "warehouses"),
    "stock-count": Spec(Need.COUNT, Warehouse, None, h.stock_count, "warehouses"),
    "lot-write-off": Spec(Need.COUNT, StockLot, f.WriteOffForm, h.lot_write_off, "warehouses"),
    "purchase-add": Spec(Need.SPEND, Donation, f.PurchaseForm, h.purchase_add, "donations"),
    "direct-ship": Spec(Need.EDIT, Donation, f.DirectShipForm, h.direct_ship, "donations"),
    "plan-new": Spec(Need.EDIT, None, None, h.plan_new, "plans"),
    "plan-edit": Spec(Need.EDIT, AllocationPlan, None, h.plan_edit, "plan"),
    "plan-approve": Spec(Need.APPROVE, AllocationPlan, None, h.plan_approve, "plan"),
    "plan-discard": Spec(Need.APPROVE, AllocationPlan, None, h.plan_discard, "plan"),
    "ship-dispatch": Spec(Need.EDIT, Shipment, f.DispatchForm, h.ship_dispatch, "shipments"),
    "ship-deliver": Spec(Need.DELIVER, Shipment, f.DeliverForm, h.ship_deliver, "shipments"),
    "ship-fail": Spec(Need.EDIT, Shipment, f.ReasonForm, h.ship_fail, "shipments"),
    "household-ship": Spec(Need.EDIT, None, None, h.household_ship, "shipments"),
}


@require_POST
@login_required
def action(request: HttpRequest, incident: int, name: str, pk: int | None = None) -> HttpResponse:
    spec = ACTIONS.get(name)
    if spec is None or (spec.model is None) != (pk is None):
        raise Http404
    inc, seat = get_incident_for_user(request.user, incident, spec.need)
    obj = get_for_user(request.user, spec.model, pk, inc, spec.need) if spec.model and pk else None
    request.seat = seat  # type: ignore[attr-defined]
    back = _page(inc.pk, spec.page, obj)
    # Handlers read some fields straight from POST (stock-count notes and reasons, expiry dates):
    # PostgreSQL rejects a NUL in text, so refuse it here for every action, forms or not.
    if any("\x00" in v for _key, values in request.POST.lists() for v in values):
        messages.error(request, _("输入中含有无效字符(NUL)。"))
        keep_input(request, name)
        return redirect(back)
    form = spec.form(request.POST, request.FILES) if spec.form else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label} {' '.join(errors)}")
        keep_input(request, name)
        return redirect(back)
    data = dict(form.cleaned_data) if form else {}
    if isinstance(form, f.ItemForm):
        data["aliases"] = form.alias_list()
    try:
        done = spec.run(obj, inc, request.user, data, request)
    except ValueError:
        messages.error(request, _("数量须为整数。"))
        keep_input(request, name)
    except DomainError as exc:
        messages.error(request, exc.message)
        keep_input(request, name)
    else:
        messages.success(request, done)
        nxt = request.session.pop("supplies_next", None)
        if nxt:
            return redirect(f"/supplies/{inc.pk}/{nxt}")
    return redirect(back)


# Forms whose typed values are shown again after an error: the pages' single forms, and the
# purchase form (one per money donation, kept for the donation it was typed under: an over-budget
# purchase lost supplier, item, quantity and price otherwise).
KEEP_INPUT = {"site-add", "donation-add", "warehouse-add", "catalogue-add", "purchase-add"}


def keep_input(request: HttpRequest, name: str) -> None:
    """The page redirects back after an error; keep what was typed so it is not lost."""
    if name in KEEP_INPUT:
        data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        pk = request.resolver_match.kwargs.get("pk") if request.resolver_match else None
        request.session["supplies_input"] = {"action": name, "data": data, "pk": pk}


def kept_form(request: HttpRequest, form: type[forms.Form], name: str) -> forms.Form:
    """A new form for ``name``, filled with what was typed if it was just refused (once)."""
    return kept_form_for(request, form, name)[0]


def kept_form_for(
    request: HttpRequest, form: type[forms.Form], name: str
) -> tuple[forms.Form, int | None]:
    """The form and the object it was typed for (``None`` for a page's single form)."""
    kept = request.session.get("supplies_input")
    if not kept or kept.get("action") != name:
        return form(), None
    del request.session["supplies_input"]
    return form(initial=f.initial_from(form, kept["data"])), kept.get("pk")


def _page(incident: int, page: str, obj: Any) -> str:
    if page == "plan" and obj is not None:
        return f"/supplies/{incident}/plans/{obj.pk}/"
    return f"/supplies/{incident}/{page}/"
