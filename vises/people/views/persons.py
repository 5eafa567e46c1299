"""The coordinator's pages of the people register: search, person page, create, edit, merge.

Every page shows personal data, so every page asks for Perm.VIEW_PERSONAL_DATA and every
read writes an audit event (DESIGN §6). A person of another partnership is not found.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vises.common import audit, panels
from vises.common.forms import flash_errors
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people import selectors
from vises.people.forms.persons import PersonForm, PersonSearchForm
from vises.people.models import Person
from vises.people.services.consent import consent_give, consent_withdraw
from vises.people.services.merge import (
    MERGED_FIELDS,
    empty_fields_to_fill,
    person_merge,
    person_merge_values,
)
from vises.people.services.persons import person_create, person_roles_set, person_update

PAGE_SIZE = 25


@dataclass(frozen=True)
class DuplicateRow:
    person: Person
    reasons: tuple[str, ...]
    gains: list[str]  # what merging would fill in, by field label


def _person_or_404(request: PartnershipRequest, pk: int) -> Person:
    try:
        return selectors.person_detail(partnership=request.partnership, pk=pk)
    except Person.DoesNotExist as error:
        raise Http404 from error


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def people_list(request: PartnershipRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None, partnership=request.partnership)
    filters = form.search_filters() if form.is_bound else {}
    if filters is None:  # a filter that cannot be understood finds nobody, and says why
        filters, persons = {}, Person.objects.none()
    else:
        persons = selectors.person_search(partnership=request.partnership, **filters)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    # Who looked for whom is known by the kind of search, never by what was typed.
    audit.log(
        request.user,
        "people.person.listed",
        partnership=request.partnership,
        fields=sorted(filters),
    )
    return render(
        request,
        "people/persons/list.html",
        {"form": form, "page": page, "filtered": bool(filters)},
    )


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def people_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    audit.log(request.user, "people.person.viewed", person)
    duplicates = selectors.person_duplicates(
        partnership=request.partnership,
        email=person.email,
        phone=person.phone,
        phone_is_shared=person.phone_is_shared,
        exclude_pk=person.pk,
    )
    return render(
        request,
        "people/persons/detail.html",
        {
            "person": person,
            "duplicates": [DuplicateRow(c.person, c.reasons, []) for c in duplicates],
            "consents": person.consents.all(),
            "history": selectors.person_history(person=person),
            "panels": panels.for_slot("people.person", request, person),
            "history_limit": selectors.HISTORY_LIMIT,
        },
    )


def _active_consents(person: Person) -> frozenset[str]:
    return frozenset(record.purpose for record in person.consents.all() if record.is_active)


def _save_consents(
    request: PartnershipRequest,
    person: Person,
    *,
    given: Iterable[str],
    withdrawn: Iterable[str] = (),
    channel: str,
) -> None:
    """Consents the coordinator collected (they are the collector) or saw withdrawn."""
    for purpose in given:
        consent_give(
            person=person,
            purpose=purpose,
            channel=channel,
            collected_by=request.user,  # type: ignore[arg-type]
            actor=request.user,
        )
    for purpose in withdrawn:
        consent_withdraw(person=person, purpose=purpose, channel=channel, actor=request.user)


def _duplicates(
    request: PartnershipRequest, form: PersonForm, exclude_pk: int | None = None
) -> list[selectors.DuplicateCandidate]:
    data = form.cleaned_data
    return selectors.person_duplicates(
        partnership=request.partnership,
        email=data["email"],
        phone=data["phone"],
        phone_is_shared=data["phone_is_shared"],
        exclude_pk=exclude_pk,
    )


def _field_labels(fields: Iterable[str]) -> list[str]:
    return [str(cast(models.Field, Person._meta.get_field(field)).verbose_name) for field in fields]


def _render_form(
    request: PartnershipRequest,
    form: PersonForm,
    person: Person | None = None,
    duplicates: list[selectors.DuplicateCandidate] | None = None,
) -> HttpResponse:
    rows = []
    for candidate in duplicates or []:
        gains: list[str] = []
        if person is None:  # a new person: show what merging the typed values would fill in
            filled = empty_fields_to_fill(keep=candidate.person, values=form.person_values())
            gains = _field_labels(field for field in filled if field in MERGED_FIELDS)
        rows.append(DuplicateRow(candidate.person, candidate.reasons, gains))
    return render(
        request,
        "people/persons/form.html",
        {"form": form, "person": person, "duplicates": rows, "merge_button": person is None},
    )


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def people_create(request: PartnershipRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, PersonForm(partnership=request.partnership))
    form = PersonForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _render_form(request, form)
    duplicates = _duplicates(request, form)
    if duplicates and form.merge_choice:
        chosen = [c.person for c in duplicates if c.person.pk == form.merge_choice]
        if chosen:
            return _merge_typed_into(request, form, chosen[0])
    if duplicates and not form.confirmed_new:
        for candidate in duplicates:
            audit.log(request.user, "people.person.viewed", candidate.person)
        return _render_form(request, form, duplicates=duplicates)
    try:
        with transaction.atomic():
            person = person_create(
                partnership=request.partnership,
                actor=request.user,
                languages=form.cleaned_data["languages"],
                signed_up_by=request.user,
                **form.person_values(),
            )
            person_roles_set(person=person, actor=request.user, **form.role_values())
            _save_consents(
                request,
                person,
                given=form.cleaned_data["consents_given"],
                channel=form.cleaned_data["consent_channel"],
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form)
    messages.success(request, _("%(person)s is saved.") % {"person": person})
    return redirect("people_detail", slug=request.partnership.slug, pk=person.pk)


def _merge_typed_into(request: PartnershipRequest, form: PersonForm, keep: Person) -> HttpResponse:
    """The coordinator chose to merge what they typed into an existing person."""
    try:
        with transaction.atomic():
            person, _gained = person_merge_values(
                keep=keep,
                values=form.person_values(),
                languages=form.cleaned_data["languages"],
                actor=request.user,
            )
            person_roles_set(
                person=person, actor=request.user, deactivate_others=False, **form.role_values()
            )
            # A consent the person already has stays as it is (consent_give keeps it).
            _save_consents(
                request,
                person,
                given=form.cleaned_data["consents_given"],
                channel=form.cleaned_data["consent_channel"],
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form)
    messages.success(
        request,
        _("What you typed is merged into %(person)s. Values already stored were kept.")
        % {"person": person},
    )
    return redirect("people_detail", slug=request.partnership.slug, pk=person.pk)


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def people_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    active = _active_consents(person)
    if request.method != "POST":
        audit.log(request.user, "people.person.viewed", person)
        form = PersonForm(
            instance=copy.copy(person), partnership=request.partnership, active_consents=active
        )
        return _render_form(request, form, person)
    form = PersonForm(
        request.POST,
        instance=copy.copy(person),
        partnership=request.partnership,
        active_consents=active,
    )
    if not form.is_valid():
        return _render_form(request, form, person)
    data = form.cleaned_data
    contact_changed = (data["phone"], data["email"].lower(), data["phone_is_shared"]) != (
        person.phone,
        person.email.lower(),
        person.phone_is_shared,
    )
    duplicates = _duplicates(request, form, exclude_pk=person.pk) if contact_changed else []
    if duplicates and not form.confirmed_new:
        for candidate in duplicates:
            audit.log(request.user, "people.person.viewed", candidate.person)
        return _render_form(request, form, person, duplicates)
    try:
        with transaction.atomic():
            person_update(
                person=person,
                actor=request.user,
                languages=data["languages"],
                **form.person_values(),
            )
            person_roles_set(person=person, actor=request.user, **form.role_values())
            _save_consents(
                request,
                person,
                given=data["consents_given"],
                withdrawn=data["consents_withdrawn"],
                channel=data["consent_channel"],
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form, person)
    messages.success(request, _("The changes are saved."))
    return redirect("people_detail", slug=request.partnership.slug, pk=person.pk)


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def people_merge(request: PartnershipRequest, pk: int, other_pk: int) -> HttpResponse:
    keep = _person_or_404(request, pk)
    other = _person_or_404(request, other_pk)
    if keep.pk == other.pk:
        raise Http404
    if request.method == "POST":
        try:
            person_merge(keep=keep, merge=other, actor=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect(
                "people_merge", slug=request.partnership.slug, pk=keep.pk, other_pk=other.pk
            )
        messages.success(
            request,
            _("The two records are merged into %(person)s.") % {"person": keep},
        )
        return redirect("people_detail", slug=request.partnership.slug, pk=keep.pk)
    audit.log(request.user, "people.person.viewed", keep)
    audit.log(request.user, "people.person.viewed", other)
    filled = empty_fields_to_fill(
        keep=keep,
        values={field: getattr(other, field) for field in (*MERGED_FIELDS, "phone_is_shared")},
    )
    return render(
        request,
        "people/persons/merge.html",
        {
            "keep": keep,
            "other": other,
            "gains": _field_labels(field for field in filled if field in MERGED_FIELDS),
        },
    )
