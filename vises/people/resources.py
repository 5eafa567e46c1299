"""The columns of an import file of people, and how each cell becomes a value.

One django-import-export Resource for participants, language friends and volunteers: a
"roll" column says which (the upload form gives the default). Headers are Swedish, English
is accepted too, in any case and with or without a note in brackets ("samtycke (ja/nej)").
Each widget applies our own rules (vises.people.validation, validate_birth_year, districts
of the partnership, languages by code or name) and raises ValidationError with a code and a
message in the active language.

The resource only reads cells. services.imports drives the rows itself instead of calling
Resource.import_data: the library's dry run writes every row and rolls back, which would put
personal data into the database (and its log) before anyone said yes, and a row must be
created through our services so that it is audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from vises.partnerships.models import District, Partnership
from vises.people.models import EducationLevel, Language, Person, validate_birth_year
from vises.people.services.persons import REGISTER_FIELDS
from vises.people.validation import normalise_email, normalise_phone

YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt"}

ROLE_PARTICIPANT = "participant"
ROLE_LANGUAGE_FRIEND = "language_friend"
ROLE_VOLUNTEER = "volunteer"
ROLES = (ROLE_PARTICIPANT, ROLE_LANGUAGE_FRIEND, ROLE_VOLUNTEER)

# Swedish words people write in spreadsheets, besides the codes and the labels of the choices.
ROLE_WORDS = {
    "deltagare": ROLE_PARTICIPANT,
    "participant": ROLE_PARTICIPANT,
    "språkvän": ROLE_LANGUAGE_FRIEND,
    "språkvänner": ROLE_LANGUAGE_FRIEND,
    "language friend": ROLE_LANGUAGE_FRIEND,
    "language_friend": ROLE_LANGUAGE_FRIEND,
    "volontär": ROLE_VOLUNTEER,
    "volunteer": ROLE_VOLUNTEER,
}
GENDER_WORDS = {
    "kvinna": Person.Gender.WOMAN,
    "k": Person.Gender.WOMAN,
    "kvinnlig": Person.Gender.WOMAN,
    "man": Person.Gender.MAN,
    "m": Person.Gender.MAN,
    "manlig": Person.Gender.MAN,
    "annat": Person.Gender.OTHER,
    "annan": Person.Gender.OTHER,
    "vill ej uppge": Person.Gender.UNDISCLOSED,
    "vill inte uppge": Person.Gender.UNDISCLOSED,
    "ej angivet": Person.Gender.UNDISCLOSED,
}
SWEDISH_LEVEL_WORDS = {
    "ingen": Person.SwedishLevel.NONE,
    "ingen svenska": Person.SwedishLevel.NONE,
    "nybörjare": Person.SwedishLevel.BEGINNER,
    "mellan": Person.SwedishLevel.INTERMEDIATE,
    "medel": Person.SwedishLevel.INTERMEDIATE,
    "mellannivå": Person.SwedishLevel.INTERMEDIATE,
    "avancerad": Person.SwedishLevel.ADVANCED,
    "god": Person.SwedishLevel.ADVANCED,
    "flytande": Person.SwedishLevel.FLUENT,
    "modersmål": Person.SwedishLevel.FLUENT,
}
YEARS_WORDS = {
    "mindre än 1 år": Person.YearsInSweden.UNDER_1,
    "under 1 år": Person.YearsInSweden.UNDER_1,
    "1–2 år": Person.YearsInSweden.Y1_2,
    "1-2 år": Person.YearsInSweden.Y1_2,
    "3–5 år": Person.YearsInSweden.Y3_5,
    "3-5 år": Person.YearsInSweden.Y3_5,
    "6–10 år": Person.YearsInSweden.Y6_10,
    "6-10 år": Person.YearsInSweden.Y6_10,
    "mer än 10 år": Person.YearsInSweden.OVER_10,
    "över 10 år": Person.YearsInSweden.OVER_10,
    "född i sverige": Person.YearsInSweden.BORN_HERE,
    "född här": Person.YearsInSweden.BORN_HERE,
}
WORK_STATUS_WORDS = {
    "arbetssökande": Person.WorkStatus.SEEKING,
    "söker arbete": Person.WorkStatus.SEEKING,
    "sfi": Person.WorkStatus.SFI,
    "studerar sfi": Person.WorkStatus.SFI,
    "studerar": Person.WorkStatus.STUDYING,
    "studier": Person.WorkStatus.STUDYING,
    "arbetar": Person.WorkStatus.WORKING,
    "jobbar": Person.WorkStatus.WORKING,
    "föräldraledig": Person.WorkStatus.PARENTAL,
    "annat": Person.WorkStatus.OTHER,
}
REFERRAL_WORDS = {
    "själv": Person.ReferralSource.SELF,
    "på egen hand": Person.ReferralSource.SELF,
    "kafé": Person.ReferralSource.CAFE,
    "café": Person.ReferralSource.CAFE,
    "på ett kafé": Person.ReferralSource.CAFE,
    "kommunen": Person.ReferralSource.MUNICIPAL,
    "remiss": Person.ReferralSource.MUNICIPAL,
    "kommunal remiss": Person.ReferralSource.MUNICIPAL,
    "vän": Person.ReferralSource.FRIEND,
    "släkting": Person.ReferralSource.FRIEND,
    "vän eller släkting": Person.ReferralSource.FRIEND,
    "annat": Person.ReferralSource.OTHER,
}
# Preferred language: the languages we write in; Dari is written to in the fa catalogue.
PREFERRED_LANGUAGE_ALIASES = {"prs": "fa", "dari": "fa", "dari/persiska": "fa"}


def cell_text(value: Any) -> str:
    """A cell as text: Excel's 1990.0 becomes "1990", dates ISO, surrounding space removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _invalid(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def _choice_lookup(
    choices: type[models.TextChoices], words: Mapping[str, str] = {}
) -> dict[str, str]:
    """Codes, English and Swedish labels and our own Swedish words, all in lower case."""
    lookup = {_key(value): value for value in choices.values}
    for language in ("en", "sv"):
        with translation.override(language):
            lookup.update({_key(str(label)): value for value, label in choices.choices})
    lookup.update({_key(word): value for word, value in words.items()})
    return lookup


@dataclass
class Lookups:
    """Reference data of one partnership, read once per file (three queries)."""

    districts: dict[str, District] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    education: dict[str, EducationLevel] = field(default_factory=dict)

    @classmethod
    def for_partnership(cls, partnership: Partnership) -> Lookups:
        lookups = cls()
        for district in District.objects.filter(partnership=partnership):
            lookups.districts[_key(district.name)] = district
        for code, name_sv, name_en in Language.objects.values_list("code", "name_sv", "name_en"):
            lookups.languages.setdefault(_key(name_en), code)
            lookups.languages[_key(name_sv)] = code
            lookups.languages[code] = code
        for level in EducationLevel.objects.all():
            for text in (level.code, level.name_sv, level.name_en):
                lookups.education[_key(text)] = level
        return lookups


class CellWidget(widgets.Widget):
    """Turns one cell into a value; `parse` gets the cell as trimmed text."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return self.parse(cell_text(value))

    def parse(self, text: str) -> Any:
        return text


class TextWidget(CellWidget):
    def __init__(self, max_length: int) -> None:
        super().__init__()
        self.max_length = max_length

    def parse(self, text: str) -> str:
        if len(text) > self.max_length:
            raise _invalid(
                _("Use at most %(max)s characters (this has %(length)s).")
                % {"max": self.max_length, "length": len(text)},
                "max_length",
            )
        return text


class PhoneWidget(CellWidget):
    def parse(self, text: str) -> str:
        return normalise_phone(text)


class EmailWidget(CellWidget):
    def parse(self, text: str) -> str:
        return normalise_email(text)


class YesNoWidget(CellWidget):
    """ja/nej (or yes/no, x, 1/0); an empty cell is None: not known."""

    def parse(self, text: str) -> bool | None:
        key = _key(text)
        if not key:
            return None
        if key in YES:
            return True
        if key in NO:
            return False
        raise _invalid(_("Write ja or nej, not “%(value)s”.") % {"value": text}, "invalid_yes_no")


class BirthYearWidget(CellWidget):
    def parse(self, text: str) -> int | None:
        if not text:
            return None
        if not re.fullmatch(r"\d{4}", text):
            raise _invalid(
                _("Write the birth year with four digits, e.g. 1987, not “%(value)s”.")
                % {"value": text},
                "invalid_birth_year",
            )
        year = int(text)
        validate_birth_year(year)
        return year


class ChoiceWidget(CellWidget):
    """One of a model's choices, by code, by label (Swedish or English) or by a common word."""

    def __init__(self, lookup: Mapping[str, str], default: str = "") -> None:
        super().__init__()
        self.lookup = lookup
        self.default = default

    def parse(self, text: str) -> str:
        if not text:
            return self.default
        value = self.lookup.get(_key(text))
        if value is None:
            raise _invalid(
                _("“%(value)s” is not one of the choices.") % {"value": text}, "invalid_choice"
            )
        return value


class YearsInSwedenWidget(ChoiceWidget):
    """A band, or a number of years that is put into its band."""

    def parse(self, text: str) -> str:
        if re.fullmatch(r"\d{1,2}", text):
            years = int(text)
            if years < 1:
                return Person.YearsInSweden.UNDER_1
            if years <= 2:
                return Person.YearsInSweden.Y1_2
            if years <= 5:
                return Person.YearsInSweden.Y3_5
            if years <= 10:
                return Person.YearsInSweden.Y6_10
            return Person.YearsInSweden.OVER_10
        return super().parse(text)


class PreferredLanguageWidget(CellWidget):
    """One of the languages we write in (sv, en, ar, fa, so, ti, uk), by code or name."""

    def __init__(self, languages: Mapping[str, str]) -> None:
        super().__init__()
        self.codes = {code for code, _name in settings.LANGUAGES}
        self.languages = languages

    def parse(self, text: str) -> str:
        if not text:
            return settings.LANGUAGE_CODE
        key = _key(text)
        code = PREFERRED_LANGUAGE_ALIASES.get(key) or self.languages.get(key, key)
        code = PREFERRED_LANGUAGE_ALIASES.get(code, code)
        if code not in self.codes:
            raise _invalid(
                _("We cannot write in “%(value)s”. Use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(sorted(self.codes))},
                "unknown_language",
            )
        return code


class LanguagesWidget(CellWidget):
    """Languages spoken: ISO codes or Swedish (or English) names, separated by commas."""

    def __init__(self, languages: Mapping[str, str]) -> None:
        super().__init__()
        self.languages = languages

    def parse(self, text: str) -> list[str]:
        codes: list[str] = []
        unknown: list[str] = []
        for item in re.split(r"[,;/]| och | and ", text):
            if not item.strip():
                continue
            code = self.languages.get(_key(item))
            if code is None:
                unknown.append(item.strip())
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise _invalid(
                _("Unknown language: %(languages)s. Use ISO codes (ar, so) or Swedish names.")
                % {"languages": ", ".join(unknown)},
                "unknown_language",
            )
        return codes


class DistrictWidget(CellWidget):
    """A district of the partnership, by its name."""

    def __init__(self, districts: Mapping[str, District]) -> None:
        super().__init__()
        self.districts = districts

    def parse(self, text: str) -> District | None:
        if not text:
            return None
        district = self.districts.get(_key(text))
        if district is None:
            raise _invalid(
                _("“%(value)s” is not a district of this partnership.") % {"value": text},
                "unknown_district",
            )
        return district


class EducationWidget(CellWidget):
    """An education level by its SUN code (1–7, 9) or its name."""

    def __init__(self, levels: Mapping[str, EducationLevel]) -> None:
        super().__init__()
        self.levels = levels

    def parse(self, text: str) -> EducationLevel | None:
        if not text:
            return None
        level = self.levels.get(_key(text))
        if level is None:
            raise _invalid(
                _("“%(value)s” is not an education level. Use a SUN code 1–7 or 9.")
                % {"value": text},
                "unknown_education",
            )
        return level


class RolesWidget(CellWidget):
    """deltagare, språkvän, volontär: one or several, separated by commas."""

    def parse(self, text: str) -> list[str]:
        roles: list[str] = []
        for item in re.split(r"[,;/]| och | and ", text):
            if not item.strip():
                continue
            role = ROLE_WORDS.get(_key(item))
            if role is None:
                raise _invalid(
                    _("“%(value)s” is not a role. Write deltagare, språkvän or volontär.")
                    % {"value": item.strip()},
                    "unknown_role",
                )
            if role not in roles:
                roles.append(role)
        return roles


class CapacityWidget(CellWidget):
    def parse(self, text: str) -> int | None:
        if not text:
            return None
        if text not in {"1", "2", "3"}:
            raise _invalid(
                _("A language friend meets 1, 2 or 3 participants, not “%(value)s”.")
                % {"value": text},
                "invalid_capacity",
            )
        return int(text)


# field name: (Swedish header, other accepted headers). The Swedish header is what the
# template file has and what errors name when the column is missing.
HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "roles": ("roll", ("roller", "role", "roles")),
    "first_name": ("förnamn", ("first name", "firstname", "given name")),
    "last_name": ("efternamn", ("last name", "lastname", "surname", "family name")),
    "phone": (
        "telefon",
        ("mobil", "mobilnummer", "telefonnummer", "phone", "mobile", "phone number"),
    ),
    "phone_is_shared": ("delad telefon", ("shared phone", "familjetelefon")),
    "email": ("e-post", ("epost", "e-postadress", "mejl", "e-mail", "email", "mail")),
    "language": ("språk", ("föredraget språk", "preferred language", "language")),
    "gender": ("kön", ("gender",)),
    "birth_year": ("födelseår", ("birth year", "year of birth", "född")),
    "resident_in_municipality": (
        "bor i kommunen",
        ("lives in the municipality", "resident in the municipality", "resident"),
    ),
    "district": ("stadsdel", ("område", "bostadsområde", "district", "area")),
    "languages": ("talade språk", ("språkkunskaper", "languages spoken", "languages")),
    "swedish_level": ("svenskanivå", ("nivå i svenska", "swedish level")),
    "education_level": ("utbildning", ("utbildningsnivå", "education", "education level")),
    "years_in_sweden": ("år i sverige", ("years in sweden",)),
    "occupation": ("sysselsättning", ("yrke", "bransch", "occupation", "field")),
    "interests": ("intressen", ("interests",)),
    "availability": ("tillgänglighet", ("när", "availability")),
    "work_status": ("status", ("status mot arbete", "work status")),
    "referral_source": ("hittade oss via", ("hittade oss", "referral source", "found us via")),
    "consent_register": ("samtycke", ("consent",)),
    "consent_messages": ("samtycke utskick", ("samtycke meddelanden", "consent messages")),
    "consent_matching": ("samtycke matchning", ("consent matching",)),
    "wants_language_friend": ("vill ha språkvän", ("wants a language friend", "wants friend")),
    "same_gender": ("samma kön", ("same gender",)),
    "capacity": ("antal deltagare", ("capacity", "antal")),
}
PERSON_COLUMNS = REGISTER_FIELDS


def header_key(header: Any) -> str:
    """A header as we compare it: lower case, no note in brackets, no star, single spaces."""
    text = re.sub(r"\(.*?\)|\*", " ", cell_text(header)).replace("_", " ")
    return _key(text)


HEADER_FIELDS: dict[str, str] = {}
for _name, (_swedish, _others) in HEADERS.items():
    for _header in (_swedish, *_others):
        HEADER_FIELDS[header_key(_header)] = _name


def _field(name: str, widget: widgets.Widget | None = None) -> fields.Field:
    return fields.Field(attribute=name, column_name=HEADERS[name][0], widget=widget)


@dataclass
class ColumnMap:
    """Which column of the file holds which field, and what the file calls it."""

    index: dict[str, int]
    headers: dict[str, str]
    unknown: list[str]
    repeated: list[str]


class PersonResource(resources.Resource):
    """Participants, language friends and volunteers, one per row (Swedish column headers)."""

    roles = _field("roles", RolesWidget())
    first_name = _field("first_name", TextWidget(100))
    last_name = _field("last_name", TextWidget(100))
    phone = _field("phone", PhoneWidget())
    phone_is_shared = _field("phone_is_shared", YesNoWidget())
    email = _field("email", EmailWidget())
    language = _field("language")
    gender = _field("gender", ChoiceWidget({}, Person.Gender.UNDISCLOSED))
    birth_year = _field("birth_year", BirthYearWidget())
    resident_in_municipality = _field("resident_in_municipality", YesNoWidget())
    district = _field("district")
    languages = _field("languages")
    swedish_level = _field("swedish_level")
    education_level = _field("education_level")
    years_in_sweden = _field("years_in_sweden")
    occupation = _field("occupation", TextWidget(120))
    interests = _field("interests", TextWidget(200))
    availability = _field("availability", TextWidget(200))
    work_status = _field("work_status")
    referral_source = _field("referral_source")
    consent_register = _field("consent_register", YesNoWidget())
    consent_messages = _field("consent_messages", YesNoWidget())
    consent_matching = _field("consent_matching", YesNoWidget())
    wants_language_friend = _field("wants_language_friend", YesNoWidget())
    same_gender = _field("same_gender", YesNoWidget())
    capacity = _field("capacity", CapacityWidget())

    class Meta:
        import_order = tuple(HEADERS)
        export_order = tuple(HEADERS)

    def __init__(self, *, lookups: Lookups | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        lookups = lookups or Lookups()
        # Widgets that need the partnership's reference data or the active language's labels.
        replacements: dict[str, widgets.Widget] = {
            "language": PreferredLanguageWidget(lookups.languages),
            "gender": ChoiceWidget(
                _choice_lookup(Person.Gender, GENDER_WORDS), Person.Gender.UNDISCLOSED
            ),
            "district": DistrictWidget(lookups.districts),
            "languages": LanguagesWidget(lookups.languages),
            "swedish_level": ChoiceWidget(_choice_lookup(Person.SwedishLevel, SWEDISH_LEVEL_WORDS)),
            "education_level": EducationWidget(lookups.education),
            "years_in_sweden": YearsInSwedenWidget(
                _choice_lookup(Person.YearsInSweden, YEARS_WORDS)
            ),
            "work_status": ChoiceWidget(_choice_lookup(Person.WorkStatus, WORK_STATUS_WORDS)),
            "referral_source": ChoiceWidget(
                _choice_lookup(Person.ReferralSource, REFERRAL_WORDS), Person.ReferralSource.SELF
            ),
        }
        for name, widget in replacements.items():
            self.fields[name].widget = widget

    @staticmethod
    def column_map(headers: Iterable[Any]) -> ColumnMap:
        """Map the file's header row to our fields; unknown and repeated headers are listed."""
        index: dict[str, int] = {}
        names: dict[str, str] = {}
        unknown: list[str] = []
        repeated: list[str] = []
        for position, header in enumerate(headers):
            text = cell_text(header)
            if not text:
                continue
            name = HEADER_FIELDS.get(header_key(text))
            if name is None:
                unknown.append(text)
            elif name in index:
                repeated.append(text)
            else:
                index[name] = position
                names[name] = text
        return ColumnMap(index, names, unknown, repeated)

    def clean_cells(
        self, cells: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, ValidationError]]:
        """Values and errors per field name, for the fields whose column the file has."""
        values: dict[str, Any] = {}
        errors: dict[str, ValidationError] = {}
        for name, value in cells.items():
            resource_field = self.fields[name]
            try:
                values[name] = resource_field.widget.clean(value)
            except ValidationError as error:
                errors[name] = error
        return values, errors
