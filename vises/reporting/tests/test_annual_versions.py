"""The annual report's narratives, versions and sign-offs (issue 12, point 5): "Sign-off by
the manager and by the municipal expert is recorded (who, when, which version); a signed
report is frozen and a later change makes a new version."
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vises.cafes.models import Registration
from vises.cafes.tests.factories import RegistrationFactory
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.people.tests.factories import PersonFactory
from vises.reporting import services
from vises.reporting.documents import annual_docx
from vises.reporting.models import AnnualReport, SignOff
from vises.reporting.selectors import report_content, versions
from vises.reporting.services import plain_text
from vises.reporting.tests.annual_world import YEAR, build
from vises.reporting.tests.files import docx_text

pytestmark = pytest.mark.django_db


def write(partnership, key, text, actor="system:test"):
    return services.narrative_update(
        partnership=partnership, year=YEAR, key=key, text=text, actor=actor
    )


def sign(partnership, membership, version=1):
    return services.report_sign(
        partnership=partnership,
        year=YEAR,
        version=version,
        role=membership.role,
        user=membership.user,
        actor=membership.user,
    )


def test_pasted_word_formatting_and_script_are_stored_as_plain_text(partnership):
    pasted = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal '
        "{margin:0}</style></head><body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>"
        '</o:OfficeDocumentSettings></xml><![endif]--><p class="MsoNormal"><b>Vi&nbsp;höll</b> '
        '<span style="mso-bidi-font-family:Calibri">tolv kaféer.</span></p>'
        "<script>alert('x')</script><p>Nästa   stycke &lt;script&gt;.</p></body></html>"
    )

    report = write(partnership, "summary", pasted)

    assert report.narratives.get(key="summary").text == "Vi höll tolv kaféer.\nNästa stycke"


def test_plain_text_keeps_paragraphs_and_drops_extra_blank_lines():
    assert plain_text("  Ett\r\n\r\n\r\n\r\nTvå\t tre  ") == "Ett\n\nTvå tre"
    assert plain_text("5 < 7 och 3 > 2") == "5 < 7 och 3 > 2"


def test_an_unknown_section_is_refused(partnership):
    with pytest.raises(ValidationError) as refused:
        write(partnership, "gossip", "text")

    assert refused.value.messages == ["Det finns inget sådant avsnitt."]


def test_the_narratives_are_in_the_report(partnership):
    build(partnership)
    write(partnership, "summary", "Året gick bra.\n\nVi höll ett kafé i Skäggetorp.")

    content = report_content(partnership=partnership, year=YEAR)

    summary = content["narratives"][0]
    assert summary["title"] == "Sammanfattning"
    assert summary["paragraphs"] == ["Året gick bra.", "Vi höll ett kafé i Skäggetorp."]
    assert "Året gick bra. Vi höll ett kafé i Skäggetorp." in docx_text(annual_docx(content))
    assert content["version"]["text"] == "Version 1, utkast."


def test_both_sign_the_version_which_is_frozen_and_a_change_makes_a_new_one(partnership, member):
    build(partnership)
    manager, municipal = member(Role.MANAGER), member(Role.MUNICIPAL)
    write(partnership, "summary", "Första versionen.")

    sign(partnership, manager)
    # A late check-in after the first signature does not change what is signed.
    RegistrationFactory.create(
        cafe=Registration.objects.filter(cafe__partnership=partnership).first().cafe,
        person=PersonFactory.create(partnership=partnership),
        attendance=Registration.Attendance.ATTENDED,
    )
    sign(partnership, municipal)
    v1 = AnnualReport.objects.get(partnership=partnership, year=YEAR, version=1)
    signed = report_content(partnership=partnership, year=YEAR)
    v2 = write(partnership, "summary", "Andra versionen.")

    assert v1.status == AnnualReport.Status.SIGNED and v1.frozen
    assert {"label": "Deltagare (unika personer)", "value": "9"} in signed["activities"]
    assert signed["version"]["text"] == "Version 1, underskriven."
    assert [s["role"] for s in signed["version"]["signoffs"]] == ["manager", "municipal"]
    manager_name = manager.user.get_full_name()
    assert signed["version"]["signoffs"][0]["text"] == (
        f"Verksamhetschef: underskriven av {manager_name} den "
        f"{signed['version']['signoffs'][0]['at']}."
    )
    assert v2.version == 2 and v2.status == AnnualReport.Status.DRAFT and not v2.frozen
    assert v1.narratives.get(key="summary").text == "Första versionen."
    assert v2.narratives.get(key="summary").text == "Andra versionen."
    assert v1.content["narratives"][0]["text"] == "Första versionen."
    draft = report_content(partnership=partnership, year=YEAR)
    assert {"label": "Deltagare (unika personer)", "value": "10"} in draft["activities"]
    assert draft["version"]["text"] == "Version 2, utkast."
    assert [r.version for r in versions(partnership=partnership, year=YEAR)] == [2, 1]
    assert AuditEvent.objects.filter(action="reporting.annualreport.signed").count() == 2


def test_one_signature_freezes_and_awaits_the_second(partnership, member):
    manager = member(Role.MANAGER)

    sign(partnership, manager)

    content = report_content(partnership=partnership, year=YEAR)
    assert content["version"]["text"] == "Version 1, väntar på den andra underskriften."
    assert content["empty"] is True


def test_a_sign_off_cannot_be_recorded_twice(partnership, member):
    manager = member(Role.MANAGER)
    sign(partnership, manager)

    with pytest.raises(ValidationError) as refused:
        sign(partnership, member(Role.MANAGER))

    assert refused.value.messages == ["Verksamhetschef har redan skrivit under version 1."]
    assert SignOff.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER, Role.ADMIN])
def test_a_wrong_role_cannot_sign(partnership, member, role):
    with pytest.raises(ValidationError) as refused:
        sign(partnership, member(role))

    assert refused.value.messages == [
        "Endast verksamhetschefen och kommunens handläggare skriver under årsrapporten."
    ]
    assert SignOff.objects.count() == 0


def test_only_the_current_version_can_be_signed(partnership, member):
    sign(partnership, member(Role.MANAGER))
    write(partnership, "summary", "Ändrad.")

    with pytest.raises(ValidationError) as refused:
        sign(partnership, member(Role.MUNICIPAL), version=1)

    assert refused.value.messages == ["Version 1 är inte den aktuella; version 2 är det."]


def test_the_file_is_made_in_the_background(
    partnership, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    build(partnership)

    with django_capture_on_commit_callbacks(execute=True):
        file = services.report_file_request(
            partnership=partnership, year=YEAR, fmt="docx", actor="system:test"
        )

    file.refresh_from_db()
    assert file.status == "ready"
    assert "Deltagare, efter ålder" in docx_text(bytes(file.data))


def test_saving_unchanged_sections_of_a_signed_version_makes_no_new_version(partnership, member):
    write(partnership, "summary", "Text.")
    sign(partnership, member(Role.MANAGER))

    write(partnership, "summary", "Text.")
    write(partnership, "outcomes", "")

    assert [r.version for r in versions(partnership=partnership, year=YEAR)] == [1]


def test_a_narrative_naming_a_participant_is_refused_and_the_report_is_unchanged(partnership):
    """The report goes to the municipality's committee and holds no personal data."""
    from vises.people.tests.factories import ParticipantFactory
    from vises.reporting.annual import NARRATIVE_KEYS

    ParticipantFactory.create(
        person__partnership=partnership, person__first_name="Hodan", person__last_name="Warsame"
    )
    key = NARRATIVE_KEYS[0]
    write(partnership, key, "Kaféerna fylldes.")

    with pytest.raises(ValidationError) as refused:
        write(partnership, key, "Hodan Warsame fick jobb efter tre kaféer.")

    assert refused.value.messages == [
        "Texten nämner Hodan Warsame, som finns i registret som deltagare. "
        "Skriv den utan deltagares namn."
    ]
    assert list(
        AnnualReport.objects.get(partnership=partnership, year=YEAR).narratives.values_list(
            "text", flat=True
        )
    ) == ["Kaféerna fylldes."]
