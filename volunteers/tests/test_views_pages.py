"""Every page renders for the people who use it, and hides from those who must not see it."""

from heli.test import BaseTestCase
from volunteers.services import match_run
from volunteers.tests import factory as f


class PageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p = f.profile(cls.org_a, "李明", user=cls.vol, skills=("driver",))
        cls.zone = f.zone(cls.org_a)

    def test_staff_pages_render(self) -> None:
        task = f.task(self, self.org_a, title="送菜")
        f.shift(self.org_a, 8, 14)
        plan = match_run(actor=self.member_coord, org=self.org_a)
        pages = {
            "/volunteers/": "李明",
            f"/volunteers/{self.p.pk}/": "司机",
            "/volunteers/approvals/": "报名审核",
            "/volunteers/import/": "导入志愿者",
            "/volunteers/zones/": "丈八街道封控区",
            "/volunteers/shifts/": "热线",
            "/volunteers/tasks/?status=proposed": "送菜",
            f"/volunteers/tasks/{task.pk}/": "最合适的志愿者",
            f"/volunteers/plans/{plan.pk}/": "确认派单",
            "/volunteers/dashboard/": "线上志愿者",
        }
        self.login(self.member_coord)
        for url, text in pages.items():
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), text)
        self.login(self.outsider)
        for url in pages:
            with self.subTest(url=url, who="outsider"):
                page = self.client.get(url)
                if any(c.isdigit() for c in url):
                    self.assertEqual(page.status_code, 404)
                    continue
                for private in (
                    "李明",
                    "送菜",
                    "丈八街道封控区",
                ):  # lists of their own network: ours not in them
                    self.assertNotContains(page, private)

    def test_an_outsider_lists_nobody_from_this_network(self) -> None:
        self.login(self.outsider)
        self.assertNotContains(self.client.get("/volunteers/"), "李明")

    def test_a_viewer_sees_numbers_not_names(self) -> None:
        self.login(self.viewer)
        page = self.client.get("/volunteers/dashboard/")
        self.assertContains(page, "在册志愿者")
        self.assertNotContains(page, "李明")
        self.assertEqual(self.client.get("/volunteers/").status_code, 404)
        self.assertEqual(self.client.get(f"/volunteers/{self.p.pk}/").status_code, 404)

    def test_a_viewer_counts_the_whole_network(self) -> None:
        # The government department has no volunteers of its own: its own-org figures were all 0.
        f.profile(self.org_b, "王芳")
        self.login(self.viewer)
        page = self.client.get("/volunteers/dashboard/")
        self.assertEqual(page.context["total"], 2)
        self.assertEqual(page.context["near"], [])

    def test_the_volunteer_sees_their_own_page(self) -> None:
        self.login(self.vol)
        self.assertContains(self.client.get("/volunteers/me/"), "我的排班/任务")
        self.assertEqual(self.client.get("/volunteers/").status_code, 404)
        self.login(self.member_coord)  # no volunteer profile
        self.assertEqual(self.client.get("/volunteers/me/").status_code, 404)

    def test_registration_is_public(self) -> None:
        self.assertContains(self.client.get("/volunteers/register/"), "志愿者报名")

    def test_the_hub_edits_its_own_draft_from_a_member_task(self) -> None:
        # The hub's plan covers every org's tasks; the task page looked only for the task org's draft.
        task = f.task(self, self.org_a)
        plan = match_run(actor=self.hub_coord, org=self.hub)
        self.login(self.hub_coord)
        page = self.client.get(f"/volunteers/tasks/{task.pk}/")
        self.assertEqual(page.context["draft"], plan)
