"""Two coordinators approve plans drawing on the same lot at the same moment (PostgreSQL only:
SQLite serialises writers, so the race cannot happen there)."""

import threading
from unittest import skipUnless

from django.db import connection, connections
from django.test import TransactionTestCase

from core.errors import DomainError
from heli.test import make_user
from orgs.models import Incident, Organisation
from supplies.models import AllocationPlan, Shipment, StockLot, StockMove
from supplies.services import plan_approve, plan_propose
from supplies.tests import factory as fx


@skipUnless(connection.vendor == "postgresql", "needs PostgreSQL (DB=postgres)")
class ConcurrentApprovalTests(TransactionTestCase):
    def test_stock_never_goes_negative(self) -> None:
        hub = Organisation.objects.create(name="枢纽", kind="hub")
        incident = Incident.objects.create(
            name="测试", code_prefix="CC", kind="epidemic", hub=hub, started_at="2020-01-23T00:00+08:00"
        )
        coords = [make_user(f"c{i}", hub, "coordinator") for i in range(2)]
        item = fx.mask(coords[0])
        house = fx.warehouse(coords[0], incident, hub)
        for round_ in range(5):
            lot = fx.stock(coords[0], house, item, 100)
            fx.site_with_need(coords[0], incident, item, 80, name=f"医院{round_}")
            plans = [plan_propose(actor=c, incident=incident, items=[item]) for c in coords]
            barrier, outcome = threading.Barrier(2), []

            def approve(
                plan: AllocationPlan,
                actor: object,
                barrier: threading.Barrier = barrier,
                outcome: list = outcome,
            ) -> None:
                try:
                    barrier.wait()
                    plan_approve(actor=actor, plan=plan)
                    outcome.append("ok")
                except DomainError:
                    outcome.append("refused")
                finally:
                    connections.close_all()

            threads = [
                threading.Thread(target=approve, args=(p, c)) for p, c in zip(plans, coords, strict=True)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(sorted(outcome), ["ok", "refused"])
            lot.refresh_from_db()
            self.assertGreaterEqual(lot.quantity, 0)
            ledger = sum(StockMove.objects.filter(lot__warehouse=house).values_list("delta", flat=True))
            free = sum(StockLot.objects.filter(warehouse=house).values_list("quantity", flat=True))
            self.assertEqual(ledger, free)
            # the need is now met by the approved plan; close it so the next round plans afresh
            Shipment.objects.update(status="failed")
            from supplies.models import SiteNeed

            SiteNeed.objects.update(status="met")
