"""Throwaway databases and child-process environments for the `heli bench` commands."""

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PG_DEFAULT = "postgresql://heli:heli@127.0.0.1:5432/heli"


@contextlib.contextmanager
def throwaway_database(db: str, name: str = "heli_bench") -> Iterator[str]:
    """Yield a DATABASE_URL for an empty database that is removed afterwards.

    PostgreSQL: database `name` on the server of DATABASE_URL (if it is a postgres URL) or PG_URL;
    the role needs CREATEDB.
    """
    if db == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"{name}-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if db not in ("postgresql", "postgres"):
        raise ValueError(f"--db must be sqlite or postgresql, not {db!r}")
    import psycopg

    env_url = os.getenv("DATABASE_URL", "")
    parts = urlsplit(env_url if env_url.startswith("postgres") else os.getenv("PG_URL", PG_DEFAULT))
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))

    def admin(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def child_env(url: str, **extra: str) -> dict[str, str]:
    """Production-like settings for a server or worker under test: DEBUG off, a fresh secret key."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "heli.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.getenv("PYTHONPATH")])),
        **extra,
    }
