"""Writes shared by every app: the audit event, alerts and the email outbox."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Alert, Event, Outbox
from heli.lib import sql


def event_record(
    *,
    actor: AbstractBaseUser | None,
    kind: str,
    subject: Any,
    incident_id: int | None = None,
    org_id: int | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    event = Event(
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        incident_id=incident_id,
        org_id=org_id,
        data=data or {},
        created=at or timezone.now(),
    )
    # Every state change writes one: a prepared insert saves the ORM's compile on each (heli.lib.sql).
    sql.insert([event])
    return event


def alert_raise(*, users: Iterable[Any], key: str, message: str, link: str = "", email: bool = True) -> int:
    """Raise one alert per user unless one with the same key exists; queue an email for new ones."""
    now = timezone.now()
    raised = 0
    for user in users:
        try:
            with transaction.atomic():
                Alert.objects.create(user=user, key=key, message=message[:300], link=link, created=now)
        except IntegrityError:
            continue
        raised += 1
        if email and user.email:
            Outbox.objects.create(
                to=user.email, subject=message[:200], body=f"{message}\n\n{link}", created=now
            )
    return raised


def alert_mark_read(*, alert: Alert, actor: Any) -> None:
    Alert.objects.filter(pk=alert.pk, user=actor, read_at__isnull=True).update(read_at=timezone.now())
