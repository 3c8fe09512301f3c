"""Property: a plan built from the database never exceeds a lot or a need, and restricted donations
only go to sites their donor allowed (the mapping models → solver → plan lines, not just the solver)."""

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from heli.test import make_user
from orgs.models import Incident, Organisation
from supplies.models import PlanLine, SiteNeed, StockLot
from supplies.restrictions import site_allowed
from supplies.services import plan_propose
from supplies.tests import factory as fx

KINDS = ("hospital", "community", "care_home")
RESTRICT = (
    {},
    {"only_site_kinds": ["hospital"]},
    {"only_groups": ["elderly"]},
    {"only_division": "420102"},
    {"only_site_kinds": ["community"], "only_division": "420103"},  # may match nobody: must stay unused
)


class PlanPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.hub = Organisation.objects.create(name="枢纽", kind="hub")
        cls.incident = Incident.objects.create(
            name="测试", code_prefix="PT", kind="epidemic", hub=cls.hub, started_at="2020-01-23T00:00+08:00"
        )
        cls.coord = make_user("coord", cls.hub, "coordinator")

    @settings(max_examples=15, deadline=None)
    @given(
        lots=st.lists(
            st.tuples(st.integers(0, 1), st.integers(1, 60), st.sampled_from(range(len(RESTRICT)))),
            min_size=1,
            max_size=4,
        ),
        needs=st.lists(
            st.tuples(
                st.sampled_from(KINDS),
                st.sampled_from(("420102", "420103")),
                st.integers(1, 50),
                st.integers(1, 4),
                st.floats(30.5, 30.7),
            ),
            min_size=1,
            max_size=6,
        ),
    )
    def test_plans_respect_stock_need_and_restrictions(self, lots, needs) -> None:
        item = fx.mask(self.coord)
        houses = [fx.warehouse(self.coord, self.incident, self.hub, name=f"仓{i}") for i in range(2)]
        for house, qty, r in lots:
            fx.stock(self.coord, houses[house], item, qty, **RESTRICT[r])
        for i, (kind, division, qty, urgency, lat) in enumerate(needs):
            need = fx.site_with_need(
                self.coord,
                self.incident,
                item,
                qty,
                name=f"点{i}",
                kind=kind,
                urgency=urgency,
                lat=lat,
                division=division,
            )
            if kind == "care_home":
                need.site.groups = ["elderly"]
                need.site.save(update_fields=["groups"])
        plan = plan_propose(actor=self.coord, incident=self.incident, items=[item])
        per_lot: dict[int, int] = defaultdict(int)
        per_need: dict[int, int] = defaultdict(int)
        for pl in PlanLine.objects.filter(plan=plan).select_related("lot__donation", "need__site"):
            per_lot[pl.lot_id] += pl.quantity
            per_need[pl.need_id] += pl.quantity
            self.assertTrue(site_allowed(pl.lot.donation, pl.need.site), (pl.lot.donation, pl.need.site))
        for lot in StockLot.objects.filter(pk__in=per_lot):
            self.assertLessEqual(per_lot[lot.pk], lot.quantity)
        for need in SiteNeed.objects.filter(pk__in=per_need):
            self.assertLessEqual(per_need[need.pk], need.quantity)
