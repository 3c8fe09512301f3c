"""The exhaustive permission test: every registry page and API endpoint, for every persona.

Expected outcomes are written as a table so a change of rule shows up as a one-line diff. Requests
send no (or empty) form data: this test is about who gets through, not what the form does.
"""


from people.tests.factory import RegistryTestCase

HUB, OWNER, GUARDIAN, BACKUP = "hub_coord", "member_coord", "guardian", "backup"
OTHER_ORG, VOL, VIEWER, OUTSIDER = "member_b_coord", "vol", "viewer", "outsider"
HUB_OP, MEMBER_OP, ANON = "hub_operator", "member_operator", "anonymous"
EVERYONE = [HUB, OWNER, GUARDIAN, BACKUP, OTHER_ORG, VOL, VIEWER, OUTSIDER, HUB_OP, MEMBER_OP, ANON]
FULL = {HUB, OWNER}
CARERS = {GUARDIAN, BACKUP}
COORDS = FULL | {OTHER_ORG, OUTSIDER}


def table(ok: int, allowed: set[str], denied: int, anon: int = 302) -> dict[str, int]:
    return {p: anon if p == ANON else ok if p in allowed else denied for p in EVERYONE}


def everyone(code: int, anon: int = 302) -> dict[str, int]:
    return table(code, set(EVERYONE), code, anon)


# (method, path with {pk}, expected status by persona)
CASES: list[tuple[str, str, dict[str, int]]] = [
    ("get", "/people/{pk}/", table(200, FULL | CARERS, 404)),
    ("post", "/people/{pk}/reveal/", table(200, FULL | CARERS, 404)),
    # An empty form is refused: the page comes back with the form (400), or a redirect for the
    # forms without anything typed.
    ("post", "/people/{pk}/checkin/", table(400, FULL | CARERS, 404)),
    ("post", "/people/{pk}/count/", table(302, FULL | CARERS, 404)),
    *[
        ("post", f"/people/{{pk}}/{name}/", {**table(code, FULL, 404), GUARDIAN: 403, BACKUP: 403})
        for name, code in (
            ("medication", 400),
            ("medication-stop", 302),
            ("household", 400),
            ("guardian", 400),
            ("plan", 400),
            ("share", 400),
        )
    ],
    ("post", "/people/{pk}/no-such-action/", table(404, set(), 404)),
    ("get", "/people/", table(200, FULL | CARERS | COORDS, 403)),
    ("get", "/people/new/", table(200, COORDS, 403)),
    ("post", "/people/new/", table(200, COORDS, 403)),
    ("get", "/people/import/", table(200, COORDS, 403)),
    ("post", "/people/import/confirm/", table(302, COORDS, 403)),
    ("get", "/people/today/", everyone(200)),
    ("get", "/people/handover/", table(200, COORDS, 403)),
    ("post", "/people/handover/", table(200, COORDS, 403)),
    ("get", "/people/coverage/", table(200, COORDS | {VIEWER}, 403)),
    ("get", "/people/overdue/", table(200, COORDS, 403)),
    ("get", "/people/runway/", table(200, COORDS, 403)),
    ("get", "/people/no-guardian/", table(200, COORDS, 403)),
    # wrong methods
    *[
        ("get", path, everyone(405))
        for path in (
            "/people/{pk}/reveal/",
            "/people/{pk}/checkin/",
            "/people/{pk}/guardian/",
            "/people/import/confirm/",
        )
    ],
    *[
        ("post", path, everyone(405))
        for path in (
            "/people/{pk}/",
            "/people/",
            "/people/today/",
            "/people/coverage/",
            "/people/overdue/",
            "/people/runway/",
            "/people/no-guardian/",
        )
    ],
    # API (token or session; anonymous gets 401)
    ("get", "/api/people/", everyone(200, anon=401)),
    ("get", "/api/people/{pk}/", table(200, FULL | CARERS, 404, anon=401)),
    ("post", "/api/people/{pk}/checkins/", table(400, FULL | CARERS, 404, anon=401)),
    ("get", "/api/people/coverage/", table(200, COORDS | {VIEWER}, 403, anon=401)),
    ("post", "/api/people/{pk}/", everyone(405, anon=401)),
    ("get", "/api/people/{pk}/checkins/", table(405, set(EVERYONE), 405, anon=401)),
    ("post", "/api/people/coverage/", everyone(405, anon=401)),
]


class PermissionMatrixTests(RegistryTestCase):
    def setUp(self) -> None:
        self.person = self.guarded_person(1, name="隐私测试")
        self.insulin(self.person)

    def test_it_applies_the_table_to_every_view_and_persona(self) -> None:
        for name in EVERYONE:
            self.client.logout()
            if name != ANON:
                self.login(getattr(self, name))
            for method, template, expected in CASES:
                url = template.format(pk=self.person.pk)
                with self.subTest(method=method, url=url, persona=name):
                    response = getattr(self.client, method)(url)
                    self.assertEqual(response.status_code, expected[name])
                    if response.status_code in (200, 400) and name not in FULL | CARERS:
                        self.assertNotContains(response, "隐私测试")
                        self.assertNotContains(response, self.person.phone[-4:] + "<")

    def test_it_covers_every_registry_url(self) -> None:
        from people import api_urls, urls

        tested = {t.split("{pk}/")[-1] if "{pk}" in t else t for _, t, _ in CASES}
        names = {p.pattern._route for p in urls.urlpatterns} | {
            p.pattern._route for p in api_urls.urlpatterns
        }
        for route in names:
            with self.subTest(route=route):
                stem = route.replace("<int:pk>/", "").replace("<slug:name>/", "")
                self.assertTrue(any(stem in t for t in tested) or route == "<int:pk>/<slug:name>/", route)
