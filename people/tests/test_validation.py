"""Bad input gets a clear error: ID checksum, birth date, stock, phone, duplicates."""

from datetime import date

from cases.services import InvalidInput
from core.errors import DomainError
from people.models import Person
from people.services import MedicationInput, medication_count, medication_set
from people.tests.factory import RegistryTestCase, make_id
from people.validation import default_cadence, id_number_check

GOOD_ID = make_id("61011319400101123")


class IdNumberTests(RegistryTestCase):
    def test_it_accepts_a_valid_id_and_reads_the_birth_date(self) -> None:
        number, born = id_number_check(GOOD_ID.lower())
        self.assertEqual(number, GOOD_ID)
        self.assertEqual(born, date(1940, 1, 1))

    def test_it_rejects_a_wrong_check_character(self) -> None:
        wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
        with self.assertRaisesRegex(ValueError, "校验位"):
            id_number_check(wrong)

    def test_it_rejects_an_impossible_birth_date(self) -> None:
        with self.assertRaisesRegex(ValueError, "出生日期不存在"):
            id_number_check(make_id("61011319990230123"))
        with self.assertRaisesRegex(ValueError, "不合理"):
            id_number_check(make_id("61011330990101123"))

    def test_it_rejects_wrong_length_and_letters(self) -> None:
        for bad in ("12345", "6101131940010112AB", GOOD_ID + "1"):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValueError, "18 位"):
                id_number_check(bad)


class RegisterErrorTests(RegistryTestCase):
    def errors(self, **overrides: object) -> dict[str, list[str]]:
        with self.assertRaises(InvalidInput) as ctx:
            self.new_person(**overrides)
        return ctx.exception.errors

    def test_it_lists_every_field_error_at_once(self) -> None:
        errors = self.errors(
            name="", phone="12345", id_number=GOOD_ID[:17] + "0", vulnerabilities=[], division_code="999999"
        )
        self.assertEqual(set(errors), {"name", "phone", "id_number", "vulnerabilities", "division_code"})
        self.assertIn("电话号码无法识别", errors["phone"][0])

    def test_it_rejects_a_birth_date_that_contradicts_the_id(self) -> None:
        errors = self.errors(id_number=GOOD_ID, birth_date=date(1950, 1, 1))
        self.assertIn("不一致", errors["birth_date"][0])

    def test_it_rejects_a_future_birth_date(self) -> None:
        self.assertIn("birth_date", self.errors(birth_date=date(2999, 1, 1)))

    def test_it_refuses_the_same_id_number_twice_in_the_network(self) -> None:
        self.new_person(1, id_number=GOOD_ID)
        with self.assertRaisesRegex(DomainError, "身份证号已在本协作网络登记"):
            self.new_person(2, id_number=GOOD_ID, actor=self.member_b_coord, org=self.org_b)
        self.assertEqual(Person.objects.count(), 1)

    def test_it_refuses_the_same_name_and_phone_twice(self) -> None:
        self.new_person(1)
        with self.assertRaisesRegex(DomainError, "同名同电话"):
            self.new_person(1, phone="139-0000-0001")  # same number, written differently

    def test_it_allows_the_same_person_in_another_network(self) -> None:
        self.new_person(1, id_number=GOOD_ID)
        self.new_person(1, id_number=GOOD_ID, actor=self.outsider, org=self.other_hub)
        self.assertEqual(Person.objects.count(), 2)

    def test_it_requires_a_coordinator_of_the_org(self) -> None:
        with self.assertRaisesRegex(DomainError, "协调员"):
            self.new_person(1, actor=self.vol)
        with self.assertRaisesRegex(DomainError, "协调员"):
            self.new_person(1, actor=self.member_b_coord)

    def test_it_picks_the_cadence_from_the_vulnerabilities(self) -> None:
        self.assertEqual(default_cadence(["living_alone"], False), "daily")
        self.assertEqual(default_cadence(["disabled"], False), "daily")
        self.assertEqual(default_cadence(["disabled"], True), "every_2_days")
        self.assertEqual(default_cadence(["pregnant"], True), "weekly")
        person = self.new_person(1, vulnerabilities=["pregnant"])
        self.assertEqual(person.plan.cadence, "weekly")


class StockErrorTests(RegistryTestCase):
    def test_it_rejects_negative_and_non_numeric_stock(self) -> None:
        person = self.new_person(1)
        with self.assertRaisesRegex(DomainError, "不能为负数"):
            medication_set(
                actor=self.member_coord,
                person=person,
                data=MedicationInput(item="胰岛素", daily_use="1", on_hand="-2"),
            )
        with self.assertRaisesRegex(DomainError, "须为数字"):
            medication_set(
                actor=self.member_coord,
                person=person,
                data=MedicationInput(item="胰岛素", daily_use="一支", on_hand="2"),
            )
        med = self.insulin(person)
        with self.assertRaisesRegex(DomainError, "不能为负数"):
            medication_count(actor=self.member_coord, medication=med, on_hand="-1")

    def test_it_rejects_a_stale_count(self) -> None:
        person = self.guarded_person(1)
        med = self.insulin(person)
        stale = type(med).objects.get(pk=med.pk)
        medication_count(actor=self.guardian, medication=med, on_hand="8")
        with self.assertRaisesRegex(DomainError, "刚被他人更新"):
            medication_count(actor=self.backup, medication=stale, on_hand="7")
