"""Backdating: the demo runs every step through the real services *now*, then moves the times.

Why: the services stamp `timezone.now()` (that is what makes the audit trail trustworthy), but a
useful demo needs ten days of history — requests that came in last week, follow-ups that fell due
yesterday, deadlines already missed. Rather than patching the clock inside the services, every step
is recorded with its real start time and the time it should have happened; afterwards one pass of
queryset updates maps each stored timestamp back into its step's planned time. The steps run one
after another, so the real time of any value tells which step wrote it.

Deadlines are not "when something happened" but "when + a window": they are mapped through the
moment they were computed from (creation, or the reopening that reset them).
"""

from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from cases.models import FollowUp, HelpRequest, Transfer, VerificationAttempt
from cases.services._base import next_due
from core.models import Alert, Event, Outbox
from orgs.models import Incident


class Timeline:
    def __init__(self) -> None:
        self.real: list[datetime] = []
        self.shift: list[timedelta] = []

    def step(self, planned: datetime) -> None:
        """Call right before each service call that should appear to happen at `planned`."""
        now = timezone.now()
        if self.real and now <= self.real[-1]:  # coarse clocks: keep the windows strictly ordered
            now = self.real[-1] + timedelta(microseconds=1)
        self.real.append(now)
        self.shift.append(now - planned)

    def map(self, value: datetime | None) -> datetime | None:
        if value is None or not self.real:
            return value
        i = bisect_right(self.real, value) - 1
        return value if i < 0 else value - self.shift[i]

    def map_due(self, due: datetime | None, *windows: timedelta) -> datetime | None:
        """A deadline `due = t + window`: find the window whose t falls inside the run, map t."""
        if due is None:
            return None
        for window in windows:
            origin = due - window
            if self.real[0] - timedelta(seconds=1) <= origin <= self.real[-1] + timedelta(minutes=5):
                return self.map(origin) + window  # type: ignore[operator]
        return due


def backdate(timeline: Timeline, incident: Incident, read_before: datetime) -> None:
    windows = {level: incident.deadlines(level) for level in (1, 2, 3, 4)}
    followup_windows = (timedelta(days=incident.followup_after_days), timedelta(days=1))
    m = timeline.map

    requests = list(HelpRequest.objects.filter(incident=incident))
    for hr in requests:
        claim, resolve = windows[hr.urgency]
        hr.claim_due_at = timeline.map_due(hr.claim_due_at, claim)
        hr.resolve_due_at = timeline.map_due(hr.resolve_due_at, resolve)
        for name in ("created_at", "updated_at", "verified_at", "claimed_at", "delivered_at", "closed_at"):
            setattr(hr, name, m(getattr(hr, name)))
        hr.next_due_at = next_due(hr.status, hr)
    _save(requests, ["claim_due_at", "resolve_due_at", "created_at", "updated_at", "verified_at",
                     "claimed_at", "delivered_at", "closed_at", "next_due_at"])

    followups = list(FollowUp.objects.filter(help_request__incident=incident))
    for fu in followups:
        fu.due_at, fu.done_at = timeline.map_due(fu.due_at, *followup_windows), m(fu.done_at)
    _save(followups, ["due_at", "done_at"])
    _remap(VerificationAttempt.objects.filter(help_request__incident=incident), m, "at")
    _remap(Transfer.objects.filter(help_request__incident=incident), m, "created_at", "decided_at")
    _remap(Event.objects.all(), m, "created")
    _remap(Outbox.objects.all(), m, "created")
    alerts = list(Alert.objects.all())
    for alert in alerts:
        alert.created = m(alert.created)
        # Nobody has a week of unread alerts: the old ones were seen at the time.
        alert.read_at = alert.created + timedelta(minutes=20) if alert.created < read_before else None
    _save(alerts, ["created", "read_at"])


def _remap(qs: QuerySet[Any], m: Callable[[datetime | None], datetime | None], *names: str) -> None:
    rows = list(qs)
    for row in rows:
        for name in names:
            setattr(row, name, m(getattr(row, name)))
    _save(rows, list(names))


def _save(rows: list[Model], names: list[str]) -> None:
    """One executemany of a plain UPDATE: bulk_update's CASE WHEN costs seconds for a few thousand rows."""
    if not rows:
        return
    meta = rows[0]._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # type: ignore[union-attr]
    params = [[f.get_db_prep_value(getattr(row, f.attname), connection) for f in fields] + [row.pk]  # type: ignore[union-attr]
              for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
