"""A form from a page that was shown before someone else changed the request is not applied."""

from cases.services import help_request_update, verification_record
from heli.test import BaseTestCase


class StalePageTests(BaseTestCase):
    def setUp(self) -> None:
        self.hr = self.new_request(urgency=3)
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")
        self.hr.refresh_from_db()
        self.login(self.hub_coord)

    def test_the_page_carries_its_version_in_every_action_form(self) -> None:
        page = self.client.get(f"/requests/{self.hr.code}/").content.decode()
        self.assertIn(f'name="version" value="{self.hr.version}"', page)
        actions = page.count('action="/requests/') - page.count('/reveal/"')  # showing a number edits nothing
        self.assertEqual(page.count('name="version"'), actions)

    def test_a_stale_page_is_shown_again_instead_of_acting(self) -> None:
        seen = self.hr.version
        help_request_update(
            actor=self.hub_coord, help_request=self.hr, changes={"urgency": 1}, reason="邻居说已昏迷"
        )
        response = self.client.post(
            f"/requests/{self.hr.code}/close/",
            {"version": seen, "reason": "no_longer_needed", "note": "电话里说不用了"},
            follow=True,
        )
        self.assertContains(response, "该求助刚被他人更新", status_code=400)
        self.assertContains(response, "电话里说不用了", status_code=400)  # what was typed stays
        self.hr.refresh_from_db()
        self.assertNotEqual(self.hr.status, "closed")

    def test_the_current_version_or_none_acts_as_before(self) -> None:
        hold = {"version": self.hr.version, "reason": "等家属回电"}
        self.client.post(f"/requests/{self.hr.code}/hold/", hold)
        self.hr.refresh_from_db()
        self.assertEqual(self.hr.status, "on_hold")
        self.client.post(f"/requests/{self.hr.code}/resume/")  # an old bookmark or script: no version
        self.hr.refresh_from_db()
        self.assertEqual(self.hr.status, "verified")
