"""The database cache table (rate limits) exists wherever the schema does, tests included."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0002_audit_append_only_trigger")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
