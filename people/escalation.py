"""Missed check-ins: overdue by the grace period alerts the backup, by twice the grace the coordinators."""

from collections import defaultdict
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext_noop

from core.messages import msg
from core.models import Event
from core.services import Notice, alerts_raise_many
from heli.lib.sql import insert_rows
from orgs.models import Membership, Organisation
from people.models import Cadence, CheckInPlan
from people.models.care import GRACE
from people.services._base import coordinators

BATCH = 5000
CHUNK = 500
Level = CheckInPlan.Level


def overdue_escalate(now: datetime) -> int:
    rows = list(
        CheckInPlan.objects.filter(escalate_at__lte=now)
        .order_by("escalate_at")
        .values_list(
            "pk",
            "alert_level",
            "cadence",
            "next_due_at",
            "person_id",
            "person__org_id",
            "person__backup_id",
            "person__incident_id",
            "person__hub_id",
        )[:BATCH]
    )
    if not rows:
        return 0
    coords = coordinators({r[5] for r in rows})
    still_in = _members({(r[6], r[8]) for r in rows if r[6] is not None})
    notify: dict[tuple[int, int], list[int]] = defaultdict(list)  # (level, user id) -> person ids
    moves: dict[tuple[int, int, str], list[int]] = defaultdict(list)  # (old, new level, cadence) -> plan ids
    events = []
    for pk, level, cadence, due, person_id, org_id, backup_id, incident_id, hub_id in rows:
        if (backup_id, hub_id) not in still_in:
            backup_id = None  # left the network: the coordinators hear at once, as with no backup
        # A plan found already past twice the grace (the tick did not run for a while) goes straight
        # to the coordinator, so one pass leaves nothing for the next at the same moment.
        target = (
            Level.COORDINATOR
            if level > Level.NONE or due + 2 * GRACE[Cadence(cadence)] <= now
            else Level.BACKUP
        )
        alerted = []
        if level == Level.NONE and backup_id is not None:
            alerted.append((Level.BACKUP, backup_id))
        if target == Level.COORDINATOR or backup_id is None:
            alerted += [(Level.COORDINATOR, u.pk) for u in coords.get(org_id, [])]
        for key in alerted:
            notify[key].append(person_id)
        moves[(level, target, cadence)].append(pk)
        events.append(
            {
                "actor": None,
                "kind": "checkin_overdue",
                "subject_type": "person",
                "subject_id": person_id,
                "incident_id": incident_id,
                "org_id": org_id,
                "created": now,
                "data": {
                    "level": int(target),
                    "due": due.isoformat(),
                    "alerted": [u for _level, u in alerted],
                },
            }
        )
    escalated = 0
    for (level, target, cadence), ids in moves.items():
        step = {
            "alert_level": target,
            "escalate_at": F("next_due_at") + 2 * GRACE[Cadence(cadence)] if target == Level.BACKUP else None,
        }
        for i in range(0, len(ids), CHUNK):
            # Compare-and-set on escalate_at: a check-in recorded meanwhile moved it into the future.
            escalated += CheckInPlan.objects.filter(
                pk__in=ids[i : i + CHUNK], alert_level=level, escalate_at__lte=now
            ).update(**step)
    insert_rows(Event, events)
    _alert(notify, now)
    return escalated


def _members(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (user, network) pairs whose user still has an active seat there. The record keeps naming
    a backup who left until a coordinator hands over; alerting them would reach nobody who acts."""
    rows = Membership.objects.filter(user_id__in={u for u, _hub in pairs}, active=True).values_list(
        "user_id", "org_id", "org__kind", "org__parent_id"
    )
    hub = Organisation.Kind.HUB
    return pairs & {(u, o if kind == hub or parent is None else parent) for u, o, kind, parent in rows}


def _alert(notify: dict[tuple[int, int], list[int]], now: datetime) -> None:
    users = get_user_model().objects.in_bulk({uid for _level, uid in notify})
    stamp = now.strftime("%Y%m%d%H%M%S")
    notices = []
    for (level, uid), person_ids in notify.items():
        template = (gettext_noop("备岗提醒:{n} 位重点对象逾期未联络,请尽快联系") if level == Level.BACKUP
                    else gettext_noop("协调员上报:{n} 位重点对象逾期未联络,请尽快联系"))
        notices.append(
            Notice(
                user=users[uid],
                key=f"checkin-overdue:{level}:{stamp}:{min(person_ids)}",
                message=msg(template, n=len(person_ids)),
                link="/people/overdue/" if level == Level.COORDINATOR else "/people/today/",
            )
        )
    alerts_raise_many(notices)
