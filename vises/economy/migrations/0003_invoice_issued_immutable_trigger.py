"""On PostgreSQL a trigger refuses to change an issued invoice or credit note, whoever sends
the SQL: after issue only `status` (issued → paid → credited, never back to draft) and
`paid_on` may change, and an issued row is never deleted. Drafts change freely.

TRUNCATE stays possible for the database owner (test isolation flushes tables with it).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION vises_invoice_issued_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'draft' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'economy_invoice % is issued: DELETE refused', OLD.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = 'draft'
       OR (to_jsonb(NEW) - 'status' - 'paid_on') IS DISTINCT FROM
          (to_jsonb(OLD) - 'status' - 'paid_on') THEN
        RAISE EXCEPTION 'economy_invoice % is issued: UPDATE refused', OLD.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER economy_invoice_issued_immutable
    BEFORE UPDATE OR DELETE ON economy_invoice
    FOR EACH ROW EXECUTE FUNCTION vises_invoice_issued_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS economy_invoice_issued_immutable ON economy_invoice;
DROP FUNCTION IF EXISTS vises_invoice_issued_immutable();
"""


# params=None: the SQL holds a literal '%' (RAISE's placeholder), not a query parameter.
def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("economy", "0002_invoices")]
    operations = [migrations.RunPython(create, drop)]
