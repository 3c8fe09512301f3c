"""Tasks from help requests."""

from django.utils import translation

from cases.services import help_request_claim, verification_record
from heli.test import BaseTestCase
from volunteers.services import TaskInput, task_from_help_request
from volunteers.tests import factory as f


class TaskFromHelpRequestTests(BaseTestCase):
    def test_the_default_title_is_stored_in_the_sites_language(self) -> None:
        # A title written in whichever language its creator browsed in mixed English titles into
        # Chinese coordinators' lists, plans, alerts and volunteers' phones.
        hr = self.new_request(lat=f.YANTA[0], lon=f.YANTA[1])
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        hr.refresh_from_db()
        data = TaskInput(kind="deliver", window_start=f.at(9), window_end=f.at(12))
        with translation.override("en"):
            task = task_from_help_request(actor=self.member_coord, help_request=hr, data=data)
        self.assertEqual(task.title, f"送达物资 · {hr.code}")
