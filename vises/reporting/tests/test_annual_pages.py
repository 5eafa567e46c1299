"""The annual report's pages (issue 12, point 5): the narratives written in the app, the
sign-off buttons, the versions, and "a page with progress while it is made"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import agreement_for
from vises.reporting import services
from vises.reporting.models import AnnualReport, ReportFile, SignOff
from vises.reporting.tests.annual_world import YEAR, build
from vises.reporting.tests.files import xlsx_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def _local_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def login(member, role) -> tuple[Client, object]:
    membership = member(role)
    client = Client()
    client.force_login(membership.user)
    return client, membership


def url(partnership, rest=""):
    return f"/p/{partnership.slug}/reports/{rest}"


def test_the_coordinator_writes_the_sections_and_pasted_html_is_plain_text(partnership, member):
    build(partnership)
    client, _m = login(member, Role.COORDINATOR)

    response = client.post(
        url(partnership, f"{YEAR}/narratives/"),
        {"summary": '<p class="MsoNormal"><b>Tolv</b> kaféer</p><script>alert(1)</script>'},
    )
    page = client.get(url(partnership, f"{YEAR}/"))

    assert response.status_code == 302
    assert response["Location"] == url(partnership, f"{YEAR}/")
    report = AnnualReport.objects.get(partnership=partnership, year=YEAR)
    assert report.narratives.get(key="summary").text == "Tolv kaféer"
    text = page.content.decode()
    assert "Avsnitten är sparade." in text
    assert "Tolv kaféer</textarea>" in text
    assert "Skriv under version" not in text  # the coordinator does not sign
    assert "Deltagare (unika personer)" in text


def test_the_manager_and_the_municipal_officer_sign_once_each(partnership, member):
    build(partnership)
    manager, manager_m = login(member, Role.MANAGER)
    municipal, _mm = login(member, Role.MUNICIPAL)

    assert "Skriv under version 1" in manager.get(url(partnership, f"{YEAR}/")).content.decode()
    manager.post(url(partnership, f"{YEAR}/sign/"), {"version": "1"})
    again = manager.post(url(partnership, f"{YEAR}/sign/"), {"version": "1"}, follow=True)
    municipal_page = municipal.get(url(partnership, f"{YEAR}/")).content.decode()
    municipal.post(url(partnership, f"{YEAR}/sign/"), {"version": "1"})
    signed = municipal.get(url(partnership, f"{YEAR}/")).content.decode()

    assert "Verksamhetschef har redan skrivit under version 1." in again.content.decode()
    assert "Skriv under version 1" in municipal_page
    assert "Version 1, väntar på den andra underskriften." in municipal_page
    assert "Version 1, underskriven." in signed
    assert "Skriv under version" not in signed
    assert f"Verksamhetschef: {manager_m.user.get_full_name()}" in signed
    assert SignOff.objects.filter(report__partnership=partnership).count() == 2
    # The municipal officer reads the sections but does not write them.
    assert "<textarea" not in signed
    assert municipal.post(url(partnership, f"{YEAR}/narratives/"), {}).status_code == 403


def test_a_change_after_signing_is_saved_as_a_new_version(partnership, member):
    client, manager = login(member, Role.MANAGER)
    services.report_sign(
        partnership=partnership,
        year=YEAR,
        version=1,
        role=Role.MANAGER,
        user=manager.user,
        actor=manager.user,
    )

    response = client.post(
        url(partnership, f"{YEAR}/narratives/"), {"summary": "Nytt"}, follow=True
    )

    assert "Version 1 var underskriven, så ändringen sparas som version 2." in (
        response.content.decode()
    )
    assert "Version 2, utkast." in response.content.decode()


def test_the_file_page_shows_progress_until_the_file_is_ready(partnership, member):
    build(partnership)
    client, _m = login(member, Role.MUNICIPAL)

    response = client.post(url(partnership, f"{YEAR}/files/"), {"format": "xlsx"})
    file = ReportFile.objects.get()
    status = url(partnership, f"files/{file.pk}/")
    pending = client.get(status).content.decode()
    partial = client.get(status, headers={"HX-Request": "true"}).content.decode()
    services.report_file_make(file_id=file.pk)
    ready = client.get(status, headers={"HX-Request": "true"}).content.decode()
    download = client.get(url(partnership, f"files/{file.pk}/download/"))

    assert response.status_code == 302 and response["Location"] == status
    assert "Filen skapas." in pending
    assert f'hx-get="{status}" hx-trigger="every 2s"' in pending
    assert partial.startswith('<div id="report-file"') and "<html" not in partial
    assert "hx-trigger" not in ready and "Filen är klar." in ready
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert download["Content-Disposition"] == (
        f'attachment; filename="arsrapport-{partnership.slug}-{YEAR}-v1.xlsx"'
    )
    sheets = xlsx_sheets(download.content)
    assert ["35–44", "<5", "..", 0, 0, 9] in sheets["Deltagare, efter ålder"]


def test_an_unknown_format_is_refused(partnership, member):
    client, _m = login(member, Role.COORDINATOR)

    response = client.post(url(partnership, f"{YEAR}/files/"), {"format": "odt"}, follow=True)

    assert "Det finns inget sådant format." in response.content.decode()
    assert ReportFile.objects.count() == 0


def test_a_file_not_ready_is_not_downloaded(partnership, member):
    client, _m = login(member, Role.COORDINATOR)
    file = services.report_file_request(
        partnership=partnership, year=YEAR, fmt="pdf", actor="system:test"
    )

    assert client.get(url(partnership, f"files/{file.pk}/download/")).status_code == 404


def test_a_year_out_of_range_is_not_found(partnership, member):
    client, _m = login(member, Role.COORDINATOR)

    assert client.get(url(partnership, "1999/")).status_code == 404


def test_the_menu_shows_the_annual_report_to_those_who_see_statistics(partnership, member):
    agreement_for(partnership, extensions=1)
    municipal, _m = login(member, Role.MUNICIPAL)
    volunteer, _v = login(member, Role.VOLUNTEER)

    assert f'href="{url(partnership)}"' in municipal.get(f"/p/{partnership.slug}/").content.decode()
    assert url(partnership) not in volunteer.get(f"/p/{partnership.slug}/").content.decode()


def _versions(partnership, years, per_year):
    for year in years:
        for version in range(1, per_year + 1):
            AnnualReport.objects.create(partnership=partnership, year=year, version=version)


def test_the_years_page_reads_the_same_number_of_queries_for_2_and_30_versions(partnership, member):
    agreement_for(partnership, extensions=1)
    client, _m = login(member, Role.COORDINATOR)
    counts = []
    for per_year in (1, 15):
        AnnualReport.objects.all().delete()
        _versions(partnership, [2022, 2023], per_year)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(partnership))
        assert response.status_code == 200
        counts.append(len(captured))
    text = response.content.decode()

    assert counts[0] == counts[1]
    assert "en gång per år rapportera genomförda aktiviteter och utfall" in text
    assert [year in text for year in ("2022", "2023", "2024", "2025")] == [True] * 4
