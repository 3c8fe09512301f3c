"""QA round 2 on the volunteer features of issue 6: away time against what was already given,
rescheduling a partly staffed task, and what a refused phone form keeps."""

from datetime import timedelta

from core.models import Alert
from heli.test import BaseTestCase
from volunteers.models import TaskAssignment
from volunteers.services import (
    availability_exception_add,
    match_run,
    plan_confirm,
)
from volunteers.tests import factory as f


class AwayClashTests(BaseTestCase):
    def setUp(self) -> None:
        self.p = f.profile(self.org_a, "李明", user=self.vol)

    def test_away_from_the_middle_of_a_given_task_alerts_the_coordinators(self) -> None:
        f.task(self, self.org_a, start=9, end=13, days=1, hours=3)
        plan_confirm(actor=self.member_coord, plan=match_run(actor=self.member_coord, org=self.org_a))
        row = TaskAssignment.objects.get(profile=self.p, status="confirmed")
        # the task is under way when the away period starts: the volunteer will not finish it
        start = row.starts_at + timedelta(hours=1)
        availability_exception_add(actor=self.vol, profile=self.p, starts_at=start,
                                   ends_at=start + timedelta(hours=6))
        self.assertTrue(Alert.objects.filter(user=self.member_coord, key__startswith="away-clash").exists())
