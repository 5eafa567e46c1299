"""What participants and friends answer (a proposal, a follow-up): the choices they read in
their own language, kept apart from the staff-facing models so the participant catalogue
(vises/tests/participant_catalogue.py) holds exactly what they see."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclineReason(models.TextChoices):
    NO_TIME = "no_time", _("I do not have time now")
    NOT_SUITABLE = "not_suitable", _("I would like to meet someone else")
    NO_LONGER = "no_longer", _("I no longer want to take part in language friends")
    OTHER = "other", _("Another reason")


class Meetings(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("About once a month")
    RARELY = "rarely", _("Less often")
    NOT_MET = "not_met", _("We have not met")


class Going(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    HARD = "hard", _("Not so good")


class Continue(models.TextChoices):
    YES = "yes", _("Yes")
    UNSURE = "unsure", _("I do not know")
    NO = "no", _("No")
