"""Pop-up cafés, who is registered, who volunteers, and how it went.

"bjuder företagen in en liten grupp intresserade personer från målgruppen att tillsammans
med anställda delta på en fikarast" (seeds/001_4c89f7ac864d56f0.txt).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vises.common.models import TimeStampedModel
from vises.companies.models import Company
from vises.partnerships.models import Partnership
from vises.people.models import Language, Person, Volunteer

DEFAULT_CAPACITY = 8


class Cafe(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for sign-up")
        FULL = "full", _("Full (waitlist)")
        HELD = "held", _("Held")
        FOLLOWED_UP = "followed_up", _("Followed up")
        CANCELLED = "cancelled", _("Cancelled")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="cafes", verbose_name=_("partnership")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="cafes", verbose_name=_("host company")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places for participants"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    expected_employees = models.PositiveSmallIntegerField(_("expected employees"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    place = models.CharField(
        _("place"), max_length=200, help_text=_("e.g. the staff room, 2nd floor")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    bus_stop = models.CharField(_("nearest bus stop"), max_length=200, blank=True)
    entrance = models.CharField(_("entrance"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    children_welcome = models.BooleanField(_("children are welcome"), default=False)
    fika = models.CharField(
        _("what the fika holds"), max_length=300, blank=True, help_text=_("for allergies")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="cafes", verbose_name=_("languages spoken on site")
    )
    description = models.TextField(_("public description (Swedish)"), blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("café")
        verbose_name_plural = _("cafés")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="cafe_partnership_start")]

    def __str__(self) -> str:
        return f"{self.company} {self.starts_at:%Y-%m-%d %H:%M}"


class CafeDescription(models.Model):
    """The public description in a participant language; Swedish is on the café itself."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="descriptions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.TextField(_("description"))

    class Meta:
        verbose_name = _("café description")
        verbose_name_plural = _("café descriptions")
        constraints = [
            models.UniqueConstraint(fields=["cafe", "language"], name="cafe_description_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cafe_id} ({self.language})"


def new_reference() -> str:
    return secrets.token_urlsafe(9)


class Registration(TimeStampedModel):
    """A person's place at a café: confirmed, on the waitlist, or holding an invitation."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        INVITED = "invited", _("Invited, awaiting answer")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Invitation expired")
        # The person called off their own place; "Cancelled" alone is the café being called off.
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    class Source(models.TextChoices):
        WEB = "web", _("Web sign-up")
        API = "api", _("API")
        INVITATION = "invitation", _("Invitation")
        WALK_IN = "walk_in", _("Walk-in")
        COORDINATOR = "coordinator", _("Added by the coordinator")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not checked in")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("café")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    invited_until = models.DateTimeField(
        _("invitation holds the seat until"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["cafe", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "person"], name="registration_cafe_person_unique"
            )
        ]
        indexes = [models.Index(fields=["cafe", "status"], name="registration_cafe_status")]

    def __str__(self) -> str:
        return f"{self.cafe_id}/{self.person_id} {self.status}"


class CafeVolunteer(TimeStampedModel):
    """A volunteer assigned to a café, with their role and the hours they gave."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CHECK_IN = "check_in", _("Check-in")
        INTERPRETER = "interpreter", _("Language support")
        OTHER = "other", _("Other")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("café")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("volunteer")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.HOST)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("Empty: the café's length plus preparation."),
    )

    class Meta:
        verbose_name = _("volunteer assignment")
        verbose_name_plural = _("volunteer assignments")
        constraints = [
            models.UniqueConstraint(fields=["cafe", "volunteer"], name="cafe_volunteer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cafe_id}/{self.volunteer_id}"


class EmployeeCount(models.Model):
    """How many employees took part, counted at check-in (no personal data)."""

    cafe = models.OneToOneField(Cafe, on_delete=models.CASCADE, related_name="employee_count")
    present = models.PositiveSmallIntegerField(_("employees present"), default=0)

    class Meta:
        verbose_name = _("employees present")
        verbose_name_plural = _("employees present")

    def __str__(self) -> str:
        return f"{self.cafe_id}: {self.present}"


# Message bookkeeping (messages helper)


class SentReminder(models.Model):
    """A reminder claimed for a registration: each kind goes out at most once (the unique
    constraint decides between two workers). `channel` is the person's field it went by,
    empty when nothing could be sent (no contact, or messages refused)."""

    class Kind(models.TextChoices):
        TWO_DAYS = "2d", _("2 days before")
        TWO_HOURS = "2h", _("2 hours before")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("reminder"), max_length=2, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="sent_reminder_registration_kind_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.kind}"


# Check-in and follow-up (issue 4, points 7 and 9) --------------------------------------------


class CheckInKey(models.Model):
    """A tap at the door that was already carried out, by the key the page gave it.

    A phone on a flaky connection sends a tap again until it gets an answer; the key makes
    the second arrival change nothing (vises.cafes.checkin.services). No personal data.
    """

    class Action(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance")
        WALK_IN = "walk_in", _("Walk-in")
        EMPLOYEES = "employees", _("Employees present")

    key = models.UUIDField(_("key"), unique=True, editable=False)
    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("carried out"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in tap")
        verbose_name_plural = _("check-in taps")

    def __str__(self) -> str:
        return f"{self.cafe_id}: {self.action} {self.key}"


class CafeFeedback(models.Model):
    """A participant's three smiley answers after the café (through their signed link)."""

    class Smiley(models.IntegerChoices):
        NO = 1, _("No")
        A_LITTLE = 2, _("A little")
        YES = 3, _("Yes, a lot")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("registration"),
    )
    workplace = models.PositiveSmallIntegerField(
        _("learned about the workplace"),
        choices=Smiley.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    study_paths = models.PositiveSmallIntegerField(
        _("learned about study paths"),
        choices=Smiley.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    wants_language_friend = models.BooleanField(_("wants a language friend"), default=False)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("café feedback")
        verbose_name_plural = _("café feedback")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.workplace}/{self.study_paths}"


class FeedbackRequest(models.Model):
    """That the feedback and language-friend links of a held café were sent, so once only."""

    cafe = models.OneToOneField(Cafe, on_delete=models.CASCADE, related_name="feedback_request")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    participants = models.PositiveSmallIntegerField(_("participants asked"), default=0)
    contacts = models.PositiveSmallIntegerField(_("company contacts asked"), default=0)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")

    def __str__(self) -> str:
        return f"{self.cafe_id}: {self.sent_at:%Y-%m-%d}"


class LanguageFriendLead(models.Model):
    """An employee who met participants at a café and offered to become a language friend."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="friend_leads", verbose_name=_("person")
    )
    cafe = models.ForeignKey(
        Cafe, on_delete=models.PROTECT, related_name="friend_leads", verbose_name=_("café")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="friend_leads", verbose_name=_("company")
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        verbose_name = _("language-friend lead")
        verbose_name_plural = _("language-friend leads")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "cafe"], name="friend_lead_person_cafe")
        ]

    def __str__(self) -> str:
        return f"{self.cafe_id}/{self.person_id}"
