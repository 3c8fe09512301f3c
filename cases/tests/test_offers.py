"""Offers (资源信息): taken up or withdrawn and reopened, and registered from the paste box."""

from cases.models import Offer
from cases.services import offer_create, offer_set_status
from core.errors import ConflictError, DomainError
from core.models import Event
from heli.test import BaseTestCase

WATER = "雁塔区丈八街道某超市可免费提供桶装水50桶,需要的社区联系13800138077"


class OfferStatusTests(BaseTestCase):
    def offer(self) -> Offer:
        return offer_create(actor=self.hub_operator, incident=self.incident, text=WATER, needs=["water"],
                            phones=["13800138077"])

    def test_an_offer_is_taken_up_withdrawn_or_reopened_as_the_dict_allows(self) -> None:
        offer = self.offer()
        offer_set_status(actor=self.hub_operator, offer=offer, status="used", note="已对接锦园社区")
        with self.assertRaises(DomainError):
            offer_set_status(actor=self.hub_operator, offer=offer, status="withdrawn")  # used -> open first
        offer_set_status(actor=self.hub_operator, offer=offer, status="open")
        stale = Offer.objects.get(pk=offer.pk)
        offer_set_status(actor=self.hub_operator, offer=offer, status="withdrawn")
        with self.assertRaises(ConflictError):
            offer_set_status(actor=self.hub_operator, offer=stale, status="used")
        notes = [e.data["note"] for e in Event.objects.filter(kind="offer_status_changed").order_by("pk")]
        self.assertEqual(notes, ["已对接锦园社区", "", ""])

    def test_the_endpoint_for_each_persona(self) -> None:
        offer = self.offer()
        url = f"/offers/{offer.pk}/status/"
        self.assertIn("/accounts/login/", self.client.post(url, {"status": "used"})["Location"])
        for persona in (self.outsider, self.viewer, self.vol):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.post(url, {"status": "used"}).status_code, 404)
        self.login(self.member_operator)  # staff anywhere in the network share the list
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(url, {"status": "used"}).status_code, 302)
        offer.refresh_from_db()
        self.assertEqual(offer.status, "used")
        page = self.client.get("/offers/?status=used").content.decode()
        self.assertIn("桶装水", page)
        self.assertNotIn("桶装水", self.client.get("/offers/").content.decode())

    def test_a_nul_in_the_posted_note_is_not_stored(self) -> None:
        # The note is read straight from the POST; PostgreSQL's jsonb refuses NUL (a 500 there).
        offer = self.offer()
        self.login(self.hub_operator)
        self.client.post(f"/offers/{offer.pk}/status/", {"status": "used", "note": "已对接\x00"})
        self.assertEqual(Event.objects.get(kind="offer_status_changed").data["note"], "已对接")
        hr = self.new_request()
        self.client.post(f"/requests/{hr.code}/reveal/", {"reason": "回电\x00"})
        self.assertEqual(Event.objects.get(kind="contact_revealed").data["reason"], "回电")


class PasteOfferTests(BaseTestCase):
    def test_a_pasted_offer_goes_to_the_offers_list(self) -> None:
        self.login(self.hub_operator)
        page = self.client.post(f"/intake/paste/?incident={self.incident.pk}", {"text": WATER})
        self.assertContains(page, "/intake/paste/offer/")
        response = self.client.post(f"/intake/paste/offer/?incident={self.incident.pk}", {"text": WATER})
        self.assertEqual(response.status_code, 302)
        offer = Offer.objects.get()
        self.assertEqual((offer.phones, offer.county_code), (["13800138077"], "610113"))
        self.login(self.vol)
        url = f"/intake/paste/offer/?incident={self.incident.pk}"
        self.assertEqual(self.client.post(url, {"text": WATER}).status_code, 404)
        self.assertEqual(Offer.objects.count(), 1)
