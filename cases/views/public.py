"""The public help form (在线求助) and progress check (查询进度): no login, mobile-first."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import forms as f
from cases.access import parse_code
from cases.models import HelpRequest
from cases.services import InvalidInput, NeedInput, help_request_create
from cases.views.intake import add_errors, division_options, request_input
from core.errors import DomainError
from core.throttle import client_key, throttle_hit
from orgs.models import Incident


@require_http_methods(["GET", "POST"])
def public_intake(request: HttpRequest) -> HttpResponse:
    incidents = list(Incident.objects.filter(status=Incident.Status.ACTIVE).order_by("-started_at"))
    chosen = next((i for i in incidents if i.code_prefix == request.GET.get("incident")), None) or (
        incidents[0] if incidents else None
    )
    form = f.PublicRequestForm(request.POST or None, initial={"channel": "web_form"})
    ctx = {"form": form, "incident": chosen, "incidents": incidents}
    if request.method == "POST" and chosen and form.is_valid():
        if form.cleaned_data["website"]:  # honeypot filled: answer as if accepted, store nothing
            return render(request, "cases/public_done.html", {"code": None})
        if not throttle_hit(client_key(request, "public-intake"), limit=settings.PUBLIC_INTAKE_PER_HOUR):
            form.add_error(None, _("提交过于频繁,请稍后再试,或拨打热线。"))
        else:
            data = request_input(form, [NeedInput(category=form.cleaned_data["need_category"])])
            data.channel = HelpRequest.Channel.WEB_FORM
            try:
                hr, _created = help_request_create(actor=request.user, incident=chosen, data=data)
            except InvalidInput as exc:
                add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(request, "cases/public_done.html", {"code": hr.code})
    area = chosen.area_id if chosen and chosen.area_id else ""
    return render(
        request,
        "cases/public_form.html",
        {**ctx, **division_options(form, area)},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def public_status(request: HttpRequest) -> HttpResponse:
    form = f.StatusForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        if not throttle_hit(client_key(request, "public-status"), limit=30):
            form.add_error(None, _("查询过于频繁,请稍后再试。"))
        else:
            parsed = parse_code(form.cleaned_data["code"])
            hr = (
                HelpRequest.objects.select_related("incident", "claimed_by")
                .filter(pk=parsed[1], incident__code_prefix=parsed[0])
                .first()
                if parsed
                else None
            )
            # The same answer for "no such code" and "wrong digits", so codes cannot be probed.
            if hr and hr.requester_phone.endswith(form.cleaned_data["phone_last4"]):
                found = hr
            else:
                form.add_error(None, _("编号或手机号后四位不正确。"))
    return render(request, "cases/public_status.html", {"form": form, "hr": found})
