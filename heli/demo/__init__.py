"""`heli demo`: a synthetic lockdown in Xi'an, built through the same services the app uses.

Modules: `network` (orgs, logins, working groups, incident), `texts` + `fake` (made-up requests),
`plan` (lifecycle paths and step timings), `lifecycle` (runs the steps through `cases.services`),
`timeline` (moves the timestamps into a ten-day history), `reset` (emptiness check, `--force` wipe),
then the other modules' pages: `volunteers` (profiles, zones, shifts, tasks), `registry` (vulnerable
persons with guardians, check-ins, medications), `supplies` (stock, needs, plan, shipments).
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.models import HelpRequest
from heli.demo.lifecycle import Runner
from heli.demo.network import PASSWORD, build_network
from heli.demo.registry import build_registry
from heli.demo.supplies import build_supplies
from heli.demo.timeline import Timeline, backdate
from heli.demo.volunteers import build_volunteers
from orgs.models import Membership, Organisation

SEED = 2021
INCIDENT_DAYS = 10


@dataclass
class DemoResult:
    incident_id: int
    by_status: dict[str, int]
    by_close_reason: dict[str, int]
    overdue: int
    volunteers: int
    organisations: int
    logins: list[tuple[str, str, str]]
    password: str = PASSWORD
    modules: dict[str, int] = field(default_factory=dict)  # what the other pages show, for the summary


@transaction.atomic
def load_demo(*, scale: float = 1.0) -> DemoResult:
    """Build the whole scenario in one transaction: all of it or nothing."""
    rng = random.Random(SEED)
    now = timezone.now()
    net = build_network(rng, started_at=now - timedelta(days=INCIDENT_DAYS))
    timeline = Timeline()
    runner = Runner(net, rng, timeline, now)
    runner.run(runner.plan(scale))
    backdate(timeline, net.incident, read_before=now - timedelta(days=1))
    # The other modules come after the requests' history is settled: tasks are made from claimed ones.
    modules = build_volunteers(rng, net, now) | build_registry(rng, net, now) | build_supplies(rng, net, now)
    # One pass of `heli tick`'s checks (not its email sending), as a running server would have done:
    # missed deadlines, overdue check-ins and expiring passes show as alerts and escalations.
    for path in settings.HELI_TICKS:
        import_string(path)(timezone.now())
    result = summarise(net.incident.pk, net.logins)
    result.modules = modules
    return result


def summarise(incident_id: int, logins: list[tuple[str, str, str]]) -> DemoResult:
    volunteers = Membership.objects.filter(role=Membership.Role.VOLUNTEER).count()
    qs = HelpRequest.objects.filter(incident_id=incident_id)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).order_by("status"))
    reasons = dict(qs.exclude(close_reason="").values_list("close_reason").annotate(n=Count("pk"))
                   .order_by("close_reason"))
    overdue = qs.filter(next_due_at__lt=timezone.now()).count()
    orgs = Organisation.objects.count()
    return DemoResult(incident_id, by_status, reasons, overdue, volunteers, orgs, logins)
