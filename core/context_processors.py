from typing import Any

from django.http import HttpRequest

from core.models import Alert


def alerts(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"unread_alerts": Alert.objects.filter(user=request.user, read_at__isnull=True).count()}
