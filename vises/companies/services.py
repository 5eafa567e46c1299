"""Writes for host companies, their contacts and their pipeline (issue 4, points 1 and 10).

Every change is validated with full_clean and audited by field name only (DESIGN §6).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.accounts.services import code_login_user_get_or_create, email_address_verify
from vises.common import audit
from vises.common.validators import clean_text_fields, normalise_org_number
from vises.companies.models import Company, CompanyContact
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.partnerships.selectors import user_has_role_other_than
from vises.partnerships.services import membership_end, membership_set
from vises.people.validation import contact_clean

COMPANY_FIELDS = (
    "name",
    "org_number",
    "industry",
    "size_band",
    "district",
    "address",
    "next_step",
    "next_step_date",
    "notes",
)
CONTACT_FIELDS = ("first_name", "last_name", "title", "email", "phone")

Stage = Company.Stage
# The pipeline in order; declined is outside it.
PIPELINE: list[str] = [Stage.LEAD, Stage.CONTACTED, Stage.AGREED, Stage.HOSTED, Stage.RETURNING]


def stage_moves(company: Company) -> list[str]:
    """The stages the company may move to from where it is now."""
    if company.stage == Stage.DECLINED:
        return [Stage.LEAD]
    later = PIPELINE[PIPELINE.index(company.stage) + 1 :]
    return [*later, Stage.DECLINED]


def _clean_org_number(company: Company) -> None:
    _plain_texts(company, ("name", "address", "next_step"))
    if company.org_number:
        try:
            company.org_number = normalise_org_number(company.org_number)
        except ValidationError as error:
            raise ValidationError({"org_number": error.error_list}) from error
    duplicate = (
        Company.objects.filter(partnership_id=company.partnership_id, org_number=company.org_number)
        .exclude(pk=company.pk)
        .exists()
    )
    if company.org_number and duplicate:
        raise ValidationError(
            {
                "org_number": ValidationError(
                    _("A company with this organisation number is already registered."),
                    code="duplicate",
                )
            }
        )


def _changed(company: Company, values: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"not company fields: {sorted(unknown)}")
    changed = []
    for name, value in values.items():
        if getattr(company, name) != value:
            setattr(company, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def company_create(
    *,
    partnership: Partnership,
    actor: audit.Actor,
    stage: str = Stage.LEAD,
    **values: Any,
) -> Company:
    """Register a company in the partnership (by default as a lead)."""
    company = Company(partnership=partnership, stage=stage)
    _changed(company, values)
    _clean_org_number(company)
    company.full_clean()
    company.save()
    audit.log(actor, "companies.company.created", company, fields=["stage", *sorted(values)])
    return company


@transaction.atomic
def company_update(*, company: Company, actor: audit.Actor, **values: Any) -> Company:
    """Change the company's details (not its stage: see company_stage_set)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    changed = _changed(company, values)
    _clean_org_number(company)
    company.full_clean()
    if changed:
        company.save()
        audit.log(actor, "companies.company.changed", company, fields=changed)
    return company


@transaction.atomic
def company_stage_set(*, company: Company, stage: str, actor: audit.Actor) -> Company:
    """Move the company in the pipeline: forward, to declined, or from declined back to lead."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if stage not in Stage.values:
        raise ValidationError(_("Unknown stage."), code="unknown_stage")
    if stage not in stage_moves(company):
        raise ValidationError(
            _("A company cannot move from “%(from)s” to “%(to)s”.")
            % {"from": company.get_stage_display(), "to": Stage(stage).label},
            code="stage_not_allowed",
        )
    company.stage = stage
    company.full_clean()
    company.save(update_fields=["stage", "updated_at"])
    audit.log(actor, "companies.company.changed", company, fields=["stage"])
    return company


def _plain_texts(obj: Company | CompanyContact, fields: tuple[str, ...]) -> None:
    """Names shown in titles and lists lose characters that reorder text; NUL or a broken
    character is refused on its field (vises.common.validators)."""
    values = clean_text_fields({field: getattr(obj, field) or "" for field in fields}, fields)
    for field, value in values.items():
        setattr(obj, field, value)


def _clean_contact(contact: CompanyContact) -> None:
    _plain_texts(contact, ("first_name", "last_name", "title"))
    cleaned = contact_clean(phone=contact.phone, email=contact.email)
    contact.phone, contact.email = cleaned.phone, cleaned.email
    contact.full_clean()


@transaction.atomic
def contact_create(*, company: Company, actor: audit.Actor, **values: Any) -> CompanyContact:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    contact = CompanyContact(company=company, **values)
    _clean_contact(contact)
    contact.save()
    audit.log(
        actor,
        "companies.contact.created",
        contact,
        partnership=company.partnership,
        fields=sorted(values),
    )
    return contact


@transaction.atomic
def contact_update(*, contact: CompanyContact, actor: audit.Actor, **values: Any) -> CompanyContact:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    contact = CompanyContact.objects.select_for_update().get(pk=contact.pk)
    for name, value in values.items():
        setattr(contact, name, value)
    before = CompanyContact.objects.get(pk=contact.pk)
    _clean_contact(contact)
    changed = [name for name in values if getattr(before, name) != getattr(contact, name)]
    if changed:
        contact.save()
        audit.log(
            actor,
            "companies.contact.changed",
            contact,
            partnership=contact.company.partnership,
            fields=changed,
        )
    return contact


@transaction.atomic
def contact_remove(*, contact: CompanyContact, actor: audit.Actor) -> None:
    """Remove the contact; a login they had loses its company role in the partnership."""
    company = contact.company
    if contact.user is not None:
        membership_end(
            user=contact.user, partnership=company.partnership, role=Role.COMPANY, actor=actor
        )
    audit.log(actor, "companies.contact.removed", contact, partnership=company.partnership)
    contact.delete()


@transaction.atomic
def contact_login_enable(*, contact: CompanyContact, actor: audit.Actor) -> AbstractBaseUser:
    """Let the contact log in with an e-mailed code and see their company's cafés.

    An account with the contact's e-mail address is reused; otherwise one is created with
    an unusable password. The address is marked verified for allauth's login by code.
    """
    if not contact.email:
        raise ValidationError(
            {"email": _("The contact needs an e-mail address to log in.")}, code="no_email"
        )
    company = contact.company
    user = contact.user
    if user is None:
        user = code_login_user_get_or_create(
            email=contact.email,
            first_name=contact.first_name,
            last_name=contact.last_name,
            partnership=company.partnership,
            actor=actor,
        )
    if user_has_role_other_than(user=user, partnership=company.partnership, role=Role.COMPANY):
        raise ValidationError(
            _("This e-mail address belongs to a staff account. Use another address."),
            code="staff_account",
        )
    email_address_verify(user=user, email=contact.email)
    if contact.user_id != user.pk:
        CompanyContact.objects.filter(user=user).exclude(pk=contact.pk).update(user=None)
        contact.user = user
        contact.save(update_fields=["user", "updated_at"])
        audit.log(
            actor,
            "companies.contact.changed",
            contact,
            partnership=company.partnership,
            fields=["user"],
        )
    membership_set(user=user, partnership=company.partnership, role=Role.COMPANY, actor=actor)
    return user


@transaction.atomic
def interest_register(
    *,
    partnership: Partnership,
    company_name: str,
    org_number: str,
    first_name: str,
    email: str,
    phone: str,
    message: str,
) -> Company:
    """A company's "we would like to host a café" from the public form: a lead with its
    contact, and an e-mail to the coordinators after commit (the subject names nobody)."""
    from vises.companies.tasks import coordinators_notify_interest

    actor = "link:host-interest"
    with translation.override(settings.LANGUAGE_CODE):  # for the coordinator, not the visitor
        next_step = _("Answer the interest form")
    try:
        company = company_create(
            partnership=partnership,
            actor=actor,
            name=company_name.strip(),
            org_number=org_number.strip(),
            next_step=next_step,
            next_step_date=timezone.localdate(),
            notes=message.strip(),
        )
    except ValidationError as error:
        # The refusal in this service's own words: its parameter is company_name.
        if hasattr(error, "error_dict") and "name" in error.error_dict:
            fields = dict(error.error_dict)
            fields["company_name"] = fields.pop("name")
            raise ValidationError(fields) from error
        raise
    contact_create(
        company=company, actor=actor, first_name=first_name.strip(), email=email, phone=phone
    )
    company_id = company.pk
    transaction.on_commit(lambda: coordinators_notify_interest.enqueue(company_id))
    return company
