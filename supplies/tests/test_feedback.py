"""The donor's report adds up: failed shipments are not deliveries, write-offs and count differences
are shown, and the PDF keeps every column of a long row."""

import re
from datetime import timedelta

from django.utils import timezone

from heli.test import BaseTestCase
from supplies.exports import to_pdf
from supplies.feedback import donation_report
from supplies.services import lot_write_off, plan_approve, plan_propose, shipment_fail
from supplies.services.stock import CountInput, stock_count_record
from supplies.tests import factory as fx


def pdf_lines(pdf: bytes) -> list[str]:
    return [
        bytes.fromhex(h).decode("utf-16-be") for h in re.findall(r"<([0-9A-F]*)> Tj", pdf.decode("latin-1"))
    ]


class FeedbackTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = fx.mask(self.hub_coord)
        self.house = fx.warehouse(self.hub_coord, self.incident, self.hub)

    def test_a_failed_shipment_is_not_a_delivery(self) -> None:
        lot = fx.stock(self.hub_coord, self.house, self.item, 100)
        fx.site_with_need(self.hub_operator, self.incident, self.item, 60)
        plan = plan_propose(actor=self.hub_coord, incident=self.incident, items=[self.item])
        (shipment,) = plan_approve(actor=self.hub_coord, plan=plan)
        shipment_fail(actor=self.hub_operator, shipment=shipment, reason="封路")
        report = donation_report(lot.donation)
        self.assertEqual(report.deliveries, [])
        self.assertEqual(report.in_stock, 100)

    def test_written_off_and_counted_units_are_accounted_for(self) -> None:
        expired = fx.stock(
            self.hub_coord, self.house, self.item, 10, expires_on=timezone.localdate() - timedelta(days=2)
        )
        lot_write_off(actor=self.hub_coord, lot=expired, quantity=4, reason="过期")
        stock_count_record(
            actor=self.hub_coord, warehouse=self.house, lines=[CountInput(expired.pk, 5, "破损")]
        )
        report = donation_report(expired.donation)
        self.assertEqual((report.in_stock, report.written_off, report.adjusted), (5, 4, -1))
        page = self.client.get(f"/supplies/feedback/{expired.donation.feedback_token}/")
        self.assertContains(page, "报损 4")

    def test_the_pdf_wraps_long_rows_instead_of_cutting_them(self) -> None:
        row = [
            "2020-02-01",
            "某某市第一人民医院东院区",
            "Designated hospital",
            "湖北省 武汉市 江汉区",
            "医用防护口罩",
            12345,
            "#678",
        ]
        lines = pdf_lines(to_pdf([row]))
        self.assertTrue(all(len(line) <= 54 for line in lines), lines)
        self.assertEqual("".join(lines), "  ".join(str(c) for c in row))


class FeedbackTokenTests(BaseTestCase):
    def test_a_nul_or_short_token_is_a_404_without_touching_the_database(self) -> None:
        # PostgreSQL refuses a NUL in a text parameter: the query would be a server error
        for token in ("a%00" + "b" * 31, "%00" * 32, "short"):
            with self.assertNumQueries(0):
                response = self.client.get(f"/supplies/feedback/{token}/")
            self.assertEqual(response.status_code, 404)
