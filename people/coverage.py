"""The coverage dashboard's numbers: aggregates only, so government viewers may see them.

Two GROUP BY queries whatever the size of the registry: persons by (district, vulnerability bitmask),
and the daily check-in counters of the last 7 days by district.
"""

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from geo.divisions import display_name
from people.access import Scope
from people.models import CheckInDay, Person, Vulnerability
from people.models.choices import vulns_of
from people.services.guardians import ACTIVE, absent_user_ids


def coverage(scope: Scope, now: datetime) -> dict[str, Any]:
    absent = absent_user_ids()
    # COUNT of indexed columns (not of the primary key) keeps PostgreSQL on an index-only scan.
    guarded = Count("guardian", filter=~Q(guardian_id__in=absent)) if absent else Count("guardian")
    rows = (
        Person.objects.filter(scope.persons(), status__in=ACTIVE)
        .values_list("county_code", "vuln_mask")
        .annotate(n=Count("vuln_mask"), g=guarded)
        .order_by()
    )
    cells: dict[tuple[str, str], list[int]] = {}
    districts: dict[str, list[int]] = {}
    for county, mask, n, g in rows:
        district = districts.setdefault(county, [0, 0])
        district[0] += n
        district[1] += g
        for vuln in _vulns_of(mask):
            cell = cells.setdefault((county, vuln), [0, 0])
            cell[0] += n
            cell[1] += g
    since = timezone.localdate(now) - timedelta(days=6)
    checks = (
        CheckInDay.objects.filter(scope.checkins(), day__gte=since)
        .values("county_code")
        .annotate(n=Sum("n"), ok=Sum("on_time"))
        .order_by()
    )
    on_time = {r["county_code"]: (r["ok"], r["n"]) for r in checks}
    vulns = [(v, label) for v, label in Vulnerability.choices if any(k[1] == v for k in cells)]
    table = []
    for code in sorted(districts):
        n, g = districts[code]
        ok, done = on_time.get(code, (0, 0))
        table.append(
            {
                "code": code,
                "name": display_name(code) if code else _("未填区县"),
                "n": n,
                "guarded": g,
                "share": _pct(g, n),
                "checkins": done,
                "on_time": _pct(ok, done),
                "cells": [_cell(cells.get((code, v))) for v, _label in vulns],
            }
        )
    total_n = sum(d[0] for d in districts.values())
    total_g = sum(d[1] for d in districts.values())
    total_ok = sum(v[0] for v in on_time.values())
    total_done = sum(v[1] for v in on_time.values())
    return {
        "table": table,
        "vulns": vulns,
        "total": total_n,
        "guarded": total_g,
        "share": _pct(total_g, total_n),
        "checkins": total_done,
        "on_time": _pct(total_ok, total_done),
    }


@lru_cache(maxsize=4096)
def _vulns_of(mask: int) -> tuple[str, ...]:
    return tuple(vulns_of(mask))


def _pct(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _cell(values: list[int] | None) -> dict[str, Any] | None:
    if not values:
        return None
    share = _pct(values[1], values[0])
    return {
        "n": values[0],
        "share": share,
        "text": f"{values[0]} / {share}%",
        "short": share is not None and share < 100,
    }
