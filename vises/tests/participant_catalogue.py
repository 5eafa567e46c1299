"""Which messages a participant or a language friend reads: the sources of the pages, forms,
messages and documents they meet, extracted afresh as `make messages` would. The participant
languages must translate every one of them (vises/tests/test_participant_translations.py);
docs/translations.md says how the list grows with new pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

VISES_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = VISES_DIR / "locale"

# Relative to vises/: whole folders (every file in them) or single files.
PARTICIPANT_SOURCES = [
    # pages
    "templates/base.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/429.html",
    "templates/500.html",
    "templates/common/home.html",
    "templates/common/link_problem.html",
    "templates/common/_new_link_form.html",
    "templates/cafes/public",
    "templates/cafes/links",
    "templates/cafes/invitations",
    "templates/cafes/feedback",
    "templates/matching/links",  # a language-friend proposal and its follow-ups
    "templates/people/self_service",
    "templates/people/privacy",
    "templates/accessibility.html",
    # messages (the staff notices are in Swedish for the coordinators)
    "templates/messages/_cafe_calendar.txt",
    "templates/messages/_cafe_details.txt",
    "templates/messages/_person_links.txt",
    "templates/messages/_registration_links.txt",
    "templates/messages/cancellation.txt",
    "templates/messages/email.html",
    "templates/messages/feedback_request.txt",
    "templates/messages/friend_invitation.txt",
    "templates/messages/invitation.txt",
    "templates/messages/person_link.txt",
    "templates/messages/promotion.txt",
    "templates/messages/receipt_confirmed.txt",
    "templates/messages/receipt_waitlisted.txt",
    "templates/messages/referral_welcome.txt",
    "templates/messages/reminder_2d.txt",
    "templates/messages/reminder_2h.txt",
    "templates/messages/signup_repeated.txt",
    "templates/messages/pair_proposal.txt",
    "templates/messages/pair_reminder.txt",
    "templates/messages/pair_introduction.txt",
    "templates/messages/pair_not_going_ahead.txt",
    "templates/messages/followup_request.txt",
    "templates/messages/sms",  # each participant message's own SMS
    # the code behind them: forms, views, message subjects, the rules' messages
    "cafes/forms/signup.py",
    "cafes/views/public.py",
    "cafes/views/registrations.py",
    "cafes/views/invitations.py",
    "cafes/views/feedback.py",
    "cafes/messages/registrations.py",
    "cafes/messages/invitations.py",
    "cafes/messages/feedback.py",
    "cafes/services/signup.py",
    "cafes/ics.py",
    "cafes/models.py",  # statuses and choices shown on a person's own pages
    "people/models.py",  # the labels and choices of the person's own details
    "people/forms/self_service.py",
    "people/views/self_service.py",
    "people/outbox/catalogue.py",
    "people/validation.py",
    "common/validators.py",
    "common/signed_links.py",
    "partnerships/statement.py",  # the accessibility statement
    "cafes/posters/texts.py",  # what the posters and flyers say
    "people/privacy.py",  # the sections of the person's own data (JSON and PDF)
    "cafes/privacy.py",
    "people/referral_models.py",  # labels in that data
    "people/outbox/models.py",
    "matching/answers.py",  # what they answer to a proposal and a follow-up
    "matching/views/links.py",
    "matching/forms/links.py",
    "matching/messages.py",
    "matching/services/pairs.py",  # the refusals reach the person's page
    "matching/services/followups.py",
    "matching/privacy.py",  # the sections of the person's own data
]
PARTICIPANT_LANGUAGES = ["ar", "fa", "so", "ti", "uk"]


def _copy_participant_sources(target: Path) -> None:
    for source in PARTICIPANT_SOURCES:
        path = VISES_DIR / source
        destination = target / source
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.copytree(path, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(path, destination)


def participant_messages(workdir: Path) -> polib.POFile:
    """The catalogue of what participants read, extracted now into `workdir`."""
    source = workdir / "vises"
    _copy_participant_sources(source)
    (source / "locale").mkdir()
    here = Path.cwd()
    try:
        os.chdir(source)
        with override_settings(LOCALE_PATHS=[source / "locale"]):
            call_command(
                "makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0
            )
    finally:
        os.chdir(here)
    return polib.pofile(str(source / "locale" / "en" / "LC_MESSAGES" / "django.po"))
