"""The agreement's periods and its extension and termination services.

"Överenskommelsen gäller från och med den 1 januari 2022 till och med den 31 december 2023
med möjlighet till förlängning ytterligare två (2) gånger två (2) år, om parterna är ense
därom." (seeds/001_4c89f7ac864d56f0.txt, "Giltighet")
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from vises.common.models import AuditEvent
from vises.partnerships import agreements
from vises.partnerships.models import Agreement, AgreementExtension
from vises.partnerships.services import agreement_extend, agreement_terminate
from vises.partnerships.tests.factories import agreement_for


def fresh(agreement: Agreement) -> Agreement:
    return agreements.agreement_of(partnership=agreement.partnership)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("day", "which", "number", "start", "end"),
    [
        (date(2022, 1, 1), "initial", 0, date(2022, 1, 1), date(2023, 12, 31)),
        (date(2023, 12, 31), "initial", 0, date(2022, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), "extension", 1, date(2024, 1, 1), date(2025, 12, 31)),
        (date(2025, 12, 31), "extension", 1, date(2024, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), "extension", 2, date(2026, 1, 1), date(2027, 12, 31)),
        (date(2027, 12, 31), "extension", 2, date(2026, 1, 1), date(2027, 12, 31)),
    ],
)
def test_each_day_falls_in_its_period(partnership, day, which, number, start, end):
    agreement = fresh(agreement_for(partnership, extensions=2))

    period = agreements.period_for(agreement, day)

    assert period is not None
    assert (period.which, period.number, period.start, period.end) == (which, number, start, end)
    assert agreements.in_force(agreement, on=day)


def test_with_both_extensions_the_agreement_ends_on_2027_12_31(partnership):
    agreement = fresh(agreement_for(partnership, extensions=2))

    assert agreements.ends_on(agreement) == date(2027, 12, 31)
    assert not agreements.in_force(agreement, on=date(2028, 1, 1))
    assert agreements.period_for(agreement, date(2028, 1, 1)) is None
    assert not agreements.in_force(agreement, on=date(2021, 12, 31))
    assert agreements.covered_years(agreement) == [2022, 2023, 2024, 2025, 2026, 2027]
    assert [(p.start, p.end) for p in agreements.periods(agreement)] == [
        (date(2022, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2027, 12, 31)),
    ]
    assert agreements.extensions_left(agreement) == 0


def test_without_extensions_the_initial_period_is_all(partnership):
    agreement = fresh(agreement_for(partnership))

    assert agreements.ends_on(agreement) == date(2023, 12, 31)
    assert agreements.in_force(agreement, on=date(2023, 12, 31))
    assert not agreements.in_force(agreement, on=date(2024, 1, 1))
    assert agreements.covered_years(agreement) == [2022, 2023]
    assert agreements.extensions_left(agreement) == 2


def test_an_extension_follows_the_last_period_and_is_audited(partnership):
    agreement = agreement_for(partnership)

    extension = agreement_extend(
        agreement=agreement, decided_on=date(2023, 10, 17), note="Styrgruppen", actor="system:test"
    )

    assert (extension.number, extension.starts_on, extension.ends_on) == (
        1,
        date(2024, 1, 1),
        date(2025, 12, 31),
    )
    assert AuditEvent.objects.filter(
        action="partnerships.agreement.extended", object_id=str(agreement.pk)
    ).exists()


def test_a_third_extension_is_refused_and_nothing_changes(partnership):
    agreement = agreement_for(partnership, extensions=2)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        agreement_extend(agreement=agreement, decided_on=date(2027, 9, 1), actor="system:test")

    assert refused.value.messages == [
        "Överenskommelsen medger högst 2 förlängningar och alla är utnyttjade: "
        "den upphör 2027-12-31."
    ]
    assert AgreementExtension.objects.filter(agreement=agreement).count() == 2
    assert agreements.ends_on(fresh(agreement)) == date(2027, 12, 31)
    assert AuditEvent.objects.count() == events


def test_an_extension_after_the_termination_is_refused(partnership):
    agreement = agreement_for(partnership, extensions=1)
    agreement_terminate(
        agreement=agreement,
        terminated_on=date(2024, 6, 30),
        reason="Väsentligt åsidosatt",
        settlement_note="Faktiskt uppkomna kostnader ersätts.",
        actor="system:test",
    )

    with pytest.raises(ValidationError) as refused:
        agreement_extend(agreement=agreement, decided_on=date(2024, 7, 1), actor="system:test")

    assert refused.value.messages == [
        "Överenskommelsen hävdes 2024-06-30 och kan inte längre förlängas."
    ]
    assert AgreementExtension.objects.filter(agreement=agreement).count() == 1


def test_a_termination_ends_the_agreement_on_its_day(partnership):
    agreement = agreement_for(partnership, extensions=1)

    agreement_terminate(
        agreement=agreement,
        terminated_on=date(2024, 6, 30),
        reason="Obestånd",
        actor="system:test",
    )
    agreement = fresh(agreement)

    assert agreements.in_force(agreement, on=date(2024, 6, 30))
    assert not agreements.in_force(agreement, on=date(2024, 7, 1))
    assert agreements.ends_on(agreement) == date(2024, 6, 30)
    assert agreements.covered_years(agreement) == [2022, 2023, 2024]
    assert agreements.extensions_left(agreement) == 0
    assert AuditEvent.objects.filter(action="partnerships.agreement.terminated").count() == 1


def test_a_termination_outside_the_periods_or_twice_or_without_reason_is_refused(partnership):
    agreement = agreement_for(partnership)

    with pytest.raises(ValidationError) as outside:
        agreement_terminate(
            agreement=agreement, terminated_on=date(2024, 1, 1), reason="x", actor="system:test"
        )
    with pytest.raises(ValidationError) as no_reason:
        agreement_terminate(
            agreement=agreement, terminated_on=date(2023, 1, 1), reason=" ", actor="system:test"
        )
    agreement_terminate(
        agreement=agreement, terminated_on=date(2023, 1, 1), reason="Obestånd", actor="system:test"
    )
    with pytest.raises(ValidationError) as twice:
        agreement_terminate(
            agreement=agreement, terminated_on=date(2023, 2, 1), reason="x", actor="system:test"
        )

    assert outside.value.message_dict == {
        "terminated_on": [
            "Överenskommelsen gäller inte 2024-01-01 (den gäller 2022-01-01 till 2023-12-31)."
        ]
    }
    assert no_reason.value.message_dict == {
        "termination_reason": ["Ange varför överenskommelsen hävs."]
    }
    assert twice.value.messages == ["Överenskommelsen hävdes redan 2023-01-01."]
    assert Agreement.objects.get(pk=agreement.pk).terminated_on == date(2023, 1, 1)


def test_the_decision_window_opens_six_months_before_the_end(partnership):
    agreement = fresh(agreement_for(partnership, extensions=2))

    assert not agreements.decision_due(agreement, today=date(2027, 6, 30))
    assert agreements.decision_due(agreement, today=date(2027, 7, 1))
    assert agreements.decision_due(agreement, today=date(2027, 12, 31))
    assert not agreements.decision_due(agreement, today=date(2028, 1, 1))


def test_years_text_names_runs_of_years():
    assert agreements.years_text([2022, 2023, 2024]) == "2022–2024"
    assert agreements.years_text([2022, 2023, 2025]) == "2022–2023, 2025"
