import hashlib
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from core.models import Throttle


def client_key(request: HttpRequest, scope: str) -> str:
    # Hashed so the table holds no IP addresses of people asking for help.
    ip = request.META.get("REMOTE_ADDR", "")
    return f"{scope}:{hashlib.sha256(ip.encode()).hexdigest()[:32]}"


@transaction.atomic
def throttle_hit(key: str, *, limit: int, window: timedelta = timedelta(hours=1)) -> bool:
    """Count one hit; False when the limit for the current window is used up."""
    now = timezone.now()
    row, created = Throttle.objects.select_for_update().get_or_create(
        key=key, defaults={"window_start": now, "count": 1}
    )
    if created:
        return True
    if row.window_start < now - window:
        Throttle.objects.filter(key=key).update(window_start=now, count=1)
        return True
    if row.count >= limit:
        return False
    Throttle.objects.filter(key=key).update(count=F("count") + 1)
    return True
