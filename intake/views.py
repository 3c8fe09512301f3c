from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import forms as cases_forms
from cases.views.intake import division_options
from cases.views.queue import current_incident
from core.errors import DomainError
from heli.lib.phones import normalise_phone
from heli.lib.text import normalise_address
from intake.forms import PasteForm, UploadForm
from intake.models import ImportedMessage, MessageImport
from intake.parser import parse_message
from intake.services import (
    import_counts,
    message_import_create,
    message_import_step,
    offer_from_paste,
    parsed_division,
)
from intake.similar import possible_duplicates
from orgs.access import seat_in_network, seats_for
from orgs.models import Organisation


def _staff_seat(request: HttpRequest) -> tuple[Any, Any]:
    incident, _incidents = current_incident(request)
    seat = seat_in_network(request.user, incident.hub_id) if incident else None
    if seat is None or seat.role not in ("coordinator", "operator"):
        raise Http404
    return incident, seat


def imports_for_user(user: Any) -> Any:
    """Hub staff see every import of their network; a member org's staff only their own org's: an
    import's report shows the raw text of skipped rows, which other orgs see only masked."""
    scope = Q(pk__in=[])
    for s in seats_for(user):
        if s.role in ("coordinator", "operator"):
            own = Q() if s.is_hub else Q(org_id=s.org_id)
            scope |= Q(incident__hub_id=s.hub_id) & own
    return MessageImport.objects.filter(scope)


def get_import_for_user(user: Any, pk: int) -> MessageImport:
    batch = imports_for_user(user).select_related("incident").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    incident, seat = _staff_seat(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch, _summary = message_import_create(
                actor=request.user,
                incident=incident,
                org=Organisation.objects.get(pk=seat.org_id),
                filename=upload_file.name,
                data=upload_file.read(),
                channel=form.cleaned_data["channel"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("intake:batch", pk=batch.pk)
    recent = imports_for_user(request.user).filter(incident=incident).order_by("-created_at")[:10]
    return render(
        request,
        "intake/upload.html",
        {"form": form, "incident": incident, "recent": recent},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET"])
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_import_for_user(request.user, pk)
    # Rows read as news/notices are listed too: the parser misreads about one message in ten, and a
    # plea taken for news must reach a human rather than vanish behind a count.
    unregistered = [ImportedMessage.Outcome.SKIPPED, ImportedMessage.Outcome.OTHER]
    problems = item.rows.filter(outcome__in=unregistered).order_by("row")[:500]
    return render(
        request,
        "intake/batch.html",
        {
            "batch": item,
            "counts": import_counts(item),
            "summary": item.summary,
            "problems": problems,
            "duplicates": item.rows.filter(outcome="duplicate").select_related("help_request__incident")[
                :200
            ],
        },
    )


@login_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_import_for_user(request.user, pk)
    counts = message_import_step(actor=request.user, batch=item)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(counts)
    return redirect("intake:batch", pk=pk)


FIELD_NOTES = {"district": "county", "people": "people_count", "phones": "requester_phone"}


@login_required
@require_POST
def paste_offer(request: HttpRequest) -> HttpResponse:
    """The operator confirms a pasted message is help on offer: it goes to the offers list."""
    incident, _seat = _staff_seat(request)
    form = PasteForm(request.POST)
    if form.is_valid():
        try:
            offer_from_paste(actor=request.user, incident=incident, text=form.cleaned_data["text"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记为资源信息。"))
            return redirect("cases:offers")
    for error in form.errors.get("text", []):
        messages.error(request, error)
    return redirect(f"/intake/?incident={incident.pk}")


@login_required
@require_POST
def paste(request: HttpRequest) -> HttpResponse:
    """Fill the hotline form from a pasted message; nothing is saved or marked verified."""
    incident, _seat = _staff_seat(request)
    paste_form = PasteForm(request.POST)
    if not paste_form.is_valid():
        # Stay on the page with the text as pasted: a redirect would throw away what was typed.
        for error in paste_form.errors.get("text", []):
            messages.error(request, error)
        form = cases_forms.RequestForm()
        context = {"form": form, "formset": cases_forms.NeedFormSet(prefix="need"), "incident": incident}
        context |= {"pasted": request.POST.get("text", ""), **division_options(form, incident.area_id or "")}
        return render(request, "cases/intake.html", context, status=400)
    text = paste_form.cleaned_data["text"]
    p = parse_message(text)
    code = parsed_division(p, incident)
    data = {
        "channel": "wechat",
        "requester_name": "",
        "requester_phone": (p["phones"] or [""])[0],
        "people_count": p["people"] or 1,
        "urgency": p["urgency"],
        "groups": p["groups"],
        "raw_text": text,
        "description": text[:500],
        "province": code[:2],
        "city": code[:4] if len(code) >= 4 else "",
        "county": code[:6] if len(code) >= 6 else "",
        "consent_share": False,
    }
    form = cases_forms.RequestForm(initial=data)
    formset = cases_forms.NeedFormSet(prefix="need", initial=[{"category": n} for n in p["needs"]])
    unsure = [FIELD_NOTES[k] for k in FIELD_NOTES if not p.get(k)]
    if len(code) < 6 and "county" not in unsure:
        unsure.append("county")  # a place was named but could not be placed in a county
    if p["urgency"] == 4:
        # No urgency cue at all (or not read as a plea): level 4 is a default, not a reading.
        unsure.append("urgency")
    if not p["needs"]:
        unsure.append("needs")
    if p["kind"] != "request":
        messages.warning(request, _("这条信息看起来不是求助(可能是资源信息或新闻),请确认。"))
    # The page's duplicate box wakes up on typing only, and a paste fills the form without a keystroke.
    duplicates = possible_duplicates(user=request.user, incident=incident, phones=p["phones"], text=text)
    if duplicates:
        codes = "、".join(f"{hr.code}({hr.get_status_display()})" for hr in duplicates[:8])
        warning = _("可能重复:本事件已有相似的未结案求助 {codes},请先查看再登记。")
        messages.warning(request, warning.format(codes=codes))
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "formset": formset,
            "incident": incident,
            "unsure": unsure,
            "pasted": text,
            "other_phones": p["phones"][1:],
            "looks_like_offer": p["kind"] == "offer",
            **division_options(form, chosen=data),
        },
    )


@login_required
@require_GET
def duplicate_check(request: HttpRequest) -> JsonResponse:
    """Inline warning while typing: open requests with the same phone, the same address or the same text."""
    incident, _incidents = current_incident(request)
    seat = seat_in_network(request.user, incident.hub_id) if incident else None
    if seat is None or seat.role not in ("coordinator", "operator"):
        return JsonResponse({"matches": []}, status=403)
    phones = [normalise_phone(request.GET.get(k, "")) or "" for k in ("phone", "beneficiary_phone")]
    county, address = request.GET.get("county", "")[:6], request.GET.get("address", "")
    key = f"{county}:{normalise_address(address)}" if county and address else ""
    text = request.GET.get("text", "")[:5000]
    matches = possible_duplicates(
        user=request.user, incident=incident, phones=phones, address_key=key, text=text
    )
    return JsonResponse(
        {
            "matches": [
                {"code": m.code, "status": m.get_status_display(), "url": f"/requests/{m.code}/"}
                for m in matches[:8]
            ]
        }
    )
