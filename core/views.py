from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.models import Alert
from core.services import alert_mark_read, alerts_mark_all_read


@login_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    rows = Alert.objects.filter(user=request.user).order_by("read_at", "-created")[:200]
    unread = Alert.objects.filter(user=request.user, read_at__isnull=True).exists()
    return render(request, "core/alerts.html", {"alerts": rows, "unread": unread})


@login_required
@require_POST
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk, user=request.user)
    alert_mark_read(alert=alert, actor=request.user)
    return redirect(alert.link or "alerts")


@login_required
@require_POST
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    alerts_mark_all_read(actor=request.user)
    return redirect("alerts")
