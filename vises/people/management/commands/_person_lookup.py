"""Finding one person for `vises export-person` and `vises erase-person` (DESIGN §9).

Exactly one of ID, --phone or --email (argparse exits with 2 otherwise). Not found, or a phone
or e-mail that matches several persons, is refused with a CommandError (exit 1) that names
the matching ids, never their data.
"""

from __future__ import annotations

import argparse
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from vises.people.models import Person
from vises.people.selectors import persons_with_contact
from vises.people.validation import normalise_email, normalise_phone


def _phone(value: str) -> str:
    try:
        return normalise_phone(value)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(" ".join(error.messages)) from error


def _email(value: str) -> str:
    try:
        return normalise_email(value)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(" ".join(error.messages)) from error


def add_person_arguments(parser: ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("person_id", nargs="?", type=int, metavar="ID", help="the person's id")
    which.add_argument("--phone", type=_phone, help="mobile number, e.g. +46701234567")
    which.add_argument("--email", type=_email, help="e-mail address")


def find_person(options: dict[str, Any]) -> Person:
    """The one person the options name; CommandError when none or several match."""
    if options.get("person_id") is not None:
        person = (
            Person.objects.select_related("partnership").filter(pk=options["person_id"]).first()
        )
        if person is None:
            raise CommandError(_("No person has id %(id)s.") % {"id": options["person_id"]})
        return person
    if options.get("phone"):
        matches = list(persons_with_contact(phone=options["phone"]))
        what = _("the phone number")
    elif options.get("email"):
        matches = list(persons_with_contact(email=options["email"]))
        what = _("the e-mail address")
    else:
        raise CommandError(_("Give the person's ID, --phone or --email."))
    if not matches:
        raise CommandError(_("No person has %(what)s given.") % {"what": what})
    if len(matches) > 1:
        raise CommandError(
            _("%(count)d persons have %(what)s given (ids %(ids)s); give one ID instead.")
            % {
                "count": len(matches),
                "what": what,
                "ids": ", ".join(str(person.pk) for person in matches),
            }
        )
    return matches[0]
