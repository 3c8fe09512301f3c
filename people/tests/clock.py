from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from unittest import mock


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Freeze `timezone.now()` (the services and `heli tick` read it through the module)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield
