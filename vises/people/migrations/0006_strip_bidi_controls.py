"""Names and short texts stored before the rule lose the characters that reorder the text
around them (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): a U+202E in a name
turned titles and lists around."""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

CONTROLS = [
    chr(c) for c in (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
]
FIELDS = ("first_name", "last_name", "occupation", "interests", "availability")


def strip(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    table = {ord(c): None for c in CONTROLS}
    condition = reduce(or_, (Q(**{f"{f}__contains": c}) for f in FIELDS for c in CONTROLS))
    for person in Person.objects.filter(condition).only("pk", *FIELDS):
        values = {f: getattr(person, f).translate(table) for f in FIELDS}
        Person.objects.filter(pk=person.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_language_name_local")]
    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
