"""`vises demo` records the real agreement with both extensions, so the programme runs in
2026 (issue 11: "The demo records both extensions as exercised")."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from vises.partnerships import agreements
from vises.partnerships.models import Partnership


def test_the_demo_agreement_runs_through_2027(db, settings):
    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent

    agreement = agreements.agreement_of(partnership=Partnership.objects.get(slug="vi-ses"))

    assert agreement is not None
    assert agreement.signed_on == date(2021, 12, 15)
    assert agreement.authority_signatory.startswith("Helena Paulsson, avdelningschef")
    assert agreement.organisation_signatory.startswith("Kerstin Aldstedt, ordförande")
    assert [(e.number, e.decided_on) for e in agreement.extensions.all()] == [
        (1, date(2023, 10, 17)),
        (2, date(2025, 10, 21)),
    ]
    assert agreements.in_force(agreement, on=date(2026, 6, 1))
    assert agreements.ends_on(agreement) == date(2027, 12, 31)
