"""A migrated-but-empty SQLite database kept beside the project, so new databases start in milliseconds.

Running the ~40 migrations of an empty database costs ~7 s of CPU (Django renders the project
state after every operation; the division table is loaded). A fresh SQLite database is created
often: `make run` on a new machine, every `heli bench` run, a demo reset. The first migrate of an
empty database saves the result as a template keyed by a hash of every migration file, the Django
version and the installed apps; the next empty database is a copy of it (SQLite's online backup).
Same schema, same migration history, same content types and permissions, because it *is* a
migrated database. Any change to a migration gives a new key and the template is rebuilt.
"""

import hashlib
import importlib.util
import os
import sqlite3
from pathlib import Path

import django
from django.conf import settings
from django.db import connections

TEMPLATE_DIR = Path(os.getenv("HELI_TEMPLATE_DIR", str(settings.BASE_DIR / "var" / "templates")))


def _migration_files() -> list[Path]:
    """Every migration file of the installed apps, found without importing the apps themselves, so
    `heli migrate` can restore a template before Django starts (see `restore_file`)."""
    files = []
    for name in settings.INSTALLED_APPS:
        spec = importlib.util.find_spec(name)  # imports the parent packages only
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations))) / "migrations"
        files += sorted(folder.glob("*.py"))
    return files


def template_key() -> str:
    digest = hashlib.sha256(f"{django.__version__}|{','.join(settings.INSTALLED_APPS)}".encode())
    for path in _migration_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path() -> Path:
    return TEMPLATE_DIR / f"migrated-{template_key()}.sqlite3"


def usable(alias: str) -> bool:
    """True for an on-disk SQLite database without any table (tests' in-memory databases excluded)."""
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        return cursor.fetchone()[0] == 0


def restore(alias: str) -> bool:
    """Fill the empty database from the template if there is one; True when it did."""
    source = template_path()
    if not source.exists():
        return False
    connection = connections[alias]
    connection.ensure_connection()
    with sqlite3.connect(source) as template:
        template.backup(connection.connection)
    return True


def save(alias: str) -> None:
    """Store the just-migrated (still empty of user data) database as the template."""
    target = template_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    connection = connections[alias]
    connection.ensure_connection()
    with sqlite3.connect(partial) as copy:
        connection.connection.backup(copy)
    partial.replace(target)  # atomic: a concurrent migrate sees the whole file or none
    for stale in target.parent.glob("migrated-*.sqlite3"):
        if stale != target:  # made for migrations that have changed since
            stale.unlink(missing_ok=True)


def restore_file() -> Path | None:
    """Before Django starts: copy the template into the default database if that is an absent or
    empty SQLite file; return the template used, or None to run Django's migrate as usual.

    Starting Django and its system checks is most of the time of a template restore (~1 s of the
    2 s cold-start budget on this machine); this needs only the settings module.
    """
    db = settings.DATABASES["default"]
    name = str(db["NAME"])
    if not str(db["ENGINE"]).endswith("sqlite3") or name == ":memory:" or name.startswith("file:"):
        return None
    source = template_path()
    path = Path(name)
    if not source.exists():
        return None
    if path.exists():
        with sqlite3.connect(path) as conn:
            if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
                return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as template, sqlite3.connect(path) as target:
        template.backup(target)
    return source
