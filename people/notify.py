"""Raising many alerts at once: `core.services.alert_raise` semantics (idempotent by key, an email
queued for each new alert) with two bulk inserts instead of a savepoint and two inserts per user.
A pass of `heli tick` can alert thousands of backups; this belongs in core (asked of the lead)."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from core.models import Alert, Outbox
from people.bulk import insert_rows


@dataclass(frozen=True)
class Notice:
    user: Any
    key: str
    message: str
    link: str = ""


def alerts_raise_many(notices: list[Notice], *, email: bool = True) -> int:
    if not notices:
        return 0
    now = timezone.now()
    existing = set(Alert.objects.filter(key__in={n.key for n in notices}).values_list("user_id", "key"))
    fresh, seen = [], set(existing)
    for n in notices:
        if (n.user.pk, n.key) not in seen:
            seen.add((n.user.pk, n.key))
            fresh.append(n)
    insert_rows(
        Alert,
        [
            {
                "user": n.user.pk,
                "key": n.key,
                "message": n.message[:300],
                "link": n.link,
                "created": now,
                "read_at": None,
            }
            for n in fresh
        ],
    )
    if email:
        insert_rows(
            Outbox,
            [
                {
                    "to": n.user.email,
                    "subject": n.message[:200],
                    "body": f"{n.message}\n\n{n.link}",
                    "created": now,
                    "sent_at": None,
                    "attempts": 0,
                    "last_error": "",
                }
                for n in fresh
                if n.user.email
            ],
        )
    return len(fresh)
