"""Each language also gets its own name in its own script (for the menus participants read),
and Pashto its Swedish name "pashto" (CLDR's "afghanska" reads as the language of Afghanistan,
where Dari is as much spoken)."""

from django.db import migrations, models


def load(apps, schema_editor):
    from vises.people.reference_data import reference_data_load

    reference_data_load(
        language_model=apps.get_model("people", "Language"),
        education_level_model=apps.get_model("people", "EducationLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0004_delivery")]
    operations = [
        migrations.AddField(
            model_name="language",
            name="name_local",
            field=models.CharField(
                default="", max_length=60, verbose_name="name in the language itself"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
