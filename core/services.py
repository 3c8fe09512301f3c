"""Writes shared by every app: the audit event, alerts and the email outbox."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.messages import Msg
from core.models import Alert, Event, Outbox
from heli.lib import sql
from heli.lib.sql import insert_rows


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


def _split(message: str | Msg) -> tuple[str, str, dict[str, Any]]:
    """(text in the default language, msgid, params) for storing; plain strings have no msgid."""
    if isinstance(message, Msg):
        return message.render_default(), message.template, message.params
    return message, "", {}


def alert_raise(
    *, users: Iterable[Any], key: str, message: str | Msg, link: str = "", email: bool = True
) -> int:
    """Raise one alert per user unless one with the same key exists; queue an email for new ones.

    Pass a `core.messages.Msg` so each reader sees it in their own language (a plain str is shown
    as it is).
    """
    now = timezone.now()
    text, template, params = _split(message)
    raised = 0
    for user in users:
        try:
            with transaction.atomic():
                Alert.objects.create(user=user, key=key, message=text[:300], template=template, params=params,
                                     link=link, created=now)
        except IntegrityError:
            continue
        raised += 1
        if email and user.email:
            Outbox.objects.create(to=user.email, subject=text[:200], body=f"{text}\n\n{link}", created=now)
    return raised


# A personal notification, not case data: reading one is not an audited change.
def alert_mark_read(*, alert: Alert, actor: Any) -> None:
    Alert.objects.filter(pk=alert.pk, user=actor, read_at__isnull=True).update(read_at=timezone.now())


def alerts_mark_all_read(*, actor: Any) -> int:
    """After a shift away a coordinator may find dozens of escalations already handled by others."""
    return Alert.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


@dataclass(frozen=True)
class Notice:
    """One alert to raise with `alerts_raise_many`."""

    user: Any
    key: str
    message: str | Msg
    link: str = ""


def alerts_raise_many(notices: list[Notice], *, email: bool = True) -> int:
    """`alert_raise` for thousands at once (a `heli tick` pass): idempotent by key, an email queued
    for each new alert, with two bulk inserts instead of a savepoint and two inserts per user."""
    if not notices:
        return 0
    now = timezone.now()
    existing = set(Alert.objects.filter(key__in={n.key for n in notices}).values_list("user_id", "key"))
    fresh, seen = [], set(existing)
    for n in notices:
        if (n.user.pk, n.key) not in seen:
            seen.add((n.user.pk, n.key))
            fresh.append(n)
    texts = {id(n): _split(n.message) for n in fresh}
    insert_rows(
        Alert,
        [
            {
                "user": n.user.pk,
                "key": n.key,
                "message": texts[id(n)][0][:300],
                "template": texts[id(n)][1],
                "params": texts[id(n)][2],
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
                    "subject": texts[id(n)][0][:200],
                    "body": f"{texts[id(n)][0]}\n\n{n.link}",
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
