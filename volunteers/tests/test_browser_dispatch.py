"""Dispatch in a real browser (headless Chromium from Debian, driven by Playwright): a member-org
coordinator makes a task from a claimed request, lets the matcher propose a volunteer and confirms;
the volunteer accepts on their phone and marks it done; the request's org sees the task done."""

from datetime import timedelta

from django.utils import timezone

from cases.services import help_request_claim, verification_record
from heli.browser_test import BrowserTestCase
from heli.test import BaseTestCase
from volunteers.models import Task, TaskAssignment
from volunteers.tests import factory as f


class BrowserDispatchTests(BrowserTestCase):
    def setUp(self) -> None:
        BaseTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]
        self.profile = f.profile(self.org_a, "李明", user=self.vol)
        self.hr = BaseTestCase.new_request(self, lat=f.YANTA[0] + 0.01, lon=f.YANTA[1])  # type: ignore[arg-type]
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=self.hr, org=self.org_a)

    def test_a_task_goes_from_request_to_done_on_the_volunteers_phone(self) -> None:
        base = self.live_server_url
        tomorrow = timezone.localtime() + timedelta(days=1)
        start = tomorrow.replace(hour=9, minute=0)
        # 1. The member-org coordinator turns the claimed request into a delivery task.
        coord = self.page_as("member_coord")
        coord.goto(f"{base}/volunteers/tasks/")
        coord.fill("input[name=help_request]", self.hr.code)
        coord.select_option("select[name=kind]", "deliver")
        coord.fill("input[name=window_start]", start.strftime("%Y-%m-%dT%H:%M"))
        coord.fill("input[name=window_end]", (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
        coord.click("form[action$='/tasks/new/'] button")
        coord.wait_for_selector("text=已创建任务。")
        assert "李明" in coord.text_content("body")  # the online ranked list already names him
        # 2. The batch matcher proposes him; the coordinator confirms the plan.
        coord.goto(f"{base}/volunteers/tasks/")
        coord.click("form[action$='/tasks/match/'] button")
        coord.wait_for_selector("text=已生成派单方案")
        assert "李明" in coord.text_content("table")
        coord.click("form[action$='/confirm/'] button")
        coord.wait_for_selector("text=已确认")
        # 3. The volunteer accepts on the phone page, then marks it done.
        vol = self.page_as("vol", viewport={"width": 390, "height": 844})
        vol.goto(f"{base}/volunteers/me/")
        vol.click("form[action*='/accept/'] button")
        vol.wait_for_selector("form[action*='/done/'] button")
        vol.click("form[action*='/done/'] button")
        vol.wait_for_selector("text=已完成")
        row = TaskAssignment.objects.get(profile=self.profile)
        self.assertEqual(row.status, "done")
        self.assertEqual(Task.objects.get(pk=row.task_id).status, "done")
        # 4. The coordinator's done tab lists it.
        coord.goto(f"{base}/volunteers/tasks/?status=done")
        assert self.hr.code in coord.text_content("table")
