"""Alerts are stored as msgid + parameters and read in the reader's language, whoever raised them."""

from django.utils import translation
from django.utils.translation import gettext_noop

from core.messages import msg
from core.models import Alert, Outbox
from core.services import Notice, alert_raise, alerts_raise_many
from heli.test import BaseTestCase

TEMPLATE = gettext_noop("求助 {code} 到了回访时间")


class AlertLanguageTests(BaseTestCase):
    def test_an_alert_raised_in_english_reads_in_chinese_and_english(self) -> None:
        with translation.override("en"):  # e.g. raised by an English-speaking coordinator's action
            alert_raise(users=[self.hub_coord], key="k", message=msg(TEMPLATE, code="XA-000001"))
        alert = Alert.objects.get()
        self.assertEqual(alert.message, "求助 XA-000001 到了回访时间")  # stored text: the site language
        self.assertEqual(Outbox.objects.get().subject, "求助 XA-000001 到了回访时间")
        self.login(self.hub_coord)
        self.assertContains(self.client.get("/alerts/"), "求助 XA-000001 到了回访时间")
        self.client.cookies["django_language"] = "en"
        english = self.client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "request XA-000001 is due for follow-up")

    def test_bulk_alerts_keep_the_template_too(self) -> None:
        alerts_raise_many([Notice(user=self.vol, key="k", message=msg(TEMPLATE, code="XA-000002"))])
        with translation.override("en"):
            self.assertIn("XA-000002", Alert.objects.get().text)
            self.assertNotIn("回访", Alert.objects.get().text)

    def test_a_plain_text_alert_shows_as_it_was_written(self) -> None:
        alert_raise(users=[self.vol], key="k", message="手写提醒", email=False)
        with translation.override("en"):
            self.assertEqual(Alert.objects.get().text, "手写提醒")


class AlertReadTests(BaseTestCase):
    def test_an_alert_without_a_link_can_be_marked_read(self) -> None:
        alert_raise(users=[self.hub_coord], key="k", message="手写提醒", email=False)
        alert = Alert.objects.get()
        self.login(self.hub_coord)
        page = self.client.get("/alerts/")
        self.assertContains(page, f"/alerts/{alert.pk}/read/")
        self.assertContains(page, "标为已读")
        response = self.client.post(f"/alerts/{alert.pk}/read/")
        self.assertRedirects(response, "/alerts/", fetch_redirect_response=False)
        alert.refresh_from_db()
        self.assertIsNotNone(alert.read_at)
        self.assertNotContains(self.client.get("/alerts/"), "标为已读")

    def test_mark_all_read_touches_only_the_readers_alerts(self) -> None:
        alert_raise(users=[self.hub_coord, self.vol], key="a", message="甲", email=False)
        alert_raise(users=[self.hub_coord], key="b", message="乙", link="/queue/", email=False)
        self.login(self.hub_coord)
        self.assertEqual(self.client.get("/alerts/read/").status_code, 405)
        response = self.client.post("/alerts/read/")
        self.assertRedirects(response, "/alerts/", fetch_redirect_response=False)
        self.assertFalse(Alert.objects.filter(user=self.hub_coord, read_at__isnull=True).exists())
        self.assertTrue(Alert.objects.filter(user=self.vol, read_at__isnull=True).exists())
        self.assertNotContains(self.client.get("/alerts/"), "全部标为已读")

    def test_anonymous_cannot_mark_alerts_read(self) -> None:
        alert_raise(users=[self.vol], key="a", message="甲", email=False)
        response = self.client.post("/alerts/read/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.assertTrue(Alert.objects.filter(read_at__isnull=True).exists())
