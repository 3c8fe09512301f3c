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
