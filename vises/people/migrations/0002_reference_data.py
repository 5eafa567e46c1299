"""Reference data: languages (ISO 639) with Swedish and English names, and education levels
in Statistics Sweden's SUN groups (shared/data/education-levels-sun.csv)."""

import csv
from pathlib import Path

from django.db import migrations

# Names from the Unicode CLDR (as Babel ships them); Dari has no CLDR name of its own.
LANGUAGES = [
    ("sv", "svenska", "Swedish"),
    ("en", "engelska", "English"),
    ("ar", "arabiska", "Arabic"),
    ("prs", "dari", "Dari"),
    ("fa", "persiska", "Persian"),
    ("so", "somaliska", "Somali"),
    ("ti", "tigrinja", "Tigrinya"),
    ("uk", "ukrainska", "Ukrainian"),
    ("am", "amhariska", "Amharic"),
    ("ps", "afghanska", "Pashto"),
    ("ku", "kurdiska", "Kurdish"),
    ("ckb", "centralkurdiska", "Central Kurdish"),
    ("tr", "turkiska", "Turkish"),
    ("ru", "ryska", "Russian"),
    ("pl", "polska", "Polish"),
    ("ro", "rumänska", "Romanian"),
    ("bs", "bosniska", "Bosnian"),
    ("hr", "kroatiska", "Croatian"),
    ("sr", "serbiska", "Serbian"),
    ("sq", "albanska", "Albanian"),
    ("es", "spanska", "Spanish"),
    ("fr", "franska", "French"),
    ("de", "tyska", "German"),
    ("it", "italienska", "Italian"),
    ("pt", "portugisiska", "Portuguese"),
    ("fi", "finska", "Finnish"),
    ("da", "danska", "Danish"),
    ("nl", "nederländska", "Dutch"),
    ("el", "grekiska", "Greek"),
    ("hu", "ungerska", "Hungarian"),
    ("cs", "tjeckiska", "Czech"),
    ("sk", "slovakiska", "Slovak"),
    ("bg", "bulgariska", "Bulgarian"),
    ("zh", "kinesiska", "Chinese"),
    ("vi", "vietnamesiska", "Vietnamese"),
    ("th", "thailändska", "Thai"),
    ("tl", "tagalog", "Tagalog"),
    ("ur", "urdu", "Urdu"),
    ("hi", "hindi", "Hindi"),
    ("bn", "bengali", "Bangla"),
    ("pa", "punjabi", "Punjabi"),
    ("ta", "tamil", "Tamil"),
    ("si", "singalesiska", "Sinhala"),
    ("ne", "nepalesiska", "Nepali"),
    ("my", "burmesiska", "Burmese"),
    ("km", "kambodjanska", "Khmer"),
    ("mn", "mongoliska", "Mongolian"),
    ("kk", "kazakiska", "Kazakh"),
    ("uz", "uzbekiska", "Uzbek"),
    ("tg", "tadzjikiska", "Tajik"),
    ("az", "azerbajdzjanska", "Azerbaijani"),
    ("ka", "georgiska", "Georgian"),
    ("hy", "armeniska", "Armenian"),
    ("he", "hebreiska", "Hebrew"),
    ("sw", "swahili", "Swahili"),
    ("om", "oromo", "Oromo"),
    ("yo", "yoruba", "Yoruba"),
    ("ha", "hausa", "Hausa"),
    ("ig", "igbo", "Igbo"),
    ("ln", "lingala", "Lingala"),
    ("rn", "rundi", "Rundi"),
    ("rw", "kinjarwanda", "Kinyarwanda"),
    ("wo", "wolof", "Wolof"),
    ("ff", "fulani", "Fula"),
    ("ber", "berberspråk", "Berber languages"),
    ("mk", "makedonska", "Macedonian"),
    ("et", "estniska", "Estonian"),
    ("lv", "lettiska", "Latvian"),
    ("lt", "litauiska", "Lithuanian"),
    ("is", "isländska", "Icelandic"),
    ("nb", "norskt bokmål", "Norwegian Bokmål"),
]


def load(apps, schema_editor):
    Language = apps.get_model("people", "Language")
    EducationLevel = apps.get_model("people", "EducationLevel")
    for code, name_sv, name_en in LANGUAGES:
        Language.objects.update_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en}
        )
    path = Path(__file__).resolve().parent.parent / "data" / "education-levels-sun.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            EducationLevel.objects.update_or_create(
                code=row["code"], defaults={"name_sv": row["name_sv"], "name_en": row["name_en"]}
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
