"""The access helpers, persona by persona: deny by default."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from cases.access import Action, get_help_request_for_user, visible_help_requests
from cases.services import help_request_assign_volunteer, help_request_claim, verification_record
from heli.test import BaseTestCase


class VisibilityTests(BaseTestCase):
    def setUp(self) -> None:
        self.shared = self.new_request(consent_share=True)
        self.private = self.new_request(consent_share=False, requester_phone="13900139000")
        self.own = self.new_request(
            actor=self.member_operator, consent_share=False, requester_phone="13700137000"
        )
        self.own.created_by_org = self.org_a
        self.own.save(update_fields=["created_by_org"])
        self.elsewhere = self.new_request(incident=self.other_incident)

    def visible(self, user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(visible_help_requests(user).values_list("pk", flat=True))

    def test_it_shows_the_hub_everything_in_its_network(self) -> None:
        expected = {self.shared.pk, self.private.pk, self.own.pk}
        self.assertEqual(self.visible(self.hub_coord), expected)
        self.assertEqual(self.visible(self.hub_operator), expected)

    def test_it_shows_members_shared_and_own_requests_only(self) -> None:
        self.assertEqual(self.visible(self.member_coord), {self.shared.pk, self.own.pk})
        self.assertEqual(self.visible(self.member_b_coord), {self.shared.pk})

    def test_it_shows_volunteers_only_their_tasks(self) -> None:
        self.assertEqual(self.visible(self.vol), set())
        verification_record(actor=self.hub_operator, help_request=self.shared, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=self.shared, org=self.org_a)
        help_request_assign_volunteer(actor=self.member_coord, help_request=self.shared, volunteer=self.vol)
        self.assertEqual(self.visible(self.vol), {self.shared.pk})

    def test_it_shows_viewers_and_outsiders_nothing(self) -> None:
        self.assertEqual(self.visible(self.viewer), set())
        self.assertEqual(self.visible(self.outsider), {self.elsewhere.pk})
        with self.assertRaises(Http404):
            get_help_request_for_user(self.outsider, self.shared.code)
        with self.assertRaises(Http404):
            get_help_request_for_user(self.viewer, self.shared.code)

    def test_it_gives_full_details_only_to_hub_and_owning_org(self) -> None:
        get_help_request_for_user(self.hub_operator, self.private.code, need=Action.VIEW_FULL)
        get_help_request_for_user(self.member_coord, self.own.code, need=Action.VIEW_FULL)
        with self.assertRaises(PermissionDenied):
            get_help_request_for_user(self.member_coord, self.shared.code, need=Action.VIEW_FULL)
        with self.assertRaises(Http404):
            get_help_request_for_user(self.member_b_coord, self.private.code, need=Action.VIEW_FULL)

    def test_it_rejects_malformed_and_foreign_codes(self) -> None:
        for code in ("", "XA", "XA-abc", f"HN-{self.shared.pk:06d}", "ZZ-000001"):
            with self.subTest(code=code), self.assertRaises(Http404):
                get_help_request_for_user(self.hub_coord, code)

    def test_it_answers_404_not_500_to_codes_with_non_ascii_digits(self) -> None:
        # "²".isdigit() is True but int("²") raises: each of these pages used to crash.
        self.login(self.hub_coord)
        for code in ("XA-²", "XA-٣", f"XA-{'9' * 30}", "X%00A-000001", "XAXAXAXA-000001"):
            with self.subTest(code=code):
                self.assertEqual(self.client.get(f"/requests/{code}/").status_code, 404)
                self.assertEqual(self.client.get(f"/api/requests/{code}/").status_code, 404)
                self.assertEqual(self.client.post(f"/requests/{code}/claim/").status_code, 404)
                self.assertEqual(self.client.post(f"/requests/{code}/reveal/").status_code, 404)
        self.client.logout()
        response = self.client.post("/help/status/", {"code": "XA-²", "phone_last4": "8000"})
        self.assertContains(response, "编号或手机号后四位不正确")

    def test_it_sends_no_nul_to_the_database(self) -> None:
        # PostgreSQL's driver refuses NUL in a parameter; the path of a request page may carry one.
        self.login(self.hub_coord)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(f"/requests/X%00A-{self.shared.pk:06d}/").status_code, 404)
        self.assertFalse([q["sql"] for q in queries.captured_queries if "\x00" in q["sql"]])

    def test_it_denies_anonymous(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        self.assertEqual(set(visible_help_requests(AnonymousUser()).values_list("pk", flat=True)), set())
