"""The OpenAPI schema builds cleanly and documents what the hand-written JSON code reads and writes."""

import os

from django.core.management import call_command

from cases.api import inputs, schema
from cases.api.render import detail_json, row_json
from cases.services.intake import CORRECTABLE
from cases.tests.test_api_base import ApiTestCase


class SchemaTests(ApiTestCase):
    def test_it_serves_the_schema(self) -> None:
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"/api/requests/{code}/transfer-decide/", response.content)

    def test_it_generates_without_warnings(self) -> None:
        call_command("spectacular", "--fail-on-warn", "--validate", "--file", os.devnull)

    def test_it_documents_the_json_the_code_writes(self) -> None:
        hr = self.new_request()
        self.assertEqual(set(row_json(hr)), set(schema.HelpRequestRowSerializer().fields))
        self.assertEqual(set(detail_json(hr, timeline=True)), set(schema.HelpRequestSerializer().fields))

    def test_it_documents_the_fields_the_code_reads(self) -> None:
        self.assertEqual(set(schema.RequestSerializer().fields), {"incident", *inputs.FIELDS})
        self.assertEqual(set(schema.UpdateSerializer().fields), {"reason", *CORRECTABLE})
