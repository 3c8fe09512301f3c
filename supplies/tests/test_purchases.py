"""Money donations buy goods: into a warehouse as a lot of the donation, or straight to a site; the
money left is checked by compare-and-set and the donor's report shows what was bought and where it went."""

import tempfile
from decimal import Decimal

from django.test import override_settings

from core.errors import ConflictError, DomainError
from heli.test import BaseTestCase
from supplies.models import Donation, Purchase, Shipment, SiteNeed, StockLot, StockMove
from supplies.services import (
    donation_cancel,
    donation_pledge,
    plan_approve,
    plan_propose,
    purchase_record,
    shipment_deliver,
    shipment_dispatch,
)
from supplies.services.donations import PledgeInput
from supplies.services.purchases import PurchaseInput
from supplies.tests import factory as fx


class PurchaseTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        self.money = self.pledge_money(Decimal("1000.00"))

    def pledge_money(self, amount: Decimal, **restrict: object) -> Donation:
        data = PledgeInput(
            donor_name="某公司", donor_kind="company", kind="money", amount_yuan=amount, **restrict
        )
        return donation_pledge(actor=self.hub_operator, incident=self.incident, data=data)  # type: ignore[arg-type]

    def buy(self, qty: int, price: str, donation: Donation | None = None, **where: object) -> Purchase:
        data = PurchaseInput(
            supplier="某医疗器械公司",
            item=self.item,
            quantity=qty,
            unit_price=Decimal(price),
            **({"warehouse": self.house} | where),  # type: ignore[arg-type]
        )
        return purchase_record(actor=self.hub_coord, donation=donation or self.money, data=data)

    def test_it_receives_the_goods_as_a_lot_of_the_money_donation(self) -> None:
        p = self.buy(200, "3.50")
        self.assertEqual(p.total, Decimal("700.00"))
        lot = StockLot.objects.get()
        self.assertEqual((lot.donation_id, lot.quantity, lot.purchase.pk), (self.money.pk, 200, p.pk))
        self.assertEqual(StockMove.objects.get().kind, "receipt")
        self.money.refresh_from_db()
        self.assertEqual(
            (self.money.spent_yuan, self.money.remaining_yuan), (Decimal("700.00"), Decimal("300.00"))
        )

    def test_it_refuses_more_than_the_money_left_and_writes_nothing(self) -> None:
        self.buy(200, "3.50")
        with self.assertRaisesMessage(DomainError, "剩余资金 300.00 元"):
            self.buy(100, "3.01")
        self.assertEqual((Purchase.objects.count(), StockLot.objects.count()), (1, 1))
        self.buy(100, "3.00")  # exactly what is left
        self.money.refresh_from_db()
        self.assertEqual(self.money.remaining_yuan, Decimal("0.00"))

    def test_it_refuses_goods_donations_cancelled_ones_and_bad_input(self) -> None:
        goods = fx.stock(self.hub_coord, self.house, self.item, 5).donation
        with self.assertRaisesMessage(DomainError, "资金捐赠"):
            self.buy(1, "1", donation=goods)
        other = self.pledge_money(Decimal(10))
        donation_cancel(actor=self.hub_coord, donation=other, reason="重复")
        with self.assertRaises(DomainError):
            self.buy(1, "1", donation=other)
        for qty, price in ((0, "1"), (1, "0"), (-1, "2")):
            with self.assertRaises(DomainError):
                self.buy(qty, price)
        site = fx.site_with_need(self.hub_operator, self.incident, self.item, 5).site
        with self.assertRaises(DomainError):  # both a warehouse and a site
            self.buy(1, "1", site=site)

    def test_spent_money_pins_the_donation(self) -> None:
        self.buy(1, "1")
        with self.assertRaises(ConflictError):
            donation_cancel(actor=self.hub_coord, donation=self.money, reason="撤回")

    def test_restrictions_of_the_money_follow_the_goods(self) -> None:
        money = self.pledge_money(Decimal(100), only_site_kinds=["hospital"])
        community = fx.site_with_need(
            self.hub_operator, self.incident, self.item, 5, name="某社区", kind="community"
        )
        with self.assertRaisesMessage(DomainError, "定向捐赠"):
            self.buy(5, "1", donation=money, warehouse=None, site=community.site)
        self.buy(10, "1", donation=money)
        hospital = fx.site_with_need(self.hub_operator, self.incident, self.item, 10)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        self.assertEqual({pl.need_id for pl in plan.lines.all()}, {hospital.pk})

    @override_settings(MEDIA_ROOT=tempfile.gettempdir())
    def test_the_donor_sees_what_was_bought_and_where_it_went(self) -> None:
        self.buy(100, "2.00")
        need = fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        (shipment,) = plan_approve(
            actor=self.hub_coord,
            plan=plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item]),
        )
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        clinic = fx.site_with_need(
            self.hub_operator, self.incident, self.item, 30, name="某方舱", kind="shelter"
        )
        direct = self.buy(30, "2.50", warehouse=None, site=clinic.site).shipment
        shipment_dispatch(actor=self.hub_operator, shipment=direct, vehicle="鄂A2", driver="刘")
        shipment_deliver(actor=self.hub_operator, shipment=direct, receiver_name="张护士")
        clinic.refresh_from_db()
        need.refresh_from_db()
        self.assertEqual(
            (need.qty_delivered, clinic.qty_delivered, clinic.status), (60, 30, SiteNeed.Status.MET)
        )
        page = self.client.get(f"/supplies/feedback/{self.money.feedback_token}/")
        self.assertContains(page, "某医疗器械公司")
        self.assertContains(page, "某定点医院")
        self.assertContains(page, "某方舱")
        self.assertContains(page, "275.00")  # 200 + 75 spent
        report = page.context["r"]
        self.assertEqual(sorted(d["quantity"] for d in report.deliveries), [30, 60])
        xlsx = self.client.get(f"/supplies/feedback/{self.money.feedback_token}/?format=xlsx")
        self.assertEqual(xlsx.content[:2], b"PK")
        self.assertEqual(Shipment.objects.filter(warehouse__isnull=True).count(), 1)

    def test_a_refused_purchase_keeps_what_was_typed_under_its_donation(self) -> None:
        other = self.pledge_money(Decimal("50.00"))
        self.login(self.hub_coord)
        data = {
            "supplier": "某医疗器械公司",
            "item": self.item.pk,
            "quantity": "500",
            "unit_price": "3.50",
            "warehouse": self.house.pk,
            "expires_on": "2031-02-03",
        }
        url = f"/supplies/{self.incident.pk}/do/purchase-add/{self.money.pk}/"
        response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Purchase.objects.exists())  # 1750 yuan > 1000
        rows = {d.pk: d for d in response.context["donations"]}
        kept = rows[self.money.pk].purchase_form
        self.assertEqual((kept["supplier"].value(), kept["quantity"].value()), ("某医疗器械公司", "500"))
        self.assertEqual(rows[other.pk].purchase_form["supplier"].value(), None)
        html = response.content.decode()
        self.assertIn(f'<option value="{self.house.pk}" selected>', html)
        self.assertIn('value="2031-02-03"', html)
        # shown once: the next visit starts blank
        response = self.client.get(f"/supplies/{self.incident.pk}/donations/")
        self.assertIsNone(response.context["donations"][-1].purchase_form["supplier"].value())
