"""The whole story in a real browser (headless Chromium from Debian, driven by Playwright):
an operator enters a hotline request, a verifier confirms it, the hub coordinator finds it at the
top of the triage queue with a countdown, a member org claims it and dispatches a volunteer, the
volunteer marks it delivered on their phone, and three days later a follow-up call closes it."""

import os
from datetime import timedelta

from cases.models import FollowUp, HelpRequest
from heli.browser_test import BrowserTestCase
from heli.test import BaseTestCase


class BrowserStoryTests(BrowserTestCase):
    def setUp(self) -> None:
        BaseTestCase.setUpTestData.__func__(self)  # type: ignore[attr-defined]
        self.incident.area_id = "6101"
        self.incident.save(update_fields=["area"])

    def shot(self, page, name: str) -> None:  # type: ignore[no-untyped-def]
        folder = os.environ.get("HELI_SCREENSHOTS")
        if folder:
            os.makedirs(folder, exist_ok=True)
            page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)

    def test_it_walks_a_request_from_hotline_to_follow_up(self) -> None:
        base = self.live_server_url
        # 1. The hotline operator enters the call.
        op = self.page_as("hub_operator")
        op.goto(f"{base}/intake/")
        op.fill("input[name=requester_name]", "刘奶奶")
        op.fill("input[name=requester_phone]", "138 0013 8111")
        op.select_option("select[name=county]", "610113")
        op.wait_for_function("document.querySelector('select[name=township]').options.length > 1")
        op.select_option("select[name=township]", index=1)
        op.fill("input[name=address_detail]", "某小区 5 栋 1 单元 302")
        op.fill("input[name=people_count]", "1")
        op.select_option("select[name=urgency]", "1")
        op.check("input[value=elderly]")
        op.fill("textarea[name=description]", "独居老人,胰岛素明天用完")
        op.select_option("select[name=need-0-category]", "medicine")
        op.fill("input[name=need-0-item]", "胰岛素")
        op.fill("input[name=need-0-qty_requested]", "2")
        op.fill("input[name=need-0-unit]", "支")
        self.shot(op, "1-intake")
        op.click("#save")
        op.wait_for_selector("#timeline")
        hr = HelpRequest.objects.get()
        assert hr.code in op.text_content("h1")
        # 2. The verifier phones and confirms.
        op.select_option("#verify-form select[name=outcome]", "confirmed")
        op.click("#verify-form button")
        op.wait_for_selector("text=已记录核实结果")
        assert op.text_content("#status") == "已核实"
        # 3. The hub coordinator sees it at the top of the triage queue with a countdown.
        hub = self.page_as("hub_coord")
        hub.goto(f"{base}/queue/")
        first = hub.locator("#queue tbody tr").first
        assert hr.code in first.text_content()
        assert "剩余" in first.text_content()
        self.shot(hub, "2-queue")
        # 4. A member organisation claims it and dispatches its volunteer.
        member = self.page_as("member_coord")
        member.goto(f"{base}/requests/{hr.code}/")
        member.click("#claim")
        member.wait_for_selector("text=已认领。")
        member.select_option("#volunteer", str(self.vol.pk))
        member.click("#assign")
        member.wait_for_selector("text=已派单。")
        # 5. The volunteer marks it delivered from the phone page.
        vol = self.page_as("vol", viewport={"width": 390, "height": 844})
        vol.goto(f"{base}/my/tasks/")
        assert "13800138111" in vol.text_content(f"#task-{hr.code}")
        self.shot(vol, "3-my-tasks")
        vol.once("dialog", lambda dialog: dialog.accept())  # "deliver everything?" confirmation
        vol.click(f"#task-{hr.code} button.deliver")
        vol.wait_for_selector("text=已标记送达")
        # 6. Three days later the follow-up is due; the call closes the case.
        FollowUp.objects.filter(help_request=hr).update(due_at=hr.created_at - timedelta(minutes=1))
        member.goto(f"{base}/followups/")
        assert "已到期" in member.text_content("table")
        member.click(f"text={hr.code}")
        member.select_option("#followup-form select[name=outcome]", "satisfied")
        member.click("#followup")
        member.wait_for_selector("text=已记录回访")
        assert member.text_content("#status") == "已结案"
        timeline = member.text_content("#timeline")
        for step in ("登记", "核实", "认领", "派单", "送达", "结案"):
            assert step in timeline, step
        self.shot(member, "4-closed")
