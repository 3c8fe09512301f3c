from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from orgs.access import get_incident_for_user
from orgs.forms import PolicyForm
from orgs.models import DEFAULT_POLICY
from orgs.services import incident_policy_update


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, pk: int) -> HttpResponse:
    incident, seat = get_incident_for_user(request.user, pk)
    if not seat.is_hub_coordinator:
        raise PermissionDenied
    current = {
        **DEFAULT_POLICY,
        **{p.level: (p.claim_minutes, p.resolve_minutes) for p in incident.policies.all()},
    }
    form = PolicyForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            incident_policy_update(actor=request.user, incident=incident, deadlines=form.deadlines())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存响应时限。新登记的求助按新时限计算。"))
            return redirect("orgs:policy", pk=incident.pk)
    rows = [(lv, form[f"claim_{lv}"], form[f"resolve_{lv}"]) for lv in (1, 2, 3, 4)]
    return render(request, "orgs/policy.html", {"incident": incident, "form": form, "rows": rows})
