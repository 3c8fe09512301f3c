"""`heli tick`: run every app's idempotent periodic check, then send queued emails."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import Outbox


def outbox_send_pending(*, limit: int = 200) -> int:
    """Send unsent emails; a failure is counted and retried on the next tick (at most 5 tries)."""
    sent = 0
    for mail in Outbox.objects.filter(sent_at__isnull=True, attempts__lt=5).order_by("created")[:limit]:
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to])
        except Exception as exc:  # noqa: BLE001 - any transport error means "try again later"
            Outbox.objects.filter(pk=mail.pk).update(attempts=mail.attempts + 1, last_error=str(exc)[:300])
            continue
        Outbox.objects.filter(pk=mail.pk).update(attempts=mail.attempts + 1, sent_at=timezone.now())
        sent += 1
    return sent


def run_ticks(now: datetime | None = None) -> dict[str, int]:
    """Each registered tick runs in its own transaction so one failing app does not block the others."""
    now = now or timezone.now()
    results: dict[str, int] = {}
    for path in settings.HELI_TICKS:
        func: Callable[[datetime], int] = import_string(path)
        with transaction.atomic():
            results[path] = func(now)
    results["outbox_sent"] = outbox_send_pending()
    return results
