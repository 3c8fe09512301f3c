"""The registry list, registering one person, importing a list."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.views.intake import division_options
from core.errors import DomainError
from people import forms as f
from people.access import coordinator_seats, register_orgs, visible_persons
from people.models import Person, Vulnerability
from people.models.choices import VULN_BITS
from people.services import import_preview, person_import, person_register
from people.views._util import add_errors

PAGE = 100


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    if not coordinator_seats(request.user) and not visible_persons(request.user).exists():
        raise PermissionDenied
    qs = visible_persons(request.user).select_related("org", "guardian", "backup")
    # PostgreSQL refuses NUL in a query parameter (a 500); a pasted NUL matches nothing anyway.
    g = {k: v.replace("\x00", "") for k, v in request.GET.items()}
    if g.get("v") in VULN_BITS:
        qs = qs.annotate(vbit=F("vuln_mask").bitand(VULN_BITS[g["v"]])).filter(vbit__gt=0)
    if g.get("county"):
        qs = qs.filter(county_code=g["county"][:6])
    if g.get("guardian") == "none":
        qs = qs.filter(guardian__isnull=True)
    if g.get("status") in Person.Status.values:
        qs = qs.filter(status=g["status"])
    if g.get("q"):
        qs = qs.filter(name__contains=g["q"][:30])
    rows = list(qs.order_by("-pk")[:PAGE])
    # The district filter offers the districts the user's people live in, by name (nobody types
    # GB/T 2260 codes).
    counties = sorted(
        c for c in visible_persons(request.user).values_list("county_code", flat=True).distinct() if c
    )
    return render(
        request,
        "people/list.html",
        {
            "rows": rows,
            "vulns": Vulnerability.choices,
            "f": g,
            "statuses": Person.Status.choices,
            "page": PAGE,
            "can_register": bool(register_orgs(request.user)),
            "counties": counties,
        },
    )


def _registrar_org(request: HttpRequest) -> object:
    orgs = register_orgs(request.user)
    if not orgs:
        raise PermissionDenied
    chosen = request.POST.get("org") or request.GET.get("org")
    org = next((o for o in orgs if str(o.pk) == chosen), None)
    if org is None and chosen and request.method == "POST":
        # The form named an org the user may not register for (tampered, or their seat there just
        # ended): registering under another of their orgs instead would file the person wrongly.
        raise PermissionDenied
    return org or orgs[0], orgs


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    org, orgs = _registrar_org(request)
    form = f.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_register(actor=request.user, org=org, data=form.person_input())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记。请安排临时监护志愿者。"))
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/register.html", {"form": form, "org": org, "orgs": orgs, **division_options(form)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and preview. The file waits in the session until the coordinator confirms."""
    org, orgs = _registrar_org(request)
    form = f.ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = import_preview(org=org, content=content, filename=upload.name)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            token = hashlib.sha256(content).hexdigest()[:16]
            request.session["people_import"] = {
                "token": token,
                "name": upload.name,
                "org": org.pk,
                "content": base64.b64encode(content).decode(),
            }
            return render(
                request,
                "people/import.html",
                {
                    "form": form,
                    "preview": preview,
                    "token": token,
                    "preview_new": preview.count("new"),
                    "org": org,
                    "orgs": orgs,
                },
            )
    return render(request, "people/import.html", {"form": form, "preview": preview, "org": org, "orgs": orgs})


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    org, _unused = _registrar_org(request)
    pending = request.session.get("people_import")
    if not pending or pending["token"] != request.POST.get("token") or pending["org"] != org.pk:
        messages.error(request, _("导入已过期,请重新上传文件。"))
        return redirect("people:import")
    try:
        result = person_import(
            actor=request.user,
            org=org,
            content=base64.b64decode(pending["content"]),
            filename=pending["name"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("people:import")
    del request.session["people_import"]
    messages.success(
        request,
        _("已导入 {n} 人;重复跳过 {dup} 行;错误 {err} 行。").format(
            n=len(result.created), dup=result.count("duplicate"), err=result.count("error")
        ),
    )
    return render(request, "people/import_done.html", {"result": result})
