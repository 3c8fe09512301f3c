"""Drive tasks for supplies shipments: the form filled from the supplies board, vehicle tokens."""

from core.errors import DomainError
from heli.test import BaseTestCase
from volunteers.models import Task
from volunteers.services import TaskInput, task_for_shipment
from volunteers.services._base import check_skills
from volunteers.tests import factory as f


class DriveTaskTests(BaseTestCase):
    def data(self, **kw: object) -> TaskInput:
        args = {"kind": "drive", "window_start": f.at(9, 2), "window_end": f.at(13, 2), "hours": 2,
                "lat": f.YANTA[0], "lon": f.YANTA[1], "address": "一号仓库", "shipment_ref": "S12", **kw}
        return TaskInput(**args)  # type: ignore[arg-type]

    def test_a_drive_task_needs_a_driver_and_the_vehicle_asked_for(self) -> None:
        task = task_for_shipment(actor=self.member_coord, org=self.org_a, incident=self.incident,
                                 data=self.data(), vehicle="van")
        self.assertEqual(
            (task.kind, task.skills, task.shipment_ref), ("drive", ["driver", "vehicle:van"], "S12")
        )
        with self.assertRaises(DomainError) as caught:
            task_for_shipment(actor=self.member_coord, org=self.org_a, incident=self.incident,
                              data=self.data(shipment_ref=" "))
        self.assertEqual(caught.exception.field, "shipment_ref")

    def test_skill_tokens_are_what_volunteers_hold(self) -> None:
        self.assertEqual(check_skills(["vehicle:van", "driver"]), ["driver", "vehicle:van"])
        self.assertEqual(check_skills(["translator:sign"]), ["translator:sign"])
        for bad in ("vehicle:rocket", "driver:fast", "juggler", "translator:"):
            with self.subTest(bad=bad), self.assertRaises(DomainError):
                check_skills([bad])

    def test_the_form_comes_filled_from_the_link_and_keeps_what_was_typed(self) -> None:
        self.login(self.member_coord)
        link = {"incident": self.incident.pk, "shipment_ref": "S3", "address": "二号仓库", "lat": "34.2",
                "lon": "108.9"}
        page = self.client.get("/volunteers/tasks/drive/", link)
        self.assertContains(page, 'value="S3"')
        self.assertContains(page, 'value="二号仓库"')
        typed = {"incident": self.incident.pk, "shipment_ref": "S3", "address": "二号仓库", "lat": "34.2",
                 "lon": "108.9", "window_start": f.at(12, 2).strftime("%Y-%m-%dT%H:%M"),
                 "window_end": f.at(9, 2).strftime("%Y-%m-%dT%H:%M"), "hours": 2, "people": 1, "urgency": 2}
        response = self.client.post("/volunteers/tasks/drive/new/", typed)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="二号仓库"')
        self.assertFalse(Task.objects.exists())

    def test_another_networks_incident_is_not_found(self) -> None:
        self.login(self.member_coord)
        response = self.client.post("/volunteers/tasks/drive/new/", {
            "incident": self.other_incident.pk, "shipment_ref": "S3", "address": "仓库", "lat": "34.2",
            "lon": "108.9", "window_start": f.at(9, 2).strftime("%Y-%m-%dT%H:%M"),
            "window_end": f.at(12, 2).strftime("%Y-%m-%dT%H:%M"), "hours": 2, "people": 1, "urgency": 2})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Task.objects.exists())
