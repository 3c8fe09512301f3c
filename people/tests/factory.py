"""Registry fixtures on top of heli.test's network: a guardian, a backup and synthetic persons."""

from typing import Any

from heli.test import XIAN_YANTA, BaseTestCase, make_user
from orgs.models import Membership
from people.models import Person
from people.services import MedicationInput, guardian_assign, medication_set, person_register
from people.validation import PersonInput

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """A synthetic ID number with a correct check character (never a real person's)."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def person_input(n: int = 0, **overrides: Any) -> PersonInput:
    data: dict[str, Any] = {
        "name": f"测试对象{n}",
        "phone": f"139{n:08d}",
        "division_code": XIAN_YANTA,
        "address_detail": f"某小区 {n} 号",
        "vulnerabilities": ["elderly_80", "living_alone"],
    }
    data.update(overrides)
    return PersonInput(**data)


class RegistryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.guardian = make_user("guardian", cls.org_a, Membership.Role.VOLUNTEER, first_name="监护")
        cls.backup = make_user("backup", cls.org_a, Membership.Role.VOLUNTEER, first_name="备岗")

    def new_person(
        self,
        n: int = 0,
        *,
        guardian: Any = None,
        backup: Any = None,
        org: Any = None,
        actor: Any = None,
        **overrides: Any,
    ) -> Person:
        person = person_register(
            actor=actor or self.member_coord,
            org=org or self.org_a,
            data=person_input(n, **overrides),
            incident=self.incident,
        )
        if guardian is not None:
            guardian_assign(actor=self.member_coord, person=person, guardian=guardian, backup=backup)
        return person

    def guarded_person(self, n: int = 0, **overrides: Any) -> Person:
        return self.new_person(n, guardian=self.guardian, backup=self.backup, **overrides)

    def insulin(self, person: Person, on_hand: str = "10", daily: str = "1", lead: int = 3) -> Any:
        return medication_set(
            actor=self.member_coord,
            person=person,
            data=MedicationInput(
                item="胰岛素笔芯",
                kind="insulin",
                unit="支",
                daily_use=daily,
                on_hand=on_hand,
                cold_chain=True,
                lead_time_days=lead,
            ),
        )
