"""Bad input through the action endpoints: a clear message, nothing written, no server error."""

from typing import Any

from heli.test import BaseTestCase
from supplies.models import Donation, Item, SiteNeed, StockCount, StockLot, Warehouse
from supplies.services import direct_shipment_create, donation_pledge, site_need_set
from supplies.services.donations import PledgeInput
from supplies.tests import factory as fx


class BadInputTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        self.login(self.hub_coord)

    def post(self, name: str, data: dict[str, Any], pk: int | None = None) -> list[str]:
        url = f"/supplies/{self.incident.pk}/do/{name}/" + (f"{pk}/" if pk else "")
        response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        return [str(m) for m in response.context["messages"] if m.level_tag == "error"]

    def pledge(self, **extra: Any) -> Donation:
        return donation_pledge(
            actor=self.hub_coord,
            incident=self.incident,
            data=PledgeInput(
                donor_name="某企业", donor_kind="company", kind="goods", lines=[(self.item, 10)], **extra
            ),
        )

    def test_a_bad_expiry_date_is_named_as_such(self) -> None:
        donation = self.pledge()
        line = donation.lines.get()
        errors = self.post(
            "donation-receive",
            {"warehouse": self.house.pk, f"qty_{line.pk}": "10", f"expiry_{line.pk}": "2030-13-45"},
            donation.pk,
        )
        self.assertEqual(len(errors), 1)
        self.assertIn("有效期", errors[0])
        self.assertFalse(StockLot.objects.exists())

    def test_a_junk_warehouse_id_on_receipt_asks_for_a_warehouse(self) -> None:
        donation = self.pledge()
        line = donation.lines.get()
        for junk in ("abc", "²", "9" * 25, str(self.house.pk + 999)):
            errors = self.post("donation-receive", {"warehouse": junk, f"qty_{line.pk}": "10"}, donation.pk)
            self.assertEqual(errors, ["请选择入库仓库。"], junk)
        self.assertFalse(StockLot.objects.exists())

    def test_a_money_pledge_does_not_take_goods_lines(self) -> None:
        errors = self.post(
            "donation-add",
            {
                "donor_name": "某企业",
                "donor_kind": "company",
                "kind": "money",
                "amount_yuan": "100",
                "item": self.item.pk,
                "quantity": 5,
            },
        )
        self.assertEqual(len(errors), 1)
        self.assertFalse(Donation.objects.exists())

    def test_quantities_beyond_any_database_integer_are_refused(self) -> None:
        site = fx.site_with_need(self.hub_operator, self.incident, self.item, 5).site
        errors = self.post("need-set", {"item": self.item.pk, "quantity": 10**12, "urgency": 2}, site.pk)
        self.assertEqual(len(errors), 1)
        self.assertEqual(SiteNeed.objects.get().quantity, 5)
        donation = self.pledge()
        line = donation.lines.get()
        errors = self.post(
            "donation-receive", {"warehouse": self.house.pk, f"qty_{line.pk}": str(10**12)}, donation.pk
        )
        self.assertEqual(len(errors), 1)
        self.assertFalse(StockLot.objects.exists())

    def test_lowering_a_need_to_what_was_delivered_closes_it(self) -> None:
        need = fx.site_with_need(self.hub_operator, self.incident, self.item, 50)
        SiteNeed.objects.filter(pk=need.pk).update(qty_delivered=20)
        need = site_need_set(actor=self.hub_coord, site=need.site, item=self.item, quantity=20, urgency=2)
        self.assertEqual(need.status, SiteNeed.Status.MET)
        gone = site_need_set(actor=self.hub_coord, site=need.site, item=self.item, quantity=0, urgency=2)
        self.assertEqual(gone.status, SiteNeed.Status.MET)

    def test_a_direct_shipment_comes_from_the_donor_whoever_carries_it(self) -> None:
        donation = self.pledge()
        site = fx.site_with_need(self.hub_operator, self.incident, self.item, 5).site
        shipment = direct_shipment_create(
            actor=self.hub_coord,
            donation=donation,
            site=site,
            quantities={donation.lines.get().pk: 5},
            carrier="顺丰",
        )
        self.assertIn("某企业", shipment.origin)
        self.assertIn("顺丰", shipment.origin)

    def test_a_form_error_keeps_what_was_typed(self) -> None:
        data = {"name": "某方舱医院", "kind": "shelter", "lat": "95", "lon": "114", "address": "某路 1 号"}
        self.client.post(f"/supplies/{self.incident.pk}/do/site-add/", data)
        page = self.client.get(f"/supplies/{self.incident.pk}/sites/")
        self.assertEqual([m.level_tag for m in page.context["messages"]], ["error"])
        self.assertContains(page, 'value="某方舱医院"')
        self.assertContains(page, 'value="某路 1 号"')
        self.assertContains(page, '<option value="shelter" selected>')
        again = self.client.get(f"/supplies/{self.incident.pk}/sites/")
        self.assertNotContains(again, 'value="某方舱医院"')  # once only

    def test_a_household_need_is_served_only_with_its_own_item(self) -> None:
        from cases.services import verification_record
        from core.errors import DomainError
        from supplies.services import household_shipment_create, item_create

        masks = fx.stock(self.hub_coord, self.house, self.item, 10)
        rice_item = item_create(
            actor=self.hub_coord, name="东北大米", category="food", unit="bag", aliases=["大米"]
        )
        rice = fx.stock(self.hub_coord, self.house, rice_item, 10)
        hr = self.new_request()  # needs 大米 10 斤
        verification_record(actor=self.hub_operator, help_request=hr, outcome="confirmed")
        need = hr.needs.get()
        with self.assertRaisesMessage(DomainError, "大米"):
            household_shipment_create(
                actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(masks, need, 2)]
            )
        masks.refresh_from_db()
        self.assertEqual(masks.quantity, 10)
        shipment = household_shipment_create(
            actor=self.hub_coord, help_request=hr, warehouse=self.house, lines=[(rice, need, 2)]
        )
        self.assertEqual(shipment.lines.get().item, rice_item)


class DonorIdentityTests(BaseTestCase):
    def pledge(self, contact: str) -> Donation:
        data = PledgeInput(donor_name="张伟", donor_kind="person", donor_contact=contact, kind="goods",
                           lines=[(fx.mask(self.hub_coord), 5)])
        return donation_pledge(actor=self.hub_coord, incident=self.incident, data=data)

    def test_two_donors_with_one_name_stay_apart_and_one_donor_stays_one(self) -> None:
        first, again = self.pledge("13800000001"), self.pledge(" 13800000001")
        other = self.pledge("13800000002")
        self.assertEqual(first.donor_id, again.donor_id)
        self.assertNotEqual(first.donor_id, other.donor_id)


class OversizedNumberTests(BaseTestCase):
    """Numbers past the database integer were a server error on the warehouse and catalogue forms."""

    def test_a_huge_warehouse_area_is_refused_and_the_form_kept(self) -> None:
        self.login(self.hub_coord)
        data = {"name": "大仓", "lat": "30.6", "lon": "114.3", "area_m2": "9" * 25}
        response = self.client.post(f"/supplies/{self.incident.pk}/do/warehouse-add/", data, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len([m for m in response.context["messages"] if m.level_tag == "error"]), 1)
        self.assertFalse(Warehouse.objects.exists())
        self.assertEqual(response.context["form"].initial["name"], "大仓")

    def test_a_huge_pack_size_is_refused(self) -> None:
        self.login(self.hub_coord)
        data = {"name": "隔离衣", "category": "protective", "unit": "件", "pack_size": "9" * 25}
        response = self.client.post("/supplies/catalogue/add/", data, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Item.objects.filter(name="隔离衣").exists())
        self.assertEqual(response.context["form"].initial["name"], "隔离衣")


class PlanItemIdTests(BaseTestCase):
    def test_unusable_item_ids_are_ignored_not_a_server_error(self) -> None:
        item = fx.mask(self.hub_coord)
        self.login(self.hub_coord)
        url = f"/supplies/{self.incident.pk}/do/plan-new/"
        response = self.client.post(url, {"items": ["9" * 25, "²", "x", str(item.pk)]}, follow=True)
        self.assertEqual(response.status_code, 200)
        errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        self.assertNotIn("数量须为整数。", errors)


class NulTextTests(BaseTestCase):
    """PostgreSQL rejects NUL in text; fields read straight from POST must not reach it."""

    def test_a_nul_in_a_stock_count_reason_or_note_is_refused(self) -> None:
        item = fx.mask(self.hub_coord)
        house = fx.warehouse(self.hub_coord, self.incident, self.hub)
        lot = fx.stock(self.hub_coord, house, item, 10)
        self.login(self.hub_coord)
        url = f"/supplies/{self.incident.pk}/do/stock-count/{house.pk}/"
        for extra in ({f"reason_{lot.pk}": "破损\x00"}, {f"reason_{lot.pk}": "破损", "note": "\x00"}):
            response = self.client.post(url, {f"counted_{lot.pk}": "8", **extra}, follow=True)
            self.assertEqual(response.status_code, 200)
            errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
            self.assertEqual(errors, ["输入中含有无效字符(NUL)。"])
        self.assertFalse(StockCount.objects.exists())
        self.assertEqual(StockLot.objects.get().quantity, 10)

