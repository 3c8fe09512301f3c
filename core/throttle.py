import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from core.models import Throttle


def client_key(request: HttpRequest, scope: str) -> str:
    # Keyed so the table holds no IP addresses of people asking for help: a plain SHA-256 of an
    # IPv4 address is undone by hashing all 2^32 of them, which takes minutes.
    ip = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()
    return f"{scope}:{digest[:32]}"


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
