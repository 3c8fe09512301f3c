"""help_request_bulk_insert writes the same rows the one-by-one create does, in any batch size."""

from typing import Any

from django.forms.models import model_to_dict

from cases.models import HelpRequest, NeedLine
from cases.services import help_request_bulk_insert
from core.models import Event
from heli.test import BaseTestCase, request_input

# Set per row by the database or the clock; everything else must match the ORM-written request.
VARYING = {"id", "created_at", "updated_at", "claim_due_at", "resolve_due_at", "next_due_at"}


def comparable(hr: HelpRequest) -> dict[str, Any]:
    return {k: v for k, v in model_to_dict(hr).items() if k not in VARYING}


class BulkInsertTests(BaseTestCase):
    def test_it_writes_what_create_writes(self) -> None:
        data = request_input(groups=["elderly", "child"], for_other=True, beneficiary_name="李奶奶",
                             beneficiary_phone="029-88881234", lat=34.2, lon=108.9, urgency=1)
        single = self.new_request(groups=data.groups, for_other=True, beneficiary_name="李奶奶",
                                  beneficiary_phone="029-88881234", lat=34.2, lon=108.9, urgency=1)
        ids, errors = help_request_bulk_insert(actor=self.hub_operator, incident=self.incident, rows=[data],
                                               org=self.hub)
        self.assertEqual(errors, {})
        bulk = HelpRequest.objects.get(pk=ids[0])
        self.assertEqual(comparable(bulk), comparable(single))
        for hr in (single, bulk):
            hr.refresh_from_db()
        self.assertEqual(bulk.claim_due_at - bulk.created_at, single.claim_due_at - single.created_at)
        self.assertEqual(bulk.resolve_due_at - bulk.created_at, single.resolve_due_at - single.created_at)
        self.assertEqual(bulk.next_due_at, bulk.claim_due_at)
        self.assertEqual(list(bulk.needs.values_list("category", "item", "qty_requested", "unit")),
                         [("food", "大米", 10, "斤")])

    def test_it_writes_batches_that_do_not_fill_whole_statements(self) -> None:
        # SQLite packs ~23 requests and ~166 need lines per statement; 50 leaves a remainder of each.
        rows = [request_input(requester_phone=f"139{i:08d}", urgency=1 + i % 4) for i in range(50)]
        rows[7] = request_input(requester_phone="123")
        ids, errors = help_request_bulk_insert(actor=self.hub_operator, incident=self.incident, rows=rows,
                                               org=self.hub)
        self.assertEqual(list(errors), [7])
        self.assertEqual(len(ids), 49)
        saved = dict(HelpRequest.objects.filter(pk__in=ids).values_list("pk", "requester_phone"))
        self.assertEqual([saved[pk] for pk in ids], [r.requester_phone for i, r in enumerate(rows) if i != 7])
        self.assertEqual(NeedLine.objects.filter(help_request_id__in=ids).count(), 49)
        self.assertEqual(set(HelpRequest.objects.values_list("status", flat=True)), {"new"})
        event = Event.objects.get(kind="bulk_created")
        self.assertEqual(event.data, {"count": 49, "first_id": ids[0], "last_id": ids[-1]})
