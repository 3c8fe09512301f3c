"""`heli migrate` on an empty SQLite file: the first run migrates and saves a template, the next copies it."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase


def heli(*args: str, db: Path, templates: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "HELI_TEMPLATE_DIR": str(templates),
           "DJANGO_SETTINGS_MODULE": "heli.settings"}
    out = subprocess.run([sys.executable, "-m", "heli.cli", *args], cwd=settings.BASE_DIR, env=env,
                         check=True, capture_output=True, text=True)
    return out.stdout


def tables(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        names = [r[0] for r in rows]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608


class MigrateTemplateTests(SimpleTestCase):
    def test_a_second_empty_database_is_a_copy_of_the_first_migrated_one(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            first = heli("migrate", "-v", "1", db=root / "a.sqlite3", templates=root / "t")
            self.assertIn("Applying cases.0001_initial", first)
            self.assertEqual(len(list((root / "t").glob("migrated-*.sqlite3"))), 1)

            second = heli("migrate", "-v", "1", db=root / "b.sqlite3", templates=root / "t")
            self.assertIn("template", second)
            self.assertEqual(tables(root / "a.sqlite3"), tables(root / "b.sqlite3"))
            # Nothing left to apply: the migration history came along.
            again = heli("migrate", db=root / "b.sqlite3", templates=root / "t")
            self.assertIn("No migrations to apply", again)

            # A database with tables is migrated normally, never overwritten.
            with sqlite3.connect(root / "b.sqlite3") as conn:
                conn.execute("INSERT INTO core_event (kind, subject_type, subject_id, data, created) "
                             "VALUES ('x', 'y', 1, '{}', '2026-01-01')")
            heli("migrate", db=root / "b.sqlite3", templates=root / "t")
            self.assertEqual(tables(root / "b.sqlite3")["core_event"], 1)

    def test_no_template_runs_the_migrations(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            out = heli("migrate", "--no-template", "-v", "1", db=root / "a.sqlite3", templates=root / "t")
            self.assertIn("Applying", out)
            self.assertFalse((root / "t").exists())
