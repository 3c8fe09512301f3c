"""Is the database empty of user data, and wiping it for `heli demo --force`."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection

from cases.models import HelpRequest
from orgs.models import Incident, Organisation

# Reference data loaded by migrations survives a reset; add a model here when a migration ships data.
KEEP = {"geo.division", "contenttypes.contenttype", "auth.permission"}


def has_data() -> bool:
    return any(m.objects.exists() for m in (get_user_model(), Organisation, Incident, HelpRequest))


def wipe() -> None:
    """Delete every row except reference data, and restart the id sequences (codes begin at XA-000001).

    DELETE rather than TRUNCATE/flush: it works inside the caller's transaction on both backends, and
    foreign keys are deferred to commit, so the order of the tables does not matter.
    """
    models = [m for m in apps.get_models(include_auto_created=True)
              if m._meta.label_lower not in KEEP and not m._meta.proxy and m._meta.managed]
    tables = {m._meta.db_table for m in models}
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(tables & existing):
            cursor.execute(f"DELETE FROM {quote(table)}")
        sequences = [s for s in connection.introspection.sequence_list() if s["table"] in tables & existing]
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)
