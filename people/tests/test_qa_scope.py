"""A volunteer whose membership ended keeps no access to the people they used to guard."""

from orgs.models import Membership
from people.tests.factory import RegistryTestCase


class FormerGuardianTest(RegistryTestCase):
    def test_a_guardian_who_left_the_org_no_longer_sees_the_person(self) -> None:
        person = self.guarded_person(1)
        self.login(self.guardian)
        self.assertEqual(self.client.get(f"/people/{person.pk}/").status_code, 200)
        Membership.objects.filter(user=self.guardian).update(active=False)
        self.client.logout()
        self.login(self.guardian)
        self.assertEqual(self.client.get(f"/people/{person.pk}/").status_code, 404)
        self.assertEqual(self.client.post(f"/people/{person.pk}/reveal/").status_code, 404)
        self.assertNotContains(self.client.get("/people/today/"), person.name)
        self.assertEqual(self.client.get("/people/").status_code, 403)
        self.assertEqual(self.client.get("/api/people/").json()["results"], [])
        # The backup, still a member, keeps the person.
        self.login(self.backup)
        self.assertEqual(self.client.get(f"/people/{person.pk}/").status_code, 200)
