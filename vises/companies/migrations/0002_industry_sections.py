"""Reference data: the 21 sections of SNI 2007 (shared/data/sni2007-sections.csv)."""

import csv
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    IndustrySection = apps.get_model("companies", "IndustrySection")
    path = Path(__file__).resolve().parent.parent / "data" / "sni2007-sections.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            IndustrySection.objects.update_or_create(
                code=row["code"], defaults={"name_sv": row["name_sv"]}
            )


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
