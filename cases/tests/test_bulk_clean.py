"""Bulk intake's fast validation must accept exactly what `_check` accepts, with the same values."""

import random
from dataclasses import replace
from typing import Any

from django.test import SimpleTestCase

from cases.models import HelpRequest
from cases.services.bulk import _fast_clean, _Memo, clean_rows
from cases.services.intake import InvalidInput, NeedInput, RequestInput, _check

GOOD = RequestInput(
    channel="hotline", requester_name=" 张先生 ", requester_phone="13600001111", division_code="610113",
    address_detail="雁塔路 1号楼 2单元", people_count=2, urgency=2, description="缺米", raw_text="原文",
    groups=["living_alone", "elderly", "elderly"], consent_share=True, lat=34.2, lon=108.9,
    needs=[NeedInput(category="food", item="米", qty_requested=2, unit="袋")],
)

# Values that sit on either side of each rule of `_check`, plus wrong types a direct caller might pass.
EDGES: dict[str, list[Any]] = {
    "channel": ["wechat", "fax", "", None, 3, HelpRequest.Channel.WEIBO],
    "requester_name": ["", "   ", "李" * 60, "李" * 61, " 王 ", "a\x00b", None],
    "requester_phone": ["13900000000", "139 0000 0000", "+8613900000000", "008613900000000", "12900000000",
                        "1390000000", "139000000001", "029-88881234", "02988881234", "123", "", None,
                        "１３９００００００００", "13900000000\n", "1390000000a", "\x0013900000000"],
    "beneficiary_phone": ["", "13900000001", "bad", None],
    "beneficiary_name": ["", " 老王 ", "王" * 61, None],
    "for_other": [False, True, 0, 1],
    "division_code": ["", "61", "6101", "610113", "610113001", "999999", " 610113 ", "61011", None],
    "address_detail": ["", "  ", "Ａ栋 2 单元", "x" * 200, "x" * 201, None],
    "people_count": [1, 0, 100_000, 100_001, True, "3", 2.0, None],
    "urgency": [1, 4, 0, 5, True, 2.0, "2", None],
    "description": ["", "x" * 5000, "x" * 5001, None],
    "raw_text": ["", "x" * 5001, "a\x00", None],
    "groups": [[], ["child"], ["child", "child"], ["alien"], [1], ("child",), None],
    "consent_share": [True, False, 1, None],
    "lat": [None, 0, 90, 90.5, -90, True, "34", float("nan")],
    "lon": [None, 180, -181, 108.9],
    "needs": [[], [NeedInput(category="water")], [NeedInput(category="gold")],
              [NeedInput(category="food", qty_requested=0)], [NeedInput(category="food", qty_requested=True)],
              [NeedInput(category="food", item="x" * 101)], [NeedInput(category="food", unit="x" * 13)],
              [NeedInput(category="food", item=None)], [NeedInput(category="food", item="a\x00")],  # type: ignore[arg-type]
              [NeedInput(category="food", qty_requested="2")]],  # type: ignore[arg-type]
}


def expected(row: RequestInput) -> Any:
    try:
        return _check(row)
    except InvalidInput as exc:
        return exc.errors
    except Exception as exc:  # noqa: BLE001  (a type `_check` cannot take must fail the same way)
        return type(exc)


def actual(row: RequestInput) -> Any:
    try:
        good, cleans, errors = clean_rows([row])
    except Exception as exc:  # noqa: BLE001
        return type(exc)
    return cleans[0] if good else errors[0]


class BulkCleanTests(SimpleTestCase):
    def test_it_takes_the_fast_path_for_a_plain_good_row(self) -> None:
        self.assertEqual(_fast_clean(GOOD, _Memo()), _check(GOOD))

    def test_it_matches_check_for_every_edge_value(self) -> None:
        for name, values in EDGES.items():
            for value in values:
                row = replace(GOOD, **{name: value})
                with self.subTest(field=name, value=value):
                    self.assertEqual(actual(row), expected(row))

    def test_it_matches_check_for_random_combinations(self) -> None:
        rng = random.Random(3)
        names = list(EDGES)
        for _ in range(2000):
            row = replace(GOOD, **{n: rng.choice(EDGES[n]) for n in rng.sample(names, 3)})
            with self.subTest(row=row):
                self.assertEqual(actual(row), expected(row))

    def test_it_reports_errors_by_index_and_keeps_the_rest(self) -> None:
        rows = [GOOD, replace(GOOD, urgency=9), replace(GOOD, requester_phone="13900000002")]
        good, cleans, errors = clean_rows(rows)
        self.assertEqual(good, [0, 2])
        self.assertEqual([c["requester_phone"] for c in cleans], ["13600001111", "13900000002"])
        self.assertEqual(list(errors), [1])
        self.assertIn("urgency", errors[1])

    def test_it_gives_each_row_its_own_groups_list(self) -> None:
        _, cleans, _ = clean_rows([GOOD, GOOD])
        self.assertEqual(cleans[0]["groups"], ["elderly", "living_alone"])
        self.assertIsNot(cleans[0]["groups"], cleans[1]["groups"])
