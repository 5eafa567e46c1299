"""Company and contact names stored before the rule lose the characters that reorder text."""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

CONTROLS = [
    chr(c) for c in (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
]
MODELS = {
    "Company": ("name", "address", "next_step"),
    "CompanyContact": ("first_name", "last_name", "title"),
}


def strip(apps, schema_editor):
    table = {ord(c): None for c in CONTROLS}
    for model_name, fields in MODELS.items():
        model = apps.get_model("companies", model_name)
        condition = reduce(or_, (Q(**{f"{f}__contains": c}) for f in fields for c in CONTROLS))
        for row in model.objects.filter(condition).only("pk", *fields):
            values = {f: (getattr(row, f) or "").translate(table) for f in fields}
            model.objects.filter(pk=row.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_company_notes")]
    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
