"""A form refused (bad input or a broken rule) comes back with what the coordinator typed."""

from heli.test import BaseTestCase


class FormKeepsInputTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.member_coord)

    def test_a_refused_shift_keeps_its_fields(self) -> None:
        page = self.client.post(
            "/volunteers/shifts/new/",
            {
                "name": "夜间心理热线",
                "duty": "hotline",
                "starts_at": "2030-01-02T20:00",
                "ends_at": "2030-01-02T08:00",
                "needed": 3,
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "班次结束时间必须晚于开始时间")
        self.assertContains(page, 'value="夜间心理热线"')
        self.assertContains(page, 'value="2030-01-02T20:00"')

    def test_an_invalid_task_keeps_its_fields(self) -> None:
        page = self.client.post(
            "/volunteers/tasks/new/",
            {"help_request": "XA-000001", "kind": "deliver", "skills": "driver", "window_start": "soon"},
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="XA-000001"')
        self.assertContains(page, 'value="driver"')

    def test_a_refused_zone_keeps_its_fields(self) -> None:
        self.login(self.hub_coord)  # zones are the hub's
        page = self.client.post("/volunteers/zones/new/", {"name": "丈八东区", "status": "sealed"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="丈八东区"')
