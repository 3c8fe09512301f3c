"""The public forms' per-IP counter."""

import hashlib

from django.test import RequestFactory, TestCase

from core.throttle import client_key, throttle_hit


class ClientKeyTests(TestCase):
    def test_it_stores_no_reversible_ip(self) -> None:
        # An unkeyed SHA-256 of an IPv4 address is found again by hashing every address.
        request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
        key = client_key(request, "public-intake")
        self.assertTrue(key.startswith("public-intake:"))
        self.assertNotIn(hashlib.sha256(b"203.0.113.7").hexdigest()[:32], key)
        self.assertEqual(key, client_key(request, "public-intake"))
        other = RequestFactory().get("/", REMOTE_ADDR="203.0.113.8")
        self.assertNotEqual(key, client_key(other, "public-intake"))

    def test_it_counts_hits_per_key_up_to_the_limit(self) -> None:
        self.assertEqual([throttle_hit("k", limit=2) for _ in range(3)], [True, True, False])
        self.assertTrue(throttle_hit("other", limit=2))
