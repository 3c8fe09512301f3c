"""Who a claimed request can be sent to: the claiming org's people who can act, never a read-only seat."""

from cases.services import help_request_assign_volunteer, help_request_claim, verification_record
from core.errors import DomainError
from heli.test import BaseTestCase, make_user
from orgs.models import Membership


class AssignSeatTests(BaseTestCase):
    def setUp(self) -> None:
        self.hr = self.new_request()
        verification_record(actor=self.hub_operator, help_request=self.hr, outcome="confirmed")
        help_request_claim(actor=self.member_coord, help_request=self.hr, org=self.org_a)
        self.funder = make_user("funder_a", self.org_a, Membership.Role.VIEWER, first_name="只读")

    def test_a_read_only_seat_of_the_claiming_org_is_refused(self) -> None:
        with self.assertRaises(DomainError) as caught:
            help_request_assign_volunteer(
                actor=self.member_coord, help_request=self.hr, volunteer=self.funder
            )
        self.assertEqual(caught.exception.field, "volunteer")
        self.hr.refresh_from_db()
        self.assertIsNone(self.hr.assigned_to_id)

    def test_the_dropdown_lists_volunteers_first_and_no_read_only_seat(self) -> None:
        self.login(self.member_coord)
        volunteers = self.client.get(f"/requests/{self.hr.code}/").context["volunteers"]
        self.assertNotIn(self.funder, volunteers)
        self.assertEqual(volunteers[0], self.vol)
        self.assertIn(self.member_operator, volunteers)  # staff who deliver themselves stay possible
