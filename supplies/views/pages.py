"""The supplies pages (GET): short functions, access first, then one query set each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import visible_help_requests
from cases.models import Offer
from core.errors import DomainError
from orgs.access import incidents_for_user
from supplies import forms as f
from supplies.access import Need, allows, can_edit_catalogue, get_for_user, get_incident_for_user
from supplies.models import AllocationPlan, Donation, Item, Shipment, Site, SiteNeed, StockLot, Warehouse
from supplies.services import item_create
from supplies.services.expiry import not_expired, usable_lots
from supplies.views.actions import keep_input, kept_form, kept_form_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    incidents = list(incidents_for_user(request.user))
    if len(incidents) == 1:
        return redirect("supplies:overview", incident=incidents[0].pk)
    return render(request, "supplies/home.html", {"incidents": incidents})


@login_required
@require_GET
def overview(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident)
    needs = SiteNeed.objects.filter(site__incident=inc, status=SiteNeed.Status.OPEN)
    ctx = {
        "inc": inc,
        "seat": seat,
        "n_sites": Site.objects.filter(incident=inc).count(),
        "n_needs": needs.count(),
        "n_stale": sum(1 for n in needs.only("last_confirmed_at") if n.is_stale()),
        "stock": usable_lots(StockLot.objects.filter(warehouse__incident=inc))
        .values("item__name")
        .annotate(n=Sum("quantity"))
        .order_by("item__name"),
        # shown apart: expired units are never allocated, only written off
        "expired": StockLot.objects.filter(warehouse__incident=inc, quantity__gt=0)
        .exclude(not_expired())
        .values("item__name")
        .annotate(n=Sum("quantity"))
        .order_by("item__name"),
        "shipments": [
            (Shipment.Status(row["status"]).label, row["n"])
            for row in Shipment.objects.filter(incident=inc)
            .values("status")
            .annotate(n=Sum("lines__quantity"))
            .order_by("status")
        ],
    }
    return render(request, "supplies/overview.html", ctx)


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supplies/catalogue.html",
        {
            "items": Item.objects.all(),
            "form": kept_form(request, f.ItemForm, "catalogue-add"),
            "can_edit": can_edit_catalogue(request.user),
        },
    )


@require_POST
@login_required
def catalogue_add(request: HttpRequest) -> HttpResponse:
    if not can_edit_catalogue(request.user):
        raise PermissionDenied
    form = f.ItemForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            item_create(
                actor=request.user,
                name=d["name"],
                category=d["category"],
                unit=d["unit"],
                pack_size=d["pack_size"],
                specification=d["specification"],
                aliases=form.alias_list(),
            )
            messages.success(request, _("已添加品目。"))
        except DomainError as exc:
            messages.error(request, exc.message)
            keep_input(request, "catalogue-add")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        keep_input(request, "catalogue-add")
    return redirect("supplies:catalogue")


@login_required
@require_GET
def sites(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    open_needs = (
        SiteNeed.objects.filter(status=SiteNeed.Status.OPEN).select_related("item").order_by("urgency")
    )
    rows = (
        Site.objects.filter(incident=inc)
        .prefetch_related(Prefetch("needs", queryset=open_needs))
        .order_by("name")
    )
    now = timezone.now()
    return render(
        request,
        "supplies/sites.html",
        {
            "inc": inc,
            "seat": seat,
            "now": now,
            "site_form": kept_form(request, f.SiteForm, "site-add"),
            "need_form": f.NeedForm(),
            "rows": [(s, [(n, n.is_stale(now)) for n in s.needs.all()]) for s in rows[:500]],
        },
    )


@login_required
@require_GET
def import_page(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    errors = request.session.pop("supplies_import_errors", [])
    return render(
        request, "supplies/import.html", {"inc": inc, "seat": seat, "form": f.ImportForm(), "errors": errors}
    )


@login_required
@require_GET
def donations(request: HttpRequest, incident: int) -> HttpResponse:
    from supplies.feedback import totals

    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    rows = (
        Donation.objects.filter(incident=inc)
        .select_related("donor")
        .prefetch_related("lines__item", "purchases__item")
        .order_by("-pk")
    )
    offers = Offer.objects.filter(incident=inc, status=Offer.Status.OPEN).order_by("-created_at")[:50]
    purchase_form, purchase_for = kept_form_for(request, f.PurchaseForm, "purchase-add")
    shown = list(rows[:300])
    for d in shown:  # the refused purchase is shown again under its donation, the others are blank
        d.purchase_form = purchase_form if d.pk == purchase_for else f.PurchaseForm()  # type: ignore[attr-defined]
        d.purchase_kept = d.pk == purchase_for  # type: ignore[attr-defined]
    return render(
        request,
        "supplies/donations.html",
        {
            "inc": inc,
            "seat": seat,
            "donations": shown,
            "offers": offers,
            "form": kept_form(request, f.PledgeForm, "donation-add"),
            "warehouses": Warehouse.objects.filter(incident=inc),
            "sites": Site.objects.filter(incident=inc).order_by("name")[:500],
            "totals": totals(inc),
        },
    )


@login_required
@require_GET
def warehouses(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    lots = StockLot.objects.select_related("item", "donation__donor").order_by("item__name", "expires_on")
    houses = Warehouse.objects.filter(incident=inc).prefetch_related(Prefetch("lots", queryset=lots))
    return render(
        request,
        "supplies/warehouses.html",
        {
            "inc": inc,
            "seat": seat,
            "houses": houses,
            "form": kept_form(request, f.WarehouseForm, "warehouse-add"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def plans(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    rows = AllocationPlan.objects.filter(incident=inc).prefetch_related("items").order_by("-pk")[:100]
    item_ids = StockLot.objects.filter(warehouse__incident=inc, quantity__gt=0).values("item_id")
    return render(
        request,
        "supplies/plans.html",
        {"inc": inc, "seat": seat, "plans": rows, "items": Item.objects.filter(pk__in=item_ids)},
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, incident: int, pk: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    plan = get_for_user(request.user, AllocationPlan, pk, inc)
    lines = plan.lines.select_related("lot__warehouse", "lot__item", "lot__donation", "need__site").order_by(
        "need__urgency", "need__site__name"
    )
    m = plan.metrics
    keys = [
        ("served_fraction", _("满足率")),
        ("weighted_unmet", _("加权未满足量")),
        ("gini", _("满足率基尼系数")),
        ("km_per_unit", _("每单位公里数")),
    ]
    side = [(label, m.get("fair", {}).get(k), m.get("fcfs", {}).get(k)) for k, label in keys]
    mins = [
        (
            u,
            m.get("fair", {}).get("min_fill_by_urgency", {}).get(u),
            m.get("fcfs", {}).get("min_fill_by_urgency", {}).get(u),
        )
        for u in ("1", "2", "3", "4")
    ]
    return render(
        request,
        "supplies/plan.html",
        {
            "inc": inc,
            "seat": seat,
            "plan": plan,
            "lines": lines,
            "side": side,
            "mins": mins,
            "skipped": m.get("skipped_needs", 0),
        },
    )


@login_required
@require_GET
def shipments(request: HttpRequest, incident: int) -> HttpResponse:
    inc, seat = get_incident_for_user(request.user, incident, Need.READ)
    qs = Shipment.objects.filter(incident=inc).select_related(
        "site", "warehouse", "donation__donor", "help_request__incident"
    )
    qs = qs.prefetch_related("lines__item").order_by("-pk")[:400]
    columns = {s: [] for s in Shipment.Status.values}
    for s in qs:
        columns[s.status].append(s)
    # only requests the user may see in cases (a member org does not see another org's unshared ones)
    households = (
        visible_help_requests(request.user)
        .filter(incident=inc, status__in=["claimed", "in_progress"])
        .prefetch_related("needs")[:50]
    )
    return render(
        request,
        "supplies/shipments.html",
        {
            "inc": inc,
            "seat": seat,
            "columns": [(Shipment.Status(k).label, k, v) for k, v in columns.items()],
            "households": households if seat.role in ("coordinator", "operator") else [],
            "can_edit": allows(seat, Need.EDIT),
            "lots": usable_lots(StockLot.objects.filter(warehouse__incident=inc)).select_related(
                "item", "warehouse"
            ),
        },
    )
