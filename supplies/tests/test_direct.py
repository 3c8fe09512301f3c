"""Pledged goods sent by the donor straight to a site (直送): reserved on the pledge, received on
delivery, the site's need reduced, the donor's report includes them."""

from core.errors import ConflictError, DomainError
from heli.test import BaseTestCase
from supplies.feedback import totals
from supplies.models import Donation, DonationLine, SiteNeed
from supplies.services import (
    direct_shipment_create,
    donation_pledge,
    donation_receive,
    shipment_deliver,
    shipment_dispatch,
    shipment_fail,
)
from supplies.services.donations import PledgeInput, ReceiptLine
from supplies.tests import factory as fx


class DirectShipmentTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = fx.mask(self.hub_coord)
        self.need = fx.site_with_need(self.hub_operator, self.incident, self.item, 80)
        self.donation = self.pledge(100)
        self.line = self.donation.lines.get()

    def pledge(self, qty: int, **restrict: object) -> Donation:
        data = PledgeInput(
            donor_name="某企业",
            donor_kind="company",
            kind="goods",
            lines=[(self.item, qty)],
            **restrict,  # type: ignore[arg-type]
        )
        return donation_pledge(actor=self.hub_operator, incident=self.incident, data=data)

    def ship(self, qty: int, donation: Donation | None = None):  # type: ignore[no-untyped-def]
        donation = donation or self.donation
        return direct_shipment_create(
            actor=self.hub_operator,
            donation=donation,
            site=self.need.site,
            quantities={donation.lines.get().pk: qty},
            carrier="某物流",
        )

    def test_delivery_reduces_the_need_and_counts_as_received(self) -> None:
        shipment = self.ship(80)
        self.assertEqual((shipment.warehouse_id, shipment.origin), (None, "某企业 · 某物流"))
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        self.need.refresh_from_db()
        self.line.refresh_from_db()
        self.assertEqual((self.need.qty_delivered, self.need.status), (80, SiteNeed.Status.MET))
        self.assertEqual((self.line.qty_received, self.line.qty_direct), (80, 0))
        self.donation.refresh_from_db()
        self.assertEqual(self.donation.status, "pledged")  # 20 still to come
        report = self.client.get(f"/supplies/feedback/{self.donation.feedback_token}/").context["r"]
        self.assertEqual(
            [(d["site"], d["quantity"], d["direct"]) for d in report.deliveries], [("某定点医院", 80, True)]
        )
        self.assertEqual(totals(self.incident)["donor"], [("某企业", 80)])

    def test_the_rest_can_still_be_received_into_a_warehouse(self) -> None:
        shipment = self.ship(60)
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        donation_receive(
            actor=self.hub_coord,
            donation=self.donation,
            warehouse=house,
            lines=[ReceiptLine(self.line.pk, 40)],
        )
        self.line.refresh_from_db()
        self.assertEqual(self.line.qty_received, 100)

    def test_it_never_sends_more_than_pledged(self) -> None:
        self.ship(70)
        with self.assertRaisesMessage(ConflictError, "超出"):
            self.ship(31)
        self.line.refresh_from_db()
        self.assertEqual(self.line.qty_direct, 70)

    def test_a_failed_or_short_delivery_gives_the_units_back_to_the_pledge(self) -> None:
        first = self.ship(50)
        shipment_fail(actor=self.hub_operator, shipment=first, reason="封路")
        second = self.ship(100)
        shipment_dispatch(actor=self.hub_operator, shipment=second, vehicle="鄂A1", driver="王")
        line = second.lines.get()
        shipment_deliver(
            actor=self.hub_operator, shipment=second, receiver_name="李", quantities={line.pk: 90}
        )
        self.line.refresh_from_db()
        self.assertEqual((self.line.qty_direct, self.line.qty_received, self.line.unsent), (0, 90, 10))
        with self.assertRaises(ConflictError):
            shipment_deliver(actor=self.hub_operator, shipment=second, receiver_name="李")
        self.line.refresh_from_db()
        self.assertEqual(self.line.qty_received, 90)

    def test_fully_delivered_goods_make_the_donation_received(self) -> None:
        shipment = self.ship(100)
        shipment_dispatch(actor=self.hub_operator, shipment=shipment, vehicle="鄂A1", driver="王")
        shipment_deliver(actor=self.hub_operator, shipment=shipment, receiver_name="李医生")
        self.donation.refresh_from_db()
        self.assertEqual(self.donation.status, "received")

    def test_it_refuses_restricted_received_and_empty(self) -> None:
        elderly_only = self.pledge(10, only_groups=["elderly"])
        with self.assertRaisesMessage(DomainError, "定向捐赠"):
            self.ship(5, donation=elderly_only)
        with self.assertRaises(DomainError):
            self.ship(0)
        house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        donation_receive(
            actor=self.hub_coord,
            donation=self.donation,
            warehouse=house,
            lines=[ReceiptLine(self.line.pk, 100)],
        )
        self.donation.refresh_from_db()
        with self.assertRaises(DomainError):
            self.ship(5)
        self.assertFalse(DonationLine.objects.filter(qty_direct__gt=0).exists())
