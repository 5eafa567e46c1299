"""Planning a café: every rule of the plan, each with its field and nothing saved; every state
transition, allowed and refused, with the exact status and audit event (docs/cafe-states.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from vises.cafes.models import Cafe, CafeDescription, CafeVolunteer, Registration
from vises.cafes.services import cafes as services
from vises.cafes.services.cafes import TransitionNotAllowed
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.companies.tests.factories import CompanyFactory
from vises.people.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

ACTOR = "system:test"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def plan(host, **changes):
    starts = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    values = {
        "partnership": host.partnership,
        "company": host,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Personalrummet",
        "actor": ACTOR,
    } | changes
    return services.cafe_create(**values)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(e.code) for e in errors] for field, errors in error.error_dict.items()}


# Creating and changing the plan


def test_a_new_cafe_is_planned_with_eight_places_and_audited():
    company = CompanyFactory.create()

    cafe = plan(company, languages=["ar", "sv"], bus_stop="Ryd centrum", fika="Vegan")

    assert (cafe.status, cafe.capacity, cafe.partnership_id) == (
        Cafe.Status.PLANNED,
        8,
        company.partnership_id,
    )
    assert sorted(cafe.languages.values_list("code", flat=True)) == ["ar", "sv"]
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id) == ("cafes.cafe.created", str(cafe.pk))
    assert event.fields == [
        "bus_stop",
        "capacity",
        "company",
        "ends_at",
        "fika",
        "languages",
        "place",
        "starts_at",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at", "past"),
        ({"ends_at": timezone.now() + timedelta(days=9)}, "ends_at", "end_before_start"),
        ({"capacity": 0}, "capacity", "min_value"),
        ({"capacity": -3}, "capacity", "min_value"),
        (
            {"signup_deadline": timezone.now() + timedelta(days=11)},
            "signup_deadline",
            "deadline_after_start",
        ),
        ({"place": ""}, "place", "blank"),
    ],
    ids=["past", "end-before-start", "capacity-0", "capacity-negative", "deadline", "no-place"],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(changes, field, code):
    company = CompanyFactory.create()
    if "ends_at" in changes or "starts_at" in changes:
        changes.setdefault("ends_at", changes.get("starts_at", timezone.now()) + timedelta(hours=1))

    with pytest.raises(ValidationError) as refused:
        plan(company, **changes)

    assert field_errors(refused.value) == {field: [code]}
    assert Cafe.objects.count() == 0
    assert actions() == []


def test_a_company_of_another_partnership_is_refused():
    company = CompanyFactory.create()
    stranger = CompanyFactory.create()

    with pytest.raises(ValidationError) as refused:
        plan(company, company=stranger)

    assert field_errors(refused.value) == {"company": ["other_partnership"]}
    assert Cafe.objects.count() == 0


def test_the_messages_are_in_the_users_language():
    company = CompanyFactory.create()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan(company, capacity=0, ends_at=timezone.now() + timedelta(days=1))

    assert refused.value.message_dict == {
        "capacity": ["A café needs at least one place."],
        "ends_at": ["The café must end after it starts."],
    }


def test_several_errors_come_together():
    company = CompanyFactory.create()
    past = timezone.now() - timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        plan(company, starts_at=past, ends_at=past - timedelta(hours=1), capacity=0)

    assert field_errors(refused.value) == {
        "starts_at": ["past"],
        "ends_at": ["end_before_start"],
        "capacity": ["min_value"],
    }


def test_an_update_names_the_changed_fields():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    services.cafe_update(cafe=cafe, actor=ACTOR, place="Matsalen", languages=["fa"])

    cafe.refresh_from_db()
    assert cafe.place == "Matsalen"
    assert list(cafe.languages.values_list("code", flat=True)) == ["fa"]
    event = AuditEvent.objects.get()
    assert (event.action, event.fields) == ("cafes.cafe.changed", ["languages", "place"])


def test_an_update_without_changes_writes_no_event():
    cafe = CafeFactory.create()

    services.cafe_update(cafe=cafe, actor=ACTOR, place=cafe.place, capacity=cafe.capacity)

    assert actions() == []


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"capacity": 0}, "capacity", "min_value"),
        (
            {"starts_at": timezone.now() - timedelta(minutes=5), "signup_deadline": None},
            "starts_at",
            "past",
        ),
        ({"ends_at": timezone.now()}, "ends_at", "end_before_start"),
        (
            {"signup_deadline": timezone.now() + timedelta(days=30)},
            "signup_deadline",
            "deadline_after_start",
        ),
    ],
)
def test_a_bad_update_is_refused_and_nothing_changes(changes, field, code):
    cafe = CafeFactory.create()
    before = Cafe.objects.values().get(pk=cafe.pk)

    with pytest.raises(ValidationError) as refused:
        services.cafe_update(cafe=cafe, actor=ACTOR, place="Elsewhere", **changes)

    assert field_errors(refused.value) == {field: [code]}
    assert Cafe.objects.values().get(pk=cafe.pk) == before
    assert actions() == []


def test_a_held_cafe_keeps_its_past_start_when_other_fields_change():
    cafe = CafeFactory.create(status=Cafe.Status.HELD, starts_at=timezone.now() - timedelta(days=1))
    cafe.ends_at = cafe.starts_at + timedelta(hours=1)
    cafe.save()

    services.cafe_update(cafe=cafe, actor=ACTOR, expected_employees=6, starts_at=cafe.starts_at)

    cafe.refresh_from_db()
    assert cafe.expected_employees == 6


def test_the_capacity_cannot_drop_below_the_seats_taken():
    cafe = CafeFactory.create(capacity=4)
    RegistrationFactory.create_batch(2, cafe=cafe)
    RegistrationFactory.create(
        cafe=cafe,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(hours=5),
    )

    with pytest.raises(ValidationError) as refused:
        services.cafe_update(cafe=cafe, actor=ACTOR, capacity=2)

    assert field_errors(refused.value) == {"capacity": ["below_taken"]}
    services.cafe_update(cafe=cafe, actor=ACTOR, capacity=3)
    cafe.refresh_from_db()
    assert (cafe.capacity, cafe.status) == (3, Cafe.Status.FULL)
    assert actions() == ["cafes.cafe.changed", "cafes.cafe.filled"]


def test_more_places_confirm_the_waitlist_at_once():
    cafe = CafeFactory.create(capacity=1, status=Cafe.Status.FULL)
    RegistrationFactory.create(cafe=cafe)
    first, second, third = RegistrationFactory.create_batch(
        3, cafe=cafe, status=Registration.Status.WAITLISTED
    )

    services.cafe_update(cafe=cafe, actor=ACTOR, capacity=3)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in (first, second, third)] == [
        Registration.Status.CONFIRMED,
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ]
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FULL  # someone still waits
    assert actions() == [
        "cafes.cafe.changed",
        "cafes.registration.promoted",
        "cafes.registration.promoted",
    ]


# Transitions

NOW = timezone.now


def started_cafe(status: str) -> Cafe:
    starts = timezone.now() - timedelta(minutes=30)
    return CafeFactory.create(
        status=status,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        signup_deadline=None,
    )


def test_open_turns_a_planned_cafe_open():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    services.cafe_open(cafe=cafe, actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.OPEN
    assert actions() == ["cafes.cafe.opened"]


def test_open_makes_the_cafe_full_when_invitations_hold_every_seat():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED, capacity=1)
    RegistrationFactory.create(
        cafe=cafe,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(hours=48),
    )

    services.cafe_open(cafe=cafe, actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FULL
    assert actions() == ["cafes.cafe.opened", "cafes.cafe.filled"]


def test_a_started_cafe_cannot_be_opened():
    cafe = started_cafe(Cafe.Status.PLANNED)

    with pytest.raises(ValidationError) as refused:
        services.cafe_open(cafe=cafe, actor=ACTOR)

    assert field_errors(refused.value) == {"status": ["started"]}
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.PLANNED


@pytest.mark.parametrize("status", [Cafe.Status.OPEN, Cafe.Status.FULL])
def test_held_after_the_start(status):
    cafe = started_cafe(status)

    services.cafe_mark_held(cafe=cafe, actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.HELD
    assert actions() == ["cafes.cafe.held"]


def test_held_is_refused_before_the_start():
    cafe = CafeFactory.create(status=Cafe.Status.OPEN)

    with pytest.raises(ValidationError) as refused:
        services.cafe_mark_held(cafe=cafe, actor=ACTOR)

    assert field_errors(refused.value) == {"status": ["not_started"]}
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.OPEN
    assert actions() == []


def test_followed_up_after_held():
    cafe = started_cafe(Cafe.Status.HELD)

    services.cafe_mark_followed_up(cafe=cafe, actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FOLLOWED_UP
    assert actions() == ["cafes.cafe.followed_up"]


@pytest.mark.parametrize("status", [Cafe.Status.PLANNED, Cafe.Status.OPEN, Cafe.Status.FULL])
def test_cancel_keeps_the_registrations_and_tells_everyone_registered(
    status, django_capture_on_commit_callbacks
):
    cafe = CafeFactory.create(status=status)
    confirmed = RegistrationFactory.create(cafe=cafe)
    waiting = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cafe_cancel(cafe=cafe, reason="The company moved the date", actor=ACTOR)

    cafe.refresh_from_db()
    assert (cafe.status, cafe.cancelled_reason) == (
        Cafe.Status.CANCELLED,
        "The company moved the date",
    )
    assert dict(Registration.objects.values_list("pk", "status"))[confirmed.pk] == "confirmed"
    assert dict(Registration.objects.values_list("pk", "status"))[waiting.pk] == "waitlisted"
    event = AuditEvent.objects.get()
    assert (event.action, event.fields) == (
        "cafes.cafe.cancelled",
        ["cancelled_reason", "status"],
    )
    assert len(callbacks) == 1  # the cancellation message, after commit


def test_cancel_enqueues_the_cancellation_for_the_active_registrations(
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    cafe = CafeFactory.create()
    active = RegistrationFactory.create(cafe=cafe)
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.DECLINED)

    with django_capture_on_commit_callbacks(execute=True):
        services.cafe_cancel(cafe=cafe, reason="Sjukdom", actor=ACTOR)

    task = DBTaskResult.objects.get()
    assert task.task_path == "vises.cafes.tasks.send_cafe_cancellation"
    assert task.args_kwargs["args"] == [cafe.pk, [active.pk]]


def test_cancel_needs_a_reason():
    cafe = CafeFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.cafe_cancel(cafe=cafe, reason="  ", actor=ACTOR)

    assert field_errors(refused.value) == {"cancelled_reason": ["required"]}
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.OPEN


REFUSED = [
    (
        services.cafe_open,
        [
            Cafe.Status.OPEN,
            Cafe.Status.FULL,
            Cafe.Status.HELD,
            Cafe.Status.FOLLOWED_UP,
            Cafe.Status.CANCELLED,
        ],
    ),
    (
        services.cafe_mark_held,
        [Cafe.Status.PLANNED, Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP, Cafe.Status.CANCELLED],
    ),
    (
        services.cafe_mark_followed_up,
        [
            Cafe.Status.PLANNED,
            Cafe.Status.OPEN,
            Cafe.Status.FULL,
            Cafe.Status.FOLLOWED_UP,
            Cafe.Status.CANCELLED,
        ],
    ),
    (services.cafe_cancel, [Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP, Cafe.Status.CANCELLED]),
]


@pytest.mark.parametrize(
    ("service", "status"),
    [(service, status) for service, statuses in REFUSED for status in statuses],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_refused_transition_names_both_states_and_changes_nothing(service, status):
    cafe = started_cafe(status)
    kwargs = {"reason": "x"} if service is services.cafe_cancel else {}

    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        service(cafe=cafe, actor=ACTOR, **kwargs)

    to = {
        services.cafe_open: "Open for sign-up",
        services.cafe_mark_held: "Held",
        services.cafe_mark_followed_up: "Followed up",
        services.cafe_cancel: "Cancelled",
    }[service]
    assert refused.value.code == "transition_not_allowed"
    with translation.override("en"):
        from_label = str(Cafe.Status(status).label)
    assert refused.value.messages == [f"A café that is “{from_label}” cannot become “{to}”."]
    cafe.refresh_from_db()
    assert cafe.status == status
    assert actions() == []


def test_every_state_has_its_transitions_listed():
    """Each pair (service, state) is either tested as allowed above or refused here."""
    allowed = {
        services.cafe_open: {Cafe.Status.PLANNED},
        services.cafe_mark_held: {Cafe.Status.OPEN, Cafe.Status.FULL},
        services.cafe_mark_followed_up: {Cafe.Status.HELD},
        services.cafe_cancel: {Cafe.Status.PLANNED, Cafe.Status.OPEN, Cafe.Status.FULL},
    }
    for service, refused in REFUSED:
        assert allowed[service] | set(refused) == set(Cafe.Status)
        assert not allowed[service] & set(refused)


def test_allowed_transitions_for_the_buttons():
    future = CafeFactory.create(status=Cafe.Status.OPEN)
    past = started_cafe(Cafe.Status.OPEN)

    assert services.allowed_transitions(future) == [Cafe.Status.CANCELLED]
    assert services.allowed_transitions(past) == [Cafe.Status.HELD, Cafe.Status.CANCELLED]
    assert services.allowed_transitions(CafeFactory.create(status=Cafe.Status.PLANNED)) == [
        Cafe.Status.OPEN,
        Cafe.Status.CANCELLED,
    ]


# Volunteers and descriptions


def test_a_volunteer_is_assigned_with_a_role_and_assigning_again_changes_the_role():
    cafe = CafeFactory.create()
    volunteer = VolunteerFactory.create(person__partnership=cafe.partnership)

    first = services.cafe_volunteer_assign(
        cafe=cafe, volunteer=volunteer, role=CafeVolunteer.Role.HOST, actor=ACTOR
    )
    again = services.cafe_volunteer_assign(
        cafe=cafe, volunteer=volunteer, role=CafeVolunteer.Role.INTERPRETER, actor=ACTOR
    )

    assert first.pk == again.pk
    assert CafeVolunteer.objects.get().role == CafeVolunteer.Role.INTERPRETER
    assert actions() == ["cafes.cafe_volunteer.assigned", "cafes.cafe_volunteer.changed"]


def test_a_volunteer_of_another_partnership_is_refused():
    cafe = CafeFactory.create()
    stranger = VolunteerFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.cafe_volunteer_assign(
            cafe=cafe, volunteer=stranger, role=CafeVolunteer.Role.HOST, actor=ACTOR
        )

    assert field_errors(refused.value) == {"volunteer": ["invalid"]}
    assert CafeVolunteer.objects.count() == 0


def test_a_volunteer_is_removed():
    assignment = CafeVolunteerFactory.create()

    services.cafe_volunteer_remove(assignment=assignment, actor=ACTOR)

    assert CafeVolunteer.objects.count() == 0
    assert actions() == ["cafes.cafe_volunteer.removed"]


def test_descriptions_per_language_with_swedish_on_the_cafe():
    cafe = CafeFactory.create(description="")

    services.cafe_description_set(cafe=cafe, language="sv", text="Välkommen!", actor=ACTOR)
    services.cafe_description_set(cafe=cafe, language="ar", text="أهلا وسهلا", actor=ACTOR)
    services.cafe_description_set(cafe=cafe, language="ar", text="أهلا وسهلا", actor=ACTOR)
    services.cafe_description_set(cafe=cafe, language="en", text="Welcome!", actor=ACTOR)
    services.cafe_description_set(cafe=cafe, language="en", text="", actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.description == "Välkommen!"
    assert dict(CafeDescription.objects.values_list("language", "text")) == {"ar": "أهلا وسهلا"}
    assert actions() == [
        "cafes.cafe.changed",
        "cafes.cafe_description.set",
        "cafes.cafe_description.set",
        "cafes.cafe_description.removed",
    ]


def test_a_description_in_an_unknown_language_is_refused():
    cafe = CafeFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.cafe_description_set(cafe=cafe, language="xx", text="?", actor=ACTOR)

    assert field_errors(refused.value) == {"language": ["invalid_choice"]}
