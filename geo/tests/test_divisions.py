"""The division table's name lookup and its on-disk cache."""

import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from geo import divisions


class NamesTests(SimpleTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.cache_dir = Path(folder.name) / "cache"
        patcher = mock.patch.object(divisions, "CACHE_DIR", self.cache_dir)
        patcher.start()
        self.addCleanup(patcher.stop)
        divisions.names.cache_clear()
        self.addCleanup(divisions.names.cache_clear)

    def test_it_reads_every_row_of_the_data_files(self) -> None:
        expected = {code: name for code, name, _, _ in divisions.iter_rows()}
        self.assertEqual(divisions.names(), expected)
        self.assertEqual(divisions.names()["610113"], "雁塔区")

    def test_it_loads_the_cache_instead_of_parsing_again(self) -> None:
        first = divisions.names()
        self.assertEqual(len(list(self.cache_dir.glob("division-names-*.marshal"))), 1)
        divisions.names.cache_clear()
        with mock.patch.object(divisions, "_parse_names", side_effect=AssertionError("parsed again")):
            self.assertEqual(divisions.names(), first)

    def test_it_parses_when_the_cache_is_damaged_or_cannot_be_written(self) -> None:
        divisions.names()
        (cache,) = self.cache_dir.glob("division-names-*.marshal")
        cache.write_bytes(b"not marshal")
        divisions.names.cache_clear()
        self.assertIn("610113", divisions.names())
        divisions.names.cache_clear()
        with mock.patch.object(divisions, "CACHE_DIR", Path("/proc/no-such-dir")):
            self.assertIn("610113", divisions.names())
