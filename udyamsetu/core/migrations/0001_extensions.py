"""Enable the PostgreSQL extensions the project uses, and create the shared cache table."""

from django.contrib.postgres.operations import (
    BtreeGistExtension,
    CreateExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The database cache backs rate limits; `createcachetable` is idempotent.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        CreateExtension("vector"),
        TrigramExtension(),
        UnaccentExtension(),
        BtreeGistExtension(),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
