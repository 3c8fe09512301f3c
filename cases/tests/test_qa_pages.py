"""QA walk of the request pages as each persona would use them (found by clicking, kept as tests)."""

import re

from django.contrib.messages import constants

from heli.test import BaseTestCase

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
HREF = re.compile(r'href="([^"]+)"')


class NavShowsOnlyUsablePagesTest(BaseTestCase):
    """Every link in the top bar opens a page for that persona: no 403/404, no bounce back home."""

    def nav_links(self) -> list[str]:
        body = self.client.get("/").content.decode()
        match = NAV.search(body)
        self.assertIsNotNone(match)
        return HREF.findall(match.group(1))

    def test_every_nav_link_opens_for_every_persona(self) -> None:
        self.new_request()
        personas = [
            self.hub_coord,
            self.hub_operator,
            self.member_coord,
            self.member_operator,
            self.vol,
            self.member_b_coord,
            self.viewer,
            self.outsider,
        ]
        for user in personas:
            self.login(user)
            for href in self.nav_links():
                with self.subTest(user=user.username, href=href):
                    resp = self.client.get(href, follow=True)
                    self.assertEqual(resp.status_code, 200)
                    errors = [m for m in resp.context["messages"] if m.level == constants.ERROR]
                    self.assertEqual(errors, [], f"{href} bounced with {errors}")

    def test_viewer_gets_the_coverage_aggregates_not_the_register(self) -> None:
        self.login(self.viewer)
        links = self.nav_links()
        self.assertIn("/people/coverage/", links)
        self.assertNotIn("/people/", links)
        self.assertNotIn("/intake/", links)

    def test_volunteer_sees_tasks_not_intake(self) -> None:
        self.login(self.vol)
        links = self.nav_links()
        self.assertIn("/my/tasks/", links)
        self.assertIn("/people/today/", links)
        self.assertNotIn("/intake/", links)
        self.assertNotIn("/followups/", links)
