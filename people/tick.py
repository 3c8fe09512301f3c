"""`heli tick` for the registry: medication runway (断药预警) and missed check-ins (逾期未联络).

Both select their work through one indexed date column (`Medication.reorder_on`,
`CheckInPlan.escalate_at`) and write in bulk, so a pass over 100,000 persons stays a range scan.
Both are idempotent: what they act on moves out of the selection in the same transaction.
"""

from datetime import datetime

from people.escalation import overdue_escalate
from people.runway import deliveries_apply, runway_requests_open


def runway_tick(now: datetime) -> int:
    return deliveries_apply(now) + runway_requests_open(now)


def checkins_tick(now: datetime) -> int:
    return overdue_escalate(now)
