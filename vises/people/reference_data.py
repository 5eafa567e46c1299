"""Reference data of the register: languages (ISO 639) and education levels (SUN groups).

Languages come with their Swedish name (staff pages), English name and their own name in their
own script (what a participant recognises in a menu), after the Unicode CLDR; Dari has no CLDR
name of its own. Both lists live in CSV files under data/ so that the migration that loads them
and the reload after a database flush read the same rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reference_data_load(*, language_model: Any, education_level_model: Any) -> None:
    """Create or update every language and education level (models passed in, so a migration
    can give its historical models)."""
    for row in _rows("languages.csv"):
        language_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "name_local": row["name_local"],
            },
        )
    for row in _rows("education-levels-sun.csv"):
        education_level_model.objects.update_or_create(
            code=row["code"], defaults={"name_sv": row["name_sv"], "name_en": row["name_en"]}
        )
