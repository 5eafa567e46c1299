"""A referral from municipal staff: an SFI teacher or a job coach signs a person up.

The agreement: "Kommunen bistår med kontakter in i den kommunala organisationen som kan
underlätta för insatsen, samt marknadsför verksamheten via ändamålsenliga kanaler för att nå
potentiella deltagare." The referral form (vises/people/views/referrals.py) is how those
contacts send people to us. The person is a `Person` like any other (referral source
"municipal"); this record keeps who referred them (role and unit, not the referrer's name),
what the person wants, and the coordinator's handling.

Its own module, imported by vises.people.models, because its texts are for staff only and
people/models.py is read by participants (vises/tests/participant_catalogue.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The referrer's work e-mail is their personal data, kept for the coordinator to call back
# with questions; after this many days the daily retention job blanks it (docs/privacy.md).
REFERRER_EMAIL_DAYS = 90


class Referral(models.Model):
    """One person referred by municipal staff, waiting for or handled by the coordinator.

    Erasing the person deletes it (vises/people/privacy.py); the referrer's e-mail is kept
    only REFERRER_EMAIL_DAYS, then blanked (services/referrals.referrer_emails_expire).
    """

    class ReferrerRole(models.TextChoices):
        SFI_TEACHER = "sfi_teacher", _("SFI teacher")
        JOB_COACH = "job_coach", _("Job coach or labour-market unit")
        SOCIAL_SERVICES = "social", _("Social services")
        INTEGRATION = "integration", _("Integration or reception")
        OTHER = "other", _("Other")

    class Wants(models.TextChoices):
        CAFE = "cafe", _("Pop-up café")
        FRIEND = "friend", _("Language friend")
        BOTH = "both", _("Both: café and language friend")

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("partnership"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("person"),
    )
    referrer_role = models.CharField(
        _("the referrer's role"), max_length=12, choices=ReferrerRole.choices
    )
    referrer_unit = models.CharField(
        _("the referrer's unit"), max_length=120, help_text=_("e.g. SFI Campus Valla")
    )
    referrer_email = models.EmailField(_("the referrer's work e-mail"), blank=True)
    wants = models.CharField(_("wants"), max_length=6, choices=Wants.choices)
    consent_language = models.ForeignKey(
        "people.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent explained in"),
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        app_label = "people"
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "handled_at"], name="referral_open")]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.created_at:%Y-%m-%d}"

    @property
    def wants_cafe(self) -> bool:
        return self.wants in (self.Wants.CAFE, self.Wants.BOTH)

    @property
    def wants_friend(self) -> bool:
        return self.wants in (self.Wants.FRIEND, self.Wants.BOTH)
