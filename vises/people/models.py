"""People in the register: one Person, role profiles, languages, education, consent.

Exactly the fields of DESIGN §6 and nothing more: never a personal identity number,
ethnicity, religion, health, nationality, full address or photo.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.common.models import TimeStampedModel
from vises.partnerships.models import District, Partnership

OLDEST_BIRTH_YEAR = 1920
YOUNGEST_AGE = 15


def validate_birth_year(value: int) -> None:
    latest = timezone.now().year - YOUNGEST_AGE
    if not OLDEST_BIRTH_YEAR <= value <= latest:
        raise ValidationError(
            _("Enter a birth year between %(first)s and %(last)s.")
            % {"first": OLDEST_BIRTH_YEAR, "last": latest},
            code="birth_year_range",
        )


class Language(models.Model):
    """A language by its ISO 639 code (639-1 where one exists, else 639-3), with its names."""

    code = models.CharField(_("ISO 639 code"), max_length=3, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)
    name_local = models.CharField(_("name in the language itself"), max_length=60)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_sv"]

    def __str__(self) -> str:
        return self.name_sv


class EducationLevel(models.Model):
    """Education level in the groups of Statistics Sweden (SUN), from shared reference data."""

    code = models.CharField(_("SUN code"), max_length=2, primary_key=True)
    name_sv = models.CharField(_("Swedish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_sv


class Person(TimeStampedModel):
    """Someone in the register of one partnership: participant, language friend, volunteer."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class SwedishLevel(models.TextChoices):
        NONE = "none", _("No Swedish yet")
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")
        FLUENT = "fluent", _("Fluent or mother tongue")

    class YearsInSweden(models.TextChoices):
        UNDER_1 = "0-1", _("Less than 1 year")
        Y1_2 = "1-2", _("1–2 years")
        Y3_5 = "3-5", _("3–5 years")
        Y6_10 = "6-10", _("6–10 years")
        OVER_10 = "10+", _("More than 10 years")
        BORN_HERE = "born", _("Born in Sweden")

    class WorkStatus(models.TextChoices):
        SEEKING = "seeking", _("Looking for work")
        SFI = "sfi", _("Studying Swedish (SFI)")
        STUDYING = "studying", _("Studying")
        WORKING = "working", _("Working")
        PARENTAL = "parental", _("Parental leave")
        OTHER = "other", _("Other")

    class ReferralSource(models.TextChoices):
        SELF = "self", _("Found us themselves")
        CAFE = "cafe", _("At a café")
        MUNICIPAL = "municipal", _("Municipal referral")
        FRIEND = "friend", _("Friend or relative")
        OTHER = "other", _("Other")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="persons", verbose_name=_("partnership")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("e.g. 070-123 45 67"),
    )
    phone_is_shared = models.BooleanField(
        _("shared phone"), default=False, help_text=_("A family phone that several people use.")
    )
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("We write to the person in this language."),
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[validate_birth_year]
    )
    resident_in_municipality = models.BooleanField(
        _("lives in the municipality"), null=True, blank=True
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("district"),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="speakers", verbose_name=_("languages spoken")
    )
    swedish_level = models.CharField(
        _("Swedish level"), max_length=12, choices=SwedishLevel.choices, blank=True
    )
    education_level = models.ForeignKey(
        EducationLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("education"),
    )
    years_in_sweden = models.CharField(
        _("years in Sweden"), max_length=5, choices=YearsInSweden.choices, blank=True
    )
    occupation = models.CharField(_("occupation or field"), max_length=120, blank=True)
    interests = models.CharField(_("interests"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    work_status = models.CharField(
        _("status towards work or studies"), max_length=10, choices=WorkStatus.choices, blank=True
    )
    # The first status recorded, kept when it changes: the statistics compare it with the
    # latest ("närma sig arbete eller studier"); set by the person services, never by hand.
    work_status_at_intake = models.CharField(
        _("status towards work or studies at intake"),
        max_length=10,
        choices=WorkStatus.choices,
        blank=True,
    )
    referral_source = models.CharField(
        _("how they found us"),
        max_length=10,
        choices=ReferralSource.choices,
        default=ReferralSource.SELF,
    )
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed up by"),
        help_text=_("Empty when the person signed up themselves."),
    )
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Set when a "STOP" reply came from the person's number (vises.people.services.sms):
    # no SMS goes to them until they give the "messages" consent again.
    sms_stopped_at = models.DateTimeField(_("SMS stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["first_name", "last_name", "pk"]
        indexes = [
            models.Index(fields=["partnership", "first_name"], name="person_partnership_name"),
            models.Index(fields=["partnership", "last_activity_at"], name="person_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_short(self) -> str:
        """First name and last initial: what a volunteer may see (DESIGN §2)."""
        initial = f" {self.last_name[0]}." if self.last_name else ""
        return f"{self.first_name}{initial}"


class Participant(TimeStampedModel):
    """The person takes part in cafés and may wish for a language friend."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="participant", verbose_name=_("person")
    )
    wants_language_friend = models.BooleanField(_("wants a language friend"), default=False)
    wants_friend_same_gender = models.BooleanField(
        _("wants a friend of the same gender"), default=False
    )
    waiting_since = models.DateField(_("waiting for a friend since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return str(self.person)


class LanguageFriend(TimeStampedModel):
    """The person practises Swedish one-to-one with up to three participants."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="language_friend", verbose_name=_("person")
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many participants"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    wants_same_gender = models.BooleanField(
        _("only a participant of the same gender"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("language friend")
        verbose_name_plural = _("language friends")

    def __str__(self) -> str:
        return str(self.person)


class Volunteer(TimeStampedModel):
    """A Red Cross volunteer; their user account (e-mailed login code) links to their person."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="volunteer", verbose_name=_("person")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return str(self.person)


class ConsentPurpose(models.TextChoices):
    REGISTER = "register", _("Keep my details so I can take part")
    MESSAGES = "messages", _("Send me messages about cafés and language friends")
    MATCHING = "matching", _("Use my details to find me a language friend")


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Web form")
    PAPER = "paper", _("Paper form")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    IMPORT = "import", _("Import")
    LINK = "link", _("Personal link")
    # Collected by municipal staff on the referral form (the msgid of ReferralSource.MUNICIPAL).
    REFERRAL = "referral", _("Municipal referral")


class ConsentText(models.Model):
    """The exact wording a person agrees to: versioned per purpose and language."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="consent_texts"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=ConsentPurpose.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["partnership", "purpose", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "purpose", "language", "version"],
                name="consent_text_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.language}) v{self.version}"


class ConsentRecord(models.Model):
    """One consent given, and when and how it was withdrawn (DESIGN §6)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=ConsentPurpose.choices)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="records", verbose_name=_("text")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    channel = models.CharField(_("channel"), max_length=10, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_channel = models.CharField(
        _("withdrawn through"), max_length=10, choices=ConsentChannel.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_at"]
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.purpose}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Concern(models.Model):
    """A concern a person reported privately to the coordinator through their own link.

    The text may name people, so it is personal data: it is read on the staff page only,
    never sent by e-mail, and goes with the person's erasure.
    """

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="concerns",
        verbose_name=_("partnership"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("person"),
    )
    text = models.TextField(_("what worries you"), max_length=4000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "handled_at"], name="concern_open")]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.created_at:%Y-%m-%d}"


# The outbox's record of each message sent to a person (vises/people/outbox/).
from vises.people.outbox.models import Delivery  # noqa: E402, F401

# Referrals from municipal staff (staff-facing texts, kept out of this participant-read module).
from vises.people.referral_models import Referral  # noqa: E402, F401
