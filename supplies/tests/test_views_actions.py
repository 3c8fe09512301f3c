"""Every state-changing supplies endpoint: happy path, wrong method, anonymous, wrong org, read-only."""

from decimal import Decimal
from typing import Any

from cases.services import offer_create
from core.models import Event
from heli.test import BaseTestCase
from supplies.models import AllocationPlan, Donation, Item, Shipment, Site
from supplies.services import plan_approve, plan_propose, shipment_dispatch
from supplies.tests import factory as fx
from supplies.views.actions import ACTIONS


class ActionMatrixTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)

    def plan(self) -> AllocationPlan:
        fx.stock(self.hub_coord, self.house, self.item, 100)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        return plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])

    def shipment(self, dispatched: bool = False) -> Shipment:
        (s,) = plan_approve(actor=self.hub_coord, plan=self.plan())
        if dispatched:
            shipment_dispatch(actor=self.hub_operator, shipment=s, vehicle="鄂A1", driver="王")
        return s

    def pledged(self) -> Donation:
        fx.stock(self.hub_coord, self.house, self.item, 1)
        from supplies.services import donation_pledge
        from supplies.services.donations import PledgeInput

        return donation_pledge(
            actor=self.hub_operator,
            incident=self.incident,
            data=PledgeInput(donor_name="张先生", donor_kind="person", kind="goods", lines=[(self.item, 10)]),
        )

    def money(self) -> Donation:
        from supplies.services import donation_pledge
        from supplies.services.donations import PledgeInput

        return donation_pledge(
            actor=self.hub_operator,
            incident=self.incident,
            data=PledgeInput(
                donor_name="某公司", donor_kind="company", kind="money", amount_yuan=Decimal(1000)
            ),
        )

    def purchase_data(self) -> dict[str, Any]:
        return {
            "supplier": "某医疗器械公司",
            "item": self.item.pk,
            "quantity": 100,
            "unit_price": "3.50",
            "warehouse": self.house.pk,
        }

    def cases(self) -> list[tuple[str, Any, Any, dict[str, Any]]]:
        """(action, make the object or None, acting persona, POST data)."""
        pledge = {
            "donor_name": "某企业",
            "donor_kind": "company",
            "kind": "goods",
            "item": self.item.pk,
            "quantity": 5,
        }
        site = lambda: fx.site_with_need(self.hub_operator, self.incident, self.item, 5).site  # noqa: E731
        return [
            ("site-add", None, self.member_operator, {"name": "某社区", "kind": "community"}),
            ("need-set", site, self.member_operator, {"item": self.item.pk, "quantity": 9, "urgency": 1}),
            (
                "need-confirm",
                lambda: fx.site_with_need(self.hub_operator, self.incident, self.item, 5),
                self.member_operator,
                {},
            ),
            ("donation-add", None, self.member_operator, pledge),
            (
                "offer-pledge",
                lambda: offer_create(
                    actor=self.hub_operator, incident=self.incident, text="可捐口罩", needs=[], phones=[]
                ),
                self.member_operator,
                pledge,
            ),
            ("donation-receive", self.pledged, self.member_operator, {"warehouse": self.house.pk}),
            ("donation-cancel", self.pledged, self.member_operator, {"reason": "重复登记"}),
            ("warehouse-add", None, self.member_coord, {"name": "二号仓库", "lat": 30.5, "lon": 114.2}),
            ("stock-count", lambda: self.house, self.member_coord, {}),
            (
                "lot-write-off",
                lambda: fx.stock(self.hub_coord, self.house, self.item, 10),
                self.member_coord,
                {"reason": "过期", "quantity": 4},
            ),
            ("purchase-add", self.money, self.member_coord, self.purchase_data()),
            (
                "direct-ship",
                self.pledged,
                self.member_operator,
                {"site": fx.site_with_need(self.hub_operator, self.incident, self.item, 5).site_id},
            ),
            ("plan-new", None, self.member_operator, {"items": [self.item.pk]}),
            ("plan-edit", self.plan, self.member_operator, {}),
            ("plan-approve", self.plan, self.hub_coord, {}),
            ("plan-discard", self.plan, self.hub_coord, {}),
            ("ship-dispatch", self.shipment, self.member_operator, {"vehicle": "鄂A9", "driver": "刘"}),
            ("ship-deliver", lambda: self.shipment(True), self.vol, {"receiver_name": "李医生"}),
            ("ship-fail", self.shipment, self.member_operator, {"reason": "封路"}),
        ]

    def url(self, name: str, obj: Any) -> str:
        return f"/supplies/{self.incident.pk}/do/{name}/" + (f"{obj.pk}/" if obj is not None else "")

    def test_every_action_is_in_the_matrix(self) -> None:
        self.assertEqual({c[0] for c in self.cases()} | {"import", "household-ship"}, set(ACTIONS))

    def test_it_runs_each_action_for_the_right_persona(self) -> None:
        for name, make, actor, data in self.cases():
            with self.subTest(action=name):
                obj = make() if make else None
                before = Event.objects.count()
                self.login(actor)
                response = self.client.post(self.url(name, obj), data, follow=True)
                self.assertEqual(response.status_code, 200)
                errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
                self.assertEqual(errors, [], name)
                self.assertGreater(Event.objects.count(), before, name)

    def test_it_rejects_get(self) -> None:
        self.login(self.hub_coord)
        for name, make, _, _ in self.cases():
            with self.subTest(action=name):
                obj = make() if make else None
                self.assertEqual(self.client.get(self.url(name, obj)).status_code, 405)

    def test_it_requires_login(self) -> None:
        for name, make, _, data in self.cases():
            with self.subTest(action=name):
                obj = make() if make else None
                response = self.client.post(self.url(name, obj), data)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_it_denies_other_networks_and_read_only_seats(self) -> None:
        for name, make, _, data in self.cases():
            obj = make() if make else None
            before = Event.objects.count()
            for persona, code in ((self.outsider, 404), (self.viewer, 403)):
                with self.subTest(action=name, persona=persona.username):
                    self.login(persona)
                    self.assertEqual(self.client.post(self.url(name, obj), data).status_code, code)
            self.assertEqual(Event.objects.count(), before, name)

    def test_only_hub_coordinators_approve_and_coordinators_count(self) -> None:
        plan = self.plan()
        for persona in (self.member_coord, self.hub_operator):
            self.login(persona)
            self.assertEqual(self.client.post(self.url("plan-approve", plan)).status_code, 403)
        self.login(self.member_operator)
        self.assertEqual(self.client.post(self.url("stock-count", self.house)).status_code, 403)
        lot = fx.stock(self.hub_coord, self.house, self.item, 10)
        self.assertEqual(self.client.post(self.url("lot-write-off", lot), {"reason": "x"}).status_code, 403)
        money = self.money()
        self.assertEqual(
            self.client.post(self.url("purchase-add", money), self.purchase_data()).status_code, 403
        )

    def test_objects_of_another_incident_are_not_found(self) -> None:
        other_site = Site.objects.create(incident=self.other_incident, name="别处医院", kind="hospital")
        self.login(self.hub_coord)
        response = self.client.post(self.url("need-set", other_site), {"item": self.item.pk, "urgency": 1})
        self.assertEqual(response.status_code, 404)

    def test_catalogue_needs_a_hub_coordinator(self) -> None:
        data = {"name": "防护服", "category": "protective", "unit": "套", "pack_size": 1, "aliases": "隔离服"}
        self.assertEqual(self.client.post("/supplies/catalogue/add/", data).status_code, 302)
        self.login(self.member_coord)
        self.assertEqual(self.client.post("/supplies/catalogue/add/", data).status_code, 403)
        self.login(self.hub_coord)
        self.assertEqual(self.client.get("/supplies/catalogue/add/").status_code, 405)
        self.client.post("/supplies/catalogue/add/", data)
        self.assertEqual(Item.objects.get(name="防护服").unit, "set")

    def test_pages_render_for_every_seat_in_the_network(self) -> None:
        plan = self.plan()
        pages = [
            "",
            "sites/",
            "import/",
            "donations/",
            "warehouses/",
            "plans/",
            f"plans/{plan.pk}/",
            "shipments/",
        ]
        for persona in (self.hub_coord, self.vol):
            self.login(persona)
            for page in pages:
                with self.subTest(page=page, persona=persona.username):
                    self.assertEqual(self.client.get(f"/supplies/{self.incident.pk}/{page}").status_code, 200)
        self.login(self.viewer)  # aggregates only (tests/test_pages.py)
        self.assertEqual(self.client.get(f"/supplies/{self.incident.pk}/").status_code, 200)
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/supplies/{self.incident.pk}/sites/").status_code, 404)
        self.assertEqual(self.client.get("/supplies/catalogue/").status_code, 200)
