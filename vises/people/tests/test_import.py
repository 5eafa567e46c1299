"""Import of people from Excel and CSV: preview every row, then all or nothing.

The files are built in the tests (openpyxl, csv). Messages are asserted in English (the
client reads the pages in English); codes and counts are asserted in every language.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    LanguageFriend,
    Participant,
    Person,
    Volunteer,
)
from vises.people.services import imports as import_services
from vises.people.services.imports import (
    ImportFile,
    ImportRejected,
    import_confirm,
    import_file_store,
    import_files_purge,
    import_preview,
)
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory, PersonFactory

HEADER = [
    "Förnamn",
    "efternamn",
    "telefon",
    "delad telefon",
    "e-post",
    "språk",
    "kön",
    "födelseår",
    "bor i kommunen",
    "stadsdel",
    "talade språk",
    "svenskanivå",
    "utbildning",
    "år i Sverige",
    "sysselsättning",
    "status",
    "hittade oss via",
    "roll",
    "samtycke (ja/nej)",
    "samtycke matchning",
    "vill ha språkvän",
    "antal deltagare",
]
AMINA = [
    "Amina",
    "Yusuf",
    "070-123 45 67",
    "",
    "amina@example.org",
    "so",
    "kvinna",
    "1990",
    "ja",
    "Skäggetorp",
    "somaliska, sv",
    "nybörjare",
    "3",
    "4",
    "undersköterska",
    "sfi",
    "kommunen",
    "deltagare",
    "ja",
    "ja",
    "ja",
    "",
]
OLENA = [
    "Olena",
    "Kovalenko",
    "0701234568",
    "nej",
    "",
    "uk",
    "kvinna",
    "1985",
    "ja",
    "berga",
    "uk, ryska, en",
    "mellan",
    "6",
    "1",
    "ekonom",
    "arbetssökande",
    "kafé",
    "",  # the upload form's default role: participant
    "ja",
    "",
    "nej",
    "",
]
JOHAN = [
    "Johan",
    "Berg",
    "",
    "",
    "Johan.Berg@Example.ORG",
    "sv",
    "man",
    "1972",
    "ja",
    "Ryd",
    "svenska, engelska",
    "flytande",
    "6",
    "född i Sverige",
    "logistik",
    "arbetar",
    "kafé",
    "språkvän, volontär",
    "nej",
    "",
    "",
    "2",
]
GOOD = [AMINA, OLENA, JOHAN]


def with_cells(row: list[str], **cells: str) -> list[str]:
    """A copy of the row with some cells changed, by their (Swedish) header."""
    changed = list(row)
    keys = [h.lower().split(" (")[0].replace("-", " ") for h in HEADER]
    for header, value in cells.items():
        changed[keys.index(header.replace("_", " "))] = value
    return changed


def csv_file(
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("people.csv", text.getvalue().encode(encoding), "text/csv")


def xlsx_file(rows: list[list[str]], *, header: list[str] = HEADER) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        # Excel keeps numbers as numbers: a birth year arrives as 1990.0, not "1990".
        sheet.append([float(cell) if cell.isdigit() and len(cell) == 4 else cell for cell in row])
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(
        "people.xlsx",
        content.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


FILES = {"csv": csv_file, "xlsx": xlsx_file}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def waiting_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def register(partnership: Partnership) -> Partnership:
    """The partnership with Linköping's districts in use here and consent texts."""
    for name in ("Skäggetorp", "Berga", "Ryd"):
        DistrictFactory.create(partnership=partnership, name=name)
    for purpose in ConsentPurpose.values:
        ConsentTextFactory.create(partnership=partnership, purpose=purpose)
    return partnership


@pytest.fixture
def coordinator(register: Partnership) -> Membership:
    return MembershipFactory.create(partnership=register, role=Role.COORDINATOR)


@pytest.fixture
def client(coordinator: Membership) -> Client:
    client = Client()
    client.cookies["vises_language"] = "en"
    client.force_login(coordinator.user)
    return client


def base(partnership: Partnership) -> str:
    return f"/p/{partnership.slug}/people/import/"


def upload(client: Client, partnership: Partnership, file, role: str = "participant"):
    return client.post(base(partnership), {"file": file, "role": role})


def preview_of(client: Client, partnership: Partnership):
    response = client.get(base(partnership) + "preview/")
    assert response.status_code == 200
    return response, response.context["preview"]


def confirm(client: Client, partnership: Partnership, **decisions: str):
    return client.post(base(partnership) + "confirm/", decisions)


def actions() -> list[str]:
    return list(
        AuditEvent.objects.exclude(action__startswith="accounts.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- three good rows ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_three_good_rows_preview_as_new_and_confirm_creates_exactly_them(
    client, register, coordinator, data_dir, kind
):
    response = upload(client, register, FILES[kind](GOOD))
    assert (response.status_code, response["Location"]) == (302, base(register) + "preview/")
    assert len(waiting_files(data_dir)) == 1

    response, preview = preview_of(client, register)
    assert [(row.number, row.outcome) for row in preview.rows] == [
        (2, "new"),
        (3, "new"),
        (4, "new"),
    ]
    assert (preview.new_count, preview.duplicate_count, preview.error_count) == (3, 0, 0)
    assert preview.can_import
    assert Person.objects.count() == 0  # the preview writes nothing to the register
    assert 'data-outcome="new"' in response.content.decode()

    response = confirm(client, register)

    assert (response.status_code, response["Location"]) == (302, f"/p/{register.slug}/people/")
    assert Person.objects.count() == 3
    amina = Person.objects.get(first_name="Amina")
    assert (amina.phone, amina.email, amina.language, amina.gender) == (
        "+46701234567",
        "amina@example.org",
        "so",
        "woman",
    )
    assert (amina.birth_year, amina.resident_in_municipality, amina.district.name) == (
        1990,
        True,
        "Skäggetorp",
    )
    assert sorted(amina.languages.values_list("code", flat=True)) == ["so", "sv"]
    assert (amina.swedish_level, amina.education_level_id, amina.years_in_sweden) == (
        "beginner",
        "3",
        "3-5",
    )
    assert (amina.occupation, amina.work_status, amina.referral_source) == (
        "undersköterska",
        "sfi",
        "municipal",
    )
    assert amina.signed_up_by == coordinator.user
    assert amina.participant.wants_language_friend is True
    assert amina.participant.waiting_since is not None
    olena = Person.objects.get(first_name="Olena")
    assert (olena.phone, olena.email, olena.district.name, olena.years_in_sweden) == (
        "+46701234568",
        "",
        "Berga",
        "1-2",
    )
    assert sorted(olena.languages.values_list("code", flat=True)) == ["en", "ru", "uk"]
    assert olena.participant.wants_language_friend is False
    johan = Person.objects.get(first_name="Johan")
    assert (johan.email, johan.years_in_sweden) == ("Johan.Berg@example.org", "born")
    assert johan.language_friend.capacity == 2
    assert Volunteer.objects.filter(person=johan).exists()
    assert not Participant.objects.filter(person=johan).exists()
    assert Participant.objects.count() == 2
    assert LanguageFriend.objects.count() == 1

    consents = sorted(ConsentRecord.objects.values_list("person__first_name", "purpose", "channel"))
    assert consents == [
        ("Amina", "matching", ConsentChannel.IMPORT),
        ("Amina", "register", ConsentChannel.IMPORT),
        ("Olena", "register", ConsentChannel.IMPORT),
    ]
    assert set(ConsentRecord.objects.values_list("collected_by", flat=True)) == {
        coordinator.user.pk
    }

    assert sorted(actions()) == sorted(
        ["people.import.previewed"]
        + ["people.person.created"] * 3
        + ["people.participant.created"] * 2
        + ["people.languagefriend.created", "people.volunteer.created"]
        + ["people.consent.given"] * 3
        + ["people.import.confirmed"]
    )
    stored = " ".join(str(value) for value in AuditEvent.objects.values_list())
    assert "Amina" not in stored and "+4670" not in stored and "example.org" not in stored
    assert waiting_files(data_dir) == []  # the file is deleted after the confirmation


def test_english_headers_and_a_comma_separated_windows_file_are_understood(client, register):
    header = [
        "First name",
        "Last name",
        "Phone",
        "E-mail",
        "Language",
        "Gender",
        "Birth year",
        "District",
        "Languages spoken",
        "Consent",
    ]
    rows = [
        ["Åsa", "Öberg", "0701234599", "asa@example.org", "sv", "woman", "1960", "Ryd", "sv", "yes"]
    ]
    upload(client, register, csv_file(rows, header=header, delimiter=",", encoding="cp1252"))

    _response, preview = preview_of(client, register)

    assert [(row.outcome, row.name) for row in preview.rows] == [("new", "Åsa Öberg")]
    assert preview.ignored_columns == []
    assert confirm(client, register).status_code == 302
    assert Person.objects.get().district.name == "Ryd"


def test_excel_numbers_are_read_as_people_write_them(register):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["förnamn", "telefon", "födelseår", "utbildning", "år i Sverige"])
    sheet.append([])  # an empty row is left out, the row numbers stay the spreadsheet's
    sheet.append(["Hodan", 701234567, 1991, 4, 2.0])  # Excel dropped the leading zero
    content = io.BytesIO()
    workbook.save(content)

    preview = import_preview(
        partnership=register, source=store(SimpleUploadedFile("people.xlsx", content.getvalue()))
    )

    (row,) = preview.rows
    assert (row.number, row.outcome) == (3, "new")
    assert (row.values["phone"], row.values["birth_year"]) == ("+46701234567", 1991)
    assert (row.values["education_level"].code, row.values["years_in_sweden"]) == ("4", "1-2")


def test_unknown_columns_are_listed_and_left_out(client, register):
    header = ["förnamn", "telefon", "personnummer"]
    upload(client, register, csv_file([["Amina", "0701234567", "19900101-1234"]], header=header))

    response, preview = preview_of(client, register)

    assert preview.ignored_columns == ["personnummer"]
    assert preview.can_import
    assert "personnummer" in response.content.decode()


# --- bad rows: nothing is written --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_phone_and_a_bad_birth_year_are_listed_and_nothing_is_written(
    client, register, data_dir, kind
):
    rows = [
        AMINA,
        with_cells(OLENA, telefon="12345"),
        with_cells(JOHAN, födelseår="1800"),
        with_cells(AMINA, förnamn="Hodan", telefon="0701234570", e_post="hodan@example.org"),
    ]
    upload(client, register, FILES[kind](rows))

    response, preview = preview_of(client, register)

    assert [(row.number, row.outcome) for row in preview.rows] == [
        (2, "new"),
        (3, "error"),
        (4, "error"),
        (5, "new"),
    ]
    assert [
        (row.number, problem.field, problem.column, problem.code)
        for row in preview.error_rows
        for problem in row.errors
    ] == [
        (3, "phone", "telefon", "invalid_phone"),
        (4, "birth_year", "födelseår", "birth_year_range"),
    ]
    page = response.content.decode()
    assert "Row 3: telefon: 12345 is not a valid phone number." in page
    assert "Row 4: födelseår: Enter a birth year between 1920 and" in page
    assert not preview.can_import
    assert "people_import_confirm" not in page and "/confirm/" not in page  # no button

    response = confirm(client, register)  # posted anyway

    assert response.status_code == 200
    assert response.context["rejected"] is True
    assert [row.number for row in response.context["preview"].error_rows] == [3, 4]
    assert "Row 3: telefon:" in response.content.decode()
    assert Person.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert "people.person.created" not in actions()
    assert waiting_files(data_dir) == []


def test_an_unknown_district_is_an_error(client, register):
    upload(client, register, csv_file([with_cells(AMINA, stadsdel="Atlantis")]))

    _response, preview = preview_of(client, register)

    (row,) = preview.rows
    assert [(p.field, p.code, p.message) for p in row.errors] == [
        ("district", "unknown_district", "“Atlantis” is not a district of this partnership.")
    ]


def test_a_district_of_another_partnership_is_unknown(client, register):
    DistrictFactory.create(partnership=PartnershipFactory.create(), name="Lambohov")
    upload(client, register, csv_file([with_cells(AMINA, stadsdel="Lambohov")]))

    _response, preview = preview_of(client, register)

    assert [p.code for p in preview.rows[0].errors] == ["unknown_district"]


@pytest.mark.parametrize(
    ("cells", "field", "code"),
    [
        ({"förnamn": ""}, "first_name", "required"),
        ({"telefon": "", "e_post": ""}, "phone", "contact_required"),
        ({"e_post": "amina(at)example.org"}, "email", "invalid_email"),
        ({"födelseår": "90"}, "birth_year", "invalid_birth_year"),
        ({"språk": "klingon"}, "language", "unknown_language"),
        ({"talade språk": "so, alviska"}, "languages", "unknown_language"),
        ({"kön": "kanske"}, "gender", "invalid_choice"),
        ({"utbildning": "12"}, "education_level", "unknown_education"),
        ({"roll": "chef"}, "roles", "unknown_role"),
        ({"antal deltagare": "5"}, "capacity", "invalid_capacity"),
        ({"bor i kommunen": "kanske"}, "resident_in_municipality", "invalid_yes_no"),
        ({"sysselsättning": "x" * 121}, "occupation", "max_length"),
    ],
)
def test_each_rule_names_its_field(register, cells, field, code):
    source = store(csv_file([with_cells(AMINA, **cells)]))

    preview = import_preview(partnership=register, source=source)

    assert [(p.field, p.code) for p in preview.rows[0].errors] == [(field, code)]


def store(file) -> ImportFile:
    return import_file_store(uploaded=file)


def test_the_row_errors_are_written_in_the_users_language(register):
    source = store(csv_file([with_cells(AMINA, telefon="12345")]))

    with translation.override("en"):
        english = import_preview(partnership=register, source=source).rows[0].error_lines

    assert english == [
        "Row 2: telefon: 12345 is not a valid phone number. Check the digits, e.g. 070-123 45 67."
    ]


def test_a_row_the_services_refuse_at_the_end_undoes_every_row(register, coordinator, monkeypatch):
    """All or nothing holds at write time too: rows already created are rolled back."""
    created = []
    real_create = import_services.person_create

    def refuse_the_third(**values):
        if len(created) == 2:
            raise ValidationError({"first_name": ValidationError("No.", code="refused")})
        created.append(values["first_name"])
        return real_create(**values)

    monkeypatch.setattr(import_services, "person_create", refuse_the_third)
    source = store(csv_file(GOOD))

    with pytest.raises(ImportRejected) as rejected:
        import_confirm(partnership=register, source=source, actor=coordinator.user)

    assert created == ["Amina", "Olena"]
    assert [
        (row.number, [p.code for p in row.errors]) for row in rejected.value.preview.error_rows
    ] == [(4, ["refused"])]
    assert Person.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="people.").exists()


def test_without_a_consent_text_the_import_says_so_and_writes_nothing(partnership, member):
    DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    client = Client()
    client.cookies["vises_language"] = "en"
    client.force_login(member(Role.COORDINATOR).user)
    upload(client, partnership, csv_file([AMINA]))

    response, preview = preview_of(client, partnership)

    assert preview.problems == [
        "The partnership has no consent text for “Keep my details so I can take part” yet, so "
        "the consents in the file cannot be recorded. Publish the consent text first, or "
        "leave that consent column empty.",
        "The partnership has no consent text for “Use my details to find me a language friend” "
        "yet, so the consents in the file cannot be recorded. Publish the consent text first, "
        "or leave that consent column empty.",
    ]
    assert [p.code for p in preview.rows[0].errors] == ["no_consent_text", "no_consent_text"]
    assert "The file cannot be imported" in response.content.decode()
    assert confirm(client, partnership).status_code == 200
    assert Person.objects.count() == 0


def test_a_row_without_consent_needs_no_consent_text(register):
    source = store(csv_file([with_cells(AMINA, samtycke="nej", samtycke_matchning="")]))

    preview = import_preview(partnership=register, source=source)

    assert preview.rows[0].consents == []
    assert preview.can_import


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (["efternamn", "telefon"], "The file has no column “förnamn” (first name)."),
        (["förnamn", "efternamn"], "The file has neither a column “telefon” nor “e-post”."),
        (["förnamn", "telefon", "Telefon"], "The column “Telefon” appears twice."),
    ],
)
def test_a_file_without_the_needed_columns_is_refused_as_a_whole(register, header, problem):
    source = store(csv_file([["a"] * len(header)], header=header))

    with translation.override("en"):
        preview = import_preview(partnership=register, source=source)

    assert preview.problems == [problem]
    assert not preview.can_import


def test_an_empty_file_and_a_file_of_the_wrong_kind_are_refused(client, register):
    response = upload(client, register, SimpleUploadedFile("people.pdf", b"%PDF-1.4"))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "unsupported_format"

    response = upload(client, register, SimpleUploadedFile("people.xlsx", b"name;phone\n"))
    assert response.context["form"].errors.as_data()["file"][0].code == "unsupported_format"

    source = store(SimpleUploadedFile("people.xlsx", b"PK\x03\x04 not really a workbook"))
    with translation.override("en"):
        preview = import_preview(partnership=register, source=source)
    assert preview.problems == [
        "The file could not be read. Save it again as Excel (.xlsx) or CSV (UTF-8)."
    ]

    source = store(csv_file([], header=HEADER))
    with translation.override("en"):
        preview = import_preview(partnership=register, source=source)
    assert preview.problems == ["The file has a header row but no people."]


# --- likely duplicates -----------------------------------------------------------------------


def test_a_row_with_the_e_mail_of_a_registered_person_is_skipped_unless_chosen(client, register):
    known = PersonFactory.create(
        partnership=register, first_name="Amina", email="AMINA@example.org", phone=""
    )
    upload(client, register, csv_file(GOOD))

    response, preview = preview_of(client, register)

    assert [(row.number, row.outcome) for row in preview.rows] == [
        (2, "duplicate"),
        (3, "new"),
        (4, "new"),
    ]
    (match,) = preview.rows[0].matches
    assert (match.person, match.reasons, match.row) == (known, ("email",), None)
    assert preview.can_import  # a duplicate is a decision, not an error
    page = response.content.decode()
    assert 'name="row-2" value="skip" checked' in page
    assert f"same e-mail as {known}, already registered" in page

    confirm(client, register)  # no decision: skipped

    assert Person.objects.count() == 3
    assert list(Person.objects.filter(email__iexact="amina@example.org")) == [known]


def test_a_duplicate_chosen_as_new_is_imported(client, register):
    PersonFactory.create(partnership=register, email="amina@example.org")
    upload(client, register, csv_file(GOOD))

    confirm(client, register, **{"row-2": "new"})

    assert Person.objects.filter(email__iexact="amina@example.org").count() == 2
    assert Person.objects.count() == 4


def test_a_phone_marked_shared_is_not_a_duplicate_but_an_unshared_one_is(register):
    PersonFactory.create(partnership=register, phone="+46701234567", phone_is_shared=True)
    PersonFactory.create(partnership=register, phone="+46701234568")
    rows = [
        with_cells(AMINA, e_post=""),  # the same phone, but the registered one is shared
        with_cells(OLENA, delad_telefon="ja"),  # marked shared in the file
        with_cells(JOHAN, telefon="0701234568", e_post=""),
    ]

    preview = import_preview(partnership=register, source=store(csv_file(rows)))

    assert [row.outcome for row in preview.rows] == ["new", "new", "duplicate"]
    assert preview.rows[2].matches[0].reasons == ("phone",)


def test_two_rows_with_the_same_phone_in_the_file_are_flagged(client, register):
    rows = [
        AMINA,
        with_cells(OLENA, telefon="070-123 45 67"),
        with_cells(JOHAN, e_post="AMINA@example.org"),
    ]
    upload(client, register, csv_file(rows))

    response, preview = preview_of(client, register)

    assert [(row.number, row.outcome) for row in preview.rows] == [
        (2, "new"),
        (3, "duplicate"),
        (4, "duplicate"),
    ]
    assert [(m.row, m.reasons) for m in preview.rows[1].matches] == [(2, ("phone",))]
    assert [(m.row, m.reasons) for m in preview.rows[2].matches] == [(2, ("email",))]
    assert "same phone as row 2" in response.content.decode()

    confirm(client, register, **{"row-4": "new"})

    assert sorted(Person.objects.values_list("first_name", flat=True)) == ["Amina", "Johan"]


def test_rows_sharing_a_phone_marked_shared_are_not_flagged(register):
    rows = [
        with_cells(AMINA, delad_telefon="ja"),
        with_cells(OLENA, telefon="070-123 45 67", delad_telefon="ja"),
    ]

    preview = import_preview(partnership=register, source=store(csv_file(rows)))

    assert [row.outcome for row in preview.rows] == ["new", "new"]


def test_a_person_of_another_partnership_is_no_duplicate(register):
    PersonFactory.create(partnership=PartnershipFactory.create(), email="amina@example.org")

    preview = import_preview(partnership=register, source=store(csv_file([AMINA])))

    assert preview.rows[0].outcome == "new"


def test_the_preview_asks_the_database_once_per_batch_not_once_per_row(register):
    def queries(count: int) -> int:
        rows = [
            with_cells(AMINA, telefon=f"+46702{n:06d}", e_post=f"p{n}@example.org")
            for n in range(count)
        ]
        source = store(csv_file(rows))
        with CaptureQueriesContext(connection) as captured:
            preview = import_preview(partnership=register, source=source)
        assert preview.new_count == count
        return len(captured)

    assert queries(3) == queries(400)


# --- the waiting file ------------------------------------------------------------------------


def test_the_waiting_file_is_private_and_named_by_a_random_token(client, register, data_dir):
    upload(client, register, csv_file(GOOD))

    (path,) = waiting_files(data_dir)
    token = client.session["people_import"]["token"]
    assert path.name == f"{token}.csv.jsonl"  # the rows parsed once; the upload is gone
    assert len(token) == 43
    assert path.stat().st_mode & 0o777 == 0o600
    assert (data_dir / "imports").stat().st_mode & 0o777 == 0o700


def test_cancel_and_a_new_upload_delete_the_waiting_file(client, register, data_dir):
    upload(client, register, csv_file(GOOD))
    (first,) = waiting_files(data_dir)

    upload(client, register, xlsx_file(GOOD))

    (second,) = waiting_files(data_dir)
    assert second != first and second.name.endswith(".xlsx.jsonl")

    response = client.post(base(register) + "cancel/")

    assert (response.status_code, response["Location"]) == (302, base(register))
    assert waiting_files(data_dir) == []
    assert "people_import" not in client.session
    response = client.get(base(register) + "preview/")
    assert (response.status_code, response["Location"]) == (302, base(register))


def test_files_older_than_a_day_are_deleted(register, data_dir):
    old = store(csv_file(GOOD))
    new = store(csv_file(GOOD))
    day_ago = time.time() - timedelta(hours=25).total_seconds()
    os.utime(old.path, (day_ago, day_ago))

    assert import_files_purge() == 1
    assert (old.exists(), new.exists()) == (False, True)


def test_the_scheduler_purges_old_files_every_hour(register, data_dir):
    from vises.common.scheduler import JOBS

    old = store(csv_file(GOOD))
    day_ago = time.time() - timedelta(hours=25).total_seconds()
    os.utime(old.path, (day_ago, day_ago))
    (job,) = [job for job in JOBS if job.name == "people.import_files_purge"]

    assert job.every == timedelta(hours=1)
    assert job.task().call() == 1
    assert waiting_files(data_dir) == []


def test_an_upload_older_than_a_day_is_gone_from_the_session_too(client, register, data_dir):
    upload(client, register, csv_file(GOOD))
    session = client.session
    session["people_import"]["uploaded_at"] -= timedelta(hours=25).total_seconds()
    session.save()

    response = client.post(base(register) + "confirm/")

    assert (response.status_code, response["Location"]) == (302, base(register))
    assert waiting_files(data_dir) == []
    assert Person.objects.count() == 0


def test_a_file_uploaded_for_one_partnership_is_not_used_for_another(register, coordinator):
    other = PartnershipFactory.create()
    MembershipFactory.create(partnership=other, user=coordinator.user, role=Role.COORDINATOR)
    client = Client()
    client.force_login(coordinator.user)
    upload(client, register, csv_file(GOOD))

    response = client.post(base(other) + "confirm/")

    assert (response.status_code, response["Location"]) == (302, base(other))
    assert Person.objects.count() == 0


def test_the_template_has_the_swedish_headers(client, register):
    response = client.get(base(register) + "template.xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["roll", "förnamn", "efternamn", "telefon"]
    assert "samtycke" in headers and "talade språk" in headers


# --- who may import --------------------------------------------------------------------------

PAGES: list[tuple[str, str]] = [
    ("get", ""),
    ("post", ""),
    ("get", "preview/"),
    ("post", "confirm/"),
    ("post", "cancel/"),
    ("get", "template.xlsx"),
]


def call(client: Client, partnership: Partnership, method: str, page: str):
    send: Callable = getattr(client, method)
    return send(base(partnership) + page)


@pytest.mark.parametrize(("method", "page"), PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 403),
    ],
)
def test_roles_without_operations_are_refused(register, role, status, method, page):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=register, role=role).user)

    assert call(client, register, method, page).status_code == status


@pytest.mark.parametrize(("method", "page"), PAGES)
def test_a_member_of_another_partnership_gets_not_found(register, method, page):
    client = Client()
    client.force_login(
        MembershipFactory.create(
            partnership=PartnershipFactory.create(), role=Role.COORDINATOR
        ).user
    )

    assert call(client, register, method, page).status_code == 404


@pytest.mark.parametrize(("method", "page"), PAGES)
def test_anonymous_is_sent_to_the_login_page(register, method, page):
    response = call(Client(), register, method, page)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={base(register)}{page}",
    )


def test_the_manager_may_import(register, data_dir):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=register, role=Role.MANAGER).user)
    upload(client, register, csv_file(GOOD))

    assert confirm(client, register).status_code == 302
    assert Person.objects.count() == 3


def test_a_refused_role_leaves_no_file_behind(register, data_dir):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=register, role=Role.MUNICIPAL).user)

    assert upload(client, register, csv_file(GOOD)).status_code == 403
    assert waiting_files(data_dir) == []
