"""Shift templates made by the hub's coordinators; a profile for an existing login."""

from datetime import time

from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase
from volunteers.models import ShiftTemplate, VolunteerProfile
from volunteers.services import ProfileInput, shift_from_template, shift_template_create, volunteer_register
from volunteers.tests import factory as f


class ShiftTemplateTests(BaseTestCase):
    def make(self, **kw: object) -> ShiftTemplate:
        args = {"name": "热线 夜班", "start": time(20), "end": time(8), "high_stress": True, **kw}
        return shift_template_create(actor=self.hub_coord, hub_id=self.hub.pk, **args)  # type: ignore[arg-type]

    def test_a_night_template_makes_a_shift_ending_next_morning(self) -> None:
        template = self.make()
        shift = shift_from_template(actor=self.member_coord, org=self.org_a, template=template,
                                    day=f.at(0).date())
        self.assertEqual((shift.ends_at - shift.starts_at).total_seconds(), 12 * 3600)
        self.assertTrue(shift.high_stress)
        self.assertTrue(Event.objects.filter(kind="shift_template_created").exists())

    def test_bad_templates_are_refused_with_the_field(self) -> None:
        self.make()
        for kw, field in (
            ({"name": "  "}, "name"),
            ({"name": "早班", "start": time(8), "end": time(8)}, "end"),
            ({"name": "早班", "needed": 0}, "needed"),
            ({"name": "早班", "duty": "juggling"}, "duty"),
            ({}, "name"),  # the same name and hours again
        ):
            with self.subTest(kw=kw), self.assertRaises(DomainError) as caught:
                self.make(**kw)
            self.assertEqual(caught.exception.field, field)
        self.assertEqual(ShiftTemplate.objects.count(), 1)

    def test_the_board_shows_the_template_form_to_hub_coordinators_only(self) -> None:
        self.login(self.hub_coord)
        self.assertContains(self.client.get("/volunteers/shifts/"), "/volunteers/shifts/templates/new/")
        self.login(self.member_coord)
        self.assertNotContains(self.client.get("/volunteers/shifts/"), "/volunteers/shifts/templates/new/")

    def test_a_refused_template_keeps_what_was_typed(self) -> None:
        self.login(self.hub_coord)
        response = self.client.post(
            "/volunteers/shifts/templates/new/",
            {"name": "心理热线", "duty": "care", "start": "09:00", "end": "09:00", "needed": 3},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="心理热线"')
        self.assertFalse(ShiftTemplate.objects.exists())


class RegisterExistingLoginTests(BaseTestCase):
    def data(self, phone: str = "13900001234") -> ProfileInput:
        return ProfileInput(name="王小燕", phone=phone, lat=34.21, lon=108.95)

    def test_a_staff_member_gets_a_profile_on_their_own_login(self) -> None:
        profile = volunteer_register(actor=self.member_coord, org=self.org_a, data=self.data(),
                                     user=self.member_operator)
        self.assertEqual(profile.user, self.member_operator)
        self.assertEqual(profile.status, "approved")
        with self.assertRaises(ConflictError):  # one profile per login
            volunteer_register(actor=self.member_coord, org=self.org_a, data=self.data("13900005678"),
                               user=self.member_operator)
        self.assertEqual(VolunteerProfile.objects.filter(user=self.member_operator).count(), 1)
