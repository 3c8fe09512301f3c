"""Expiry: plans and shipments draw first-expiry-first-out, never from an expired lot; expired stock
is shown apart and written off with a reason."""

from datetime import timedelta

from django.utils import timezone

from cases.services import verification_record
from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase
from supplies.models import StockLot, StockMove
from supplies.services import household_shipment_create, lot_write_off, plan_approve, plan_propose
from supplies.tests import factory as fx


class ExpiryTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        self.today = timezone.localdate()

    def lot(self, qty: int, days: int | None) -> StockLot:
        expiry = None if days is None else self.today + timedelta(days=days)
        return fx.stock(self.hub_coord, self.house, self.item, qty, expires_on=expiry)

    def test_a_plan_draws_the_lot_that_expires_first(self) -> None:
        later, never, soon = self.lot(50, 90), self.lot(50, None), self.lot(30, 5)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        drawn = {pl.lot_id: pl.quantity for pl in plan.lines.all()}
        self.assertEqual(drawn, {soon.pk: 30, later.pk: 30})
        self.assertNotIn(never.pk, drawn)

    def test_an_expired_lot_is_never_planned(self) -> None:
        expired, fresh = self.lot(100, -1), self.lot(20, 0)  # expiring today is still usable
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        self.assertEqual({pl.lot_id: pl.quantity for pl in plan.lines.all()}, {fresh.pk: 20})
        expired.refresh_from_db()
        self.assertEqual(expired.quantity, 100)

    def test_approval_refuses_a_lot_that_expired_since_the_plan(self) -> None:
        lot = self.lot(50, 3)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 20)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        StockLot.objects.filter(pk=lot.pk).update(expires_on=self.today - timedelta(days=1))
        with self.assertRaisesMessage(DomainError, "过期"):
            plan_approve(actor=self.hub_coord, plan=plan)
        lot.refresh_from_db()
        self.assertEqual(lot.quantity, 50)

    def test_a_household_shipment_draws_fefo_and_skips_expired_lots(self) -> None:
        expired, later, soon = self.lot(100, -3), self.lot(10, 60), self.lot(4, 2)
        hr = self.new_request(**fx.mask_needs())
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        need = hr.needs.get()
        shipment = household_shipment_create(
            actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(expired, need, 6)]
        )
        self.assertEqual(
            sorted(shipment.lines.values_list("lot_id", "quantity")), sorted([(soon.pk, 4), (later.pk, 2)])
        )
        with self.assertRaises(ConflictError):
            household_shipment_create(
                actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(later, need, 9)]
            )
        expired.refresh_from_db()
        self.assertEqual(expired.quantity, 100)

    def test_write_off_needs_a_reason_and_is_a_ledger_move(self) -> None:
        lot = self.lot(40, -10)
        with self.assertRaises(DomainError):
            lot_write_off(actor=self.hub_coord, lot=lot, reason=" ")
        with self.assertRaisesMessage(ConflictError, "库存不足"):
            lot_write_off(actor=self.hub_coord, lot=lot, reason="过期", quantity=41)
        before = Event.objects.count()
        lot_write_off(actor=self.hub_coord, lot=lot, reason="过期销毁")
        lot.refresh_from_db()
        self.assertEqual(lot.quantity, 0)
        move = StockMove.objects.get(kind="write_off")
        self.assertEqual((move.delta, move.reason), (-40, "过期销毁"))
        self.assertEqual(sum(lot.moves.values_list("delta", flat=True)), 0)
        self.assertEqual(Event.objects.count(), before + 1)

    def test_stock_pages_show_expired_stock_apart(self) -> None:
        self.lot(7, -1)
        self.lot(5, 30)
        self.login(self.hub_coord)
        page = self.client.get(f"/supplies/{self.incident.pk}/")
        self.assertEqual([s["n"] for s in page.context["stock"]], [5])
        self.assertEqual([s["n"] for s in page.context["expired"]], [7])
        house = self.client.get(f"/supplies/{self.incident.pk}/warehouses/")
        self.assertContains(house, "lot-write-off")
