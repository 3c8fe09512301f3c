"""The donor's feedback page, opened by its private link (no login: the token is the key)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from supplies.access import Need, get_for_user, get_incident_for_user
from supplies.exports import to_pdf, to_xlsx
from supplies.feedback import donation_report, report_rows
from supplies.models import Donation


@require_GET
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    # checked before the query: PostgreSQL rejects a NUL in a text parameter (a 500, not a 404)
    if len(token) < 20 or "\x00" in token:
        raise Http404
    donation = Donation.objects.select_related("donor", "incident").filter(feedback_token=token).first()
    if donation is None:
        raise Http404
    report = donation_report(donation)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        body = to_xlsx(report_rows(report)) if fmt == "xlsx" else to_pdf(report_rows(report))
        ctype = (
            "application/pdf"
            if fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(body, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="donation-{donation.pk}.{fmt}"'
        return response
    return render(request, "supplies/feedback.html", {"r": report, "token": token})


@login_required
@require_GET
def feedback_link(request: HttpRequest, incident: int, pk: int) -> HttpResponse:
    """Staff open the donor's page from the donations list (the link is what they send the donor)."""
    inc, _ = get_incident_for_user(request.user, incident, Need.READ)
    donation = get_for_user(request.user, Donation, pk, inc, Need.READ)
    return redirect("supplies:feedback", token=donation.feedback_token)
