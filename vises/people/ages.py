"""Age bands: one definition for the matching balance report and the statistics."""

from __future__ import annotations

from datetime import date

# (lowest age, first age above the band, label)
AGE_BANDS = (
    (0, 25, "–24"),
    (25, 35, "25–34"),
    (35, 45, "35–44"),
    (45, 65, "45–64"),
    (65, 200, "65–"),
)
UNKNOWN = "?"


def age_band(birth_year: int | None, today: date) -> str:
    """The band of someone born in `birth_year` on `today` (age = the years between), or
    UNKNOWN when the birth year is not known."""
    if birth_year is None:
        return UNKNOWN
    age = today.year - birth_year
    for low, high, label in AGE_BANDS:
        if low <= age < high:
            return label
    return UNKNOWN
