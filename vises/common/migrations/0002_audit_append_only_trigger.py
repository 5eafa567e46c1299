"""On PostgreSQL a trigger refuses UPDATE and DELETE of audit events, whoever sends them.

TRUNCATE stays possible for the database owner (test isolation flushes tables with it);
the daily head record outside the database shows a log cut that way.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION vises_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'common_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER common_auditevent_append_only
    BEFORE UPDATE OR DELETE ON common_auditevent
    FOR EACH ROW EXECUTE FUNCTION vises_audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS common_auditevent_append_only ON common_auditevent;
DROP FUNCTION IF EXISTS vises_audit_event_append_only();
"""


# params=None: the SQL holds a literal '%' (RAISE's placeholder), not a query parameter.
def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
