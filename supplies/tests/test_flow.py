"""The whole path: pledge → receive → plan → approve → dispatch → deliver, and its bad inputs."""

import tempfile
from unittest import mock

from django.db.models import F
from django.test import override_settings

from cases.models import NeedLine
from cases.services import help_request_claim, verification_record
from core.errors import ConflictError, DomainError
from heli.test import BaseTestCase
from supplies.models import AllocationPlan, Donation, Item, Shipment, SiteNeed, StockLot, StockMove
from supplies.services import (
    household_shipment_create,
    item_create,
    item_resolve,
    offer_pledge,
    plan_approve,
    plan_edit,
    plan_propose,
    shipment_deliver,
    shipment_dispatch,
    shipment_fail,
    site_need_set,
    stock_count_record,
)
from supplies.services.donations import PledgeInput
from supplies.services.shipments import _need_delivered
from supplies.services.stock import CountInput
from supplies.tests import factory as fx


class FlowTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)

    def approved(self, stock: int = 100, need: int = 60) -> tuple[SiteNeed, Shipment]:
        fx.stock(self.hub_coord, self.house, self.item, stock)
        n = fx.site_with_need(self.hub_operator, self.incident, self.item, need)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        (shipment,) = plan_approve(actor=self.hub_coord, plan=plan)
        return n, shipment

    def test_it_resolves_aliases_and_standards(self) -> None:
        for name in ("N95", "n95 口罩", "医用防护口罩", "GB 19083-2010", "N95口罩"):
            self.assertEqual(item_resolve(name), self.item, name)
        with self.assertRaises(DomainError):
            item_create(
                actor=self.hub_coord, name="口罩", category="protective", unit="piece", aliases=["N95"]
            )

    def test_it_refuses_unknown_units_and_negative_quantities(self) -> None:
        with self.assertRaisesMessage(DomainError, "未知的单位"):
            item_create(actor=self.hub_coord, name="手套", category="protective", unit="打")
        with self.assertRaises(DomainError):
            fx.site_with_need(self.hub_operator, self.incident, self.item, -5)
        with self.assertRaises(DomainError):
            fx.stock(self.hub_coord, self.house, self.item, -1)
        self.assertFalse(Donation.objects.exists())

    def test_it_plans_approves_and_delivers(self) -> None:
        need, shipment = self.approved()
        self.assertEqual(StockLot.objects.get().quantity, 40)
        plan = shipment.plan
        self.assertEqual(set(plan.metrics), {"fair", "fcfs", "skipped_needs"})
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A12345", driver="张师傅")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        need.refresh_from_db()
        self.assertEqual((need.qty_delivered, need.status), (60, SiteNeed.Status.MET))
        with self.assertRaises(ConflictError):
            shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        need.refresh_from_db()
        self.assertEqual(need.qty_delivered, 60)

    def test_partial_delivery_returns_the_rest_to_stock(self) -> None:
        need, shipment = self.approved()
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        line = shipment.lines.get()
        shipment_deliver(
            actor=self.hub_operator, shipment=shipment, receiver_name="李", quantities={line.pk: 50}
        )
        shipment.refresh_from_db()
        need.refresh_from_db()
        self.assertEqual((shipment.status, need.qty_delivered, need.status), ("partly", 50, "open"))
        self.assertEqual(StockLot.objects.get().quantity, 50)
        self.assertEqual(sum(StockMove.objects.values_list("delta", flat=True)), 50)  # ledger = lot

    def test_failed_shipment_returns_everything(self) -> None:
        _, shipment = self.approved()
        shipment_fail(actor=self.hub_operator, shipment=shipment, reason="道路封闭")
        self.assertEqual(StockLot.objects.get().quantity, 100)

    def test_it_refuses_to_overdraw_and_keeps_nothing(self) -> None:
        fx.stock(self.hub_coord, self.house, self.item, 50)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 40)
        first = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        second = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        plan_approve(actor=self.hub_coord, plan=first)
        with self.assertRaisesMessage(DomainError, "库存不足"):
            plan_approve(actor=self.hub_coord, plan=second)
        second.refresh_from_db()
        self.assertEqual((second.status, Shipment.objects.count()), (AllocationPlan.Status.DRAFT, 1))
        self.assertEqual(StockLot.objects.get().quantity, 10)

    def test_edits_are_checked_against_stock_and_need(self) -> None:
        fx.stock(self.hub_coord, self.house, self.item, 100)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        line = plan.lines.get()
        for bad in (-1, 61):
            with self.assertRaises(DomainError):
                plan_edit(actor=self.hub_coord, plan=plan, quantities={line.pk: bad})
        plan_edit(actor=self.hub_coord, plan=plan, quantities={line.pk: 30})
        plan.refresh_from_db()
        self.assertEqual(plan.metrics["fair"]["served_fraction"], 0.5)

    def test_restricted_stock_only_goes_where_allowed(self) -> None:
        fx.stock(self.hub_coord, self.house, self.item, 100, only_site_kinds=["hospital"])
        fx.site_with_need(self.hub_operator, self.incident, self.item, 30, name="某社区", kind="community")
        hosp = fx.site_with_need(self.hub_operator, self.incident, self.item, 30)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        self.assertEqual({pl.need_id for pl in plan.lines.all()}, {hosp.pk})
        hr = self.new_request(**fx.mask_needs())
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        with self.assertRaisesMessage(DomainError, "定向捐赠"):
            household_shipment_create(
                actor=self.hub_coord,
                help_request=hr,
                warehouse=self.house,
                lines=[(StockLot.objects.get(), hr.needs.get(), 5)],
            )
        self.assertEqual(StockLot.objects.get().quantity, 100)

    def test_household_delivery_closes_help_request_lines(self) -> None:
        lot = fx.stock(self.hub_coord, self.house, self.item, 100)
        hr = self.new_request(**fx.mask_needs())
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        line = hr.needs.get()
        shipment = household_shipment_create(
            actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(lot, line, 10)]
        )
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="王阿姨")
        hr.refresh_from_db()
        self.assertEqual((NeedLine.objects.get(pk=line.pk).qty_delivered, hr.status), (10, "delivered"))

    def test_a_household_still_short_of_something_is_not_marked_delivered(self) -> None:
        from cases.services import NeedInput

        lot = fx.stock(self.hub_coord, self.house, self.item, 100)
        hr = self.new_request(needs=[NeedInput(category="supplies", item="医用防护口罩", qty_requested=10),
                                     NeedInput(category="medicine", item="胰岛素", qty_requested=2)])
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=hr, org=self.org_a)
        masks = hr.needs.get(item="医用防护口罩")
        shipment = household_shipment_create(
            actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(lot, masks, 10)]
        )
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="王阿姨")
        hr.refresh_from_db()
        # The masks are booked; the insulin is still missing, so the case stays with the org.
        self.assertEqual((NeedLine.objects.get(pk=masks.pk).qty_delivered, hr.status), (10, "claimed"))

    def test_stock_count_adjusts_with_a_reason(self) -> None:
        lot = fx.stock(self.hub_coord, self.house, self.item, 100)
        with self.assertRaises(DomainError):
            stock_count_record(actor=self.hub_coord, warehouse=self.house, lines=[CountInput(lot.pk, 90)])
        stock_count_record(actor=self.hub_coord, warehouse=self.house, lines=[CountInput(lot.pk, 90, "破损")])
        lot.refresh_from_db()
        self.assertEqual(lot.quantity, 90)
        self.assertEqual(StockMove.objects.filter(kind="adjust").get().delta, -10)

    def test_an_offer_becomes_a_pledged_donation_once(self) -> None:
        from cases.services import offer_create

        offer = offer_create(
            actor=self.hub_operator, incident=self.incident, text="可捐口罩5000只", needs=[], phones=[]
        )
        data = PledgeInput(donor_name="某公司", donor_kind="company", kind="goods", lines=[(self.item, 5000)])
        donation = offer_pledge(actor=self.hub_operator, offer=offer, data=data)
        self.assertEqual((donation.status, donation.offer_id), ("pledged", offer.pk))
        with self.assertRaises(DomainError):
            offer_pledge(actor=self.hub_operator, offer=offer, data=data)

    def test_a_need_updated_keeps_one_open_line(self) -> None:
        need = fx.site_with_need(self.hub_operator, self.incident, self.item, 10)
        again = site_need_set(
            actor=self.hub_operator, site=need.site, item=self.item, quantity=None, urgency=1
        )
        self.assertEqual((again.pk, again.quantity, SiteNeed.objects.count()), (need.pk, None, 1))

    @override_settings(MEDIA_ROOT=tempfile.gettempdir())
    def test_the_donor_report_counts_households_without_naming_them(self) -> None:
        need, shipment = self.approved()
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        donation = Donation.objects.get()
        page = self.client.get(f"/supplies/feedback/{donation.feedback_token}/")
        self.assertContains(page, "某定点医院")
        self.assertNotContains(page, "王阿姨")
        xlsx = self.client.get(f"/supplies/feedback/{donation.feedback_token}/?format=xlsx")
        self.assertEqual(xlsx.content[:2], b"PK")
        pdf = self.client.get(f"/supplies/feedback/{donation.feedback_token}/?format=pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF"))
        self.assertEqual(self.client.get("/supplies/feedback/guess/").status_code, 404)
        self.assertFalse(Item.objects.filter(name="").exists())


class RacingDeliveryTests(BaseTestCase):
    def test_a_need_filled_by_two_racing_deliveries_is_closed(self) -> None:
        item = fx.mask(self.hub_coord)
        need = fx.site_with_need(self.hub_operator, self.incident, item, 60)
        # the other delivery commits 20 after this one has read the need (a stale 0 here) ...
        SiteNeed.objects.filter(pk=need.pk).update(qty_delivered=F("qty_delivered") + 20)
        # ... and the read cannot see it: under READ COMMITTED that is what a re-read before it gives
        with mock.patch.object(SiteNeed, "refresh_from_db"):
            _need_delivered(need, 40)
        need = SiteNeed.objects.get(pk=need.pk)
        self.assertEqual((need.qty_delivered, need.status), (60, SiteNeed.Status.MET))
