"""What each seat sees on the supplies pages: forms only for what it may do, labels not codes,
aggregates only for the government viewer, households only when the requests are visible."""

import re

from cases.models import HelpRequest
from heli.test import BaseTestCase
from supplies.models import AllocationPlan, Shipment
from supplies.services import donation_pledge, plan_approve, plan_propose, shipment_dispatch
from supplies.services.donations import PledgeInput
from supplies.tests import factory as fx


def visible_text(content: bytes) -> str:
    return re.sub(r"<[^>]+>", " ", content.decode())


class PageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        self.base = f"/supplies/{self.incident.pk}/"

    def plan(self) -> AllocationPlan:
        fx.stock(self.hub_coord, self.house, self.item, 100)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        return plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])

    def shipments(self) -> tuple[Shipment, Shipment]:
        fx.site_with_need(self.hub_operator, self.incident, self.item, 30, name="另一医院", lat=30.62)
        planned, dispatched = plan_approve(actor=self.hub_coord, plan=self.plan())
        shipment_dispatch(actor=self.hub_operator, shipment=dispatched, vehicle="鄂A1", driver="王")
        return planned, dispatched

    def test_it_shows_volunteers_only_the_delivery_form(self) -> None:
        self.shipments()
        self.login(self.vol)
        body = self.client.get(self.base + "shipments/").content.decode()
        self.assertIn("/do/ship-deliver/", body)
        self.assertNotIn("/do/ship-dispatch/", body)
        self.assertNotIn("/do/ship-fail/", body)

    def test_a_coordinator_can_ask_for_a_volunteer_driver_for_a_planned_shipment(self) -> None:
        planned, _ = self.shipments()
        self.login(self.hub_coord)
        body = self.client.get(self.base + "shipments/").content.decode()
        link = f"/volunteers/tasks/drive/?incident={self.incident.pk}&amp;shipment_ref=S{planned.pk}"
        self.assertIn(link, body)
        self.assertIn("lat=30.6&amp;lon=114.3", body)  # the warehouse, not a localised number
        self.login(self.vol)
        self.assertNotContains(self.client.get(self.base + "shipments/"), "/volunteers/tasks/drive/")

    def test_it_shows_volunteers_plan_quantities_read_only(self) -> None:
        plan = self.plan()
        self.login(self.vol)
        body = self.client.get(f"{self.base}plans/{plan.pk}/").content.decode()
        self.assertNotIn('name="line_', body)

    def test_the_overview_names_shipment_statuses(self) -> None:
        self.shipments()
        self.login(self.hub_coord)
        text = visible_text(self.client.get(self.base).content)
        self.assertIn("待发车", text)
        self.assertIn("运输中", text)
        self.assertNotIn("planned", text)
        self.assertNotIn("dispatched", text)

    def test_donations_show_restrictions_in_words(self) -> None:
        donation_pledge(
            actor=self.hub_coord,
            incident=self.incident,
            data=PledgeInput(
                donor_name="某基金会",
                donor_kind="foundation",
                kind="goods",
                lines=[(self.item, 5)],
                only_site_kinds=["hospital"],
                only_groups=["elderly"],
            ),
        )
        self.login(self.hub_coord)
        text = visible_text(self.client.get(self.base + "donations/").content)
        self.assertNotIn("hospital", text)
        self.assertNotIn("elderly", text)
        self.assertIn("定点医院", text.split("登记捐赠承诺")[0])

    def test_a_zero_minimum_fill_is_shown_as_zero(self) -> None:
        plan = self.plan()
        plan.metrics = {"fair": {"min_fill_by_urgency": {"2": 0.0}}, "fcfs": {"min_fill_by_urgency": {}}}
        plan.save(update_fields=["metrics"])
        self.login(self.hub_coord)
        body = self.client.get(f"{self.base}plans/{plan.pk}/").content.decode()
        row = re.search(r"2 级最低满足率</td><td>([^<]*)</td><td>([^<]*)</td>", body)
        self.assertIsNotNone(row)
        self.assertEqual(row.groups(), ("0.0", "—"))  # type: ignore[union-attr]

    def test_the_viewer_sees_aggregates_only(self) -> None:
        plan = self.plan()
        donation = donation_pledge(
            actor=self.hub_coord,
            incident=self.incident,
            data=PledgeInput(donor_name="张先生", donor_kind="person", kind="goods", lines=[(self.item, 5)]),
        )
        self.login(self.viewer)
        overview = self.client.get(self.base)
        self.assertEqual(overview.status_code, 200)
        self.assertNotIn(f"{self.base}donations/", overview.content.decode())
        for page in (
            "sites/",
            "import/",
            "donations/",
            "warehouses/",
            "plans/",
            f"plans/{plan.pk}/",
            "shipments/",
            f"donations/{donation.pk}/feedback/",
        ):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(self.base + page).status_code, 403)

    def test_households_are_those_the_user_may_see(self) -> None:
        fx.stock(self.hub_coord, self.house, self.item, 10)
        theirs = self.new_request(consent_share=False)
        ours = self.new_request(consent_share=False, address_detail="另一小区")
        HelpRequest.objects.filter(pk=theirs.pk).update(status="claimed", claimed_by=self.org_b)
        HelpRequest.objects.filter(pk=ours.pk).update(status="claimed", claimed_by=self.org_a)
        self.login(self.member_coord)
        body = self.client.get(self.base + "shipments/").content.decode()
        self.assertIn(ours.code, body)
        self.assertNotIn(theirs.code, body)
        lot = self.house.lots.get()
        response = self.client.post(
            self.base + "do/household-ship/",
            {"help_request": theirs.pk, "need_line": theirs.needs.get().pk, "lot": lot.pk, "quantity": 1},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Shipment.objects.filter(help_request=theirs).exists())
