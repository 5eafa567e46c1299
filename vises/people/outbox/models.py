"""What the outbox keeps of a message: which, by which channel, how it went and when.

Never the message's text or the address it went to: the person's details stay on Person,
so erasure has nothing to find here (and deletes the rows all the same).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Which channel a message goes by, named after the person's field it uses.
CHANNEL_EMAIL = "email"
CHANNEL_SMS = "phone"
CHANNELS = (CHANNEL_EMAIL, CHANNEL_SMS)


class ProviderStatus(models.TextChoices):
    """What the SMS provider says of a message it took: handed on, on the phone, or lost."""

    CREATED = "created", _("Handed to the SMS provider")
    SENT = "sent", _("Sent to the phone network")
    DELIVERED = "delivered", _("Delivered to the phone")
    FAILED = "failed", _("Could not be delivered")


# A report never moves a message back: "sent" after "delivered" changes nothing.
PROVIDER_STATUS_ORDER = {
    "": 0,
    ProviderStatus.CREATED: 1,
    ProviderStatus.SENT: 2,
    ProviderStatus.DELIVERED: 3,
    ProviderStatus.FAILED: 3,
}


class Delivery(models.Model):
    """One message to one person, as it went: sent, not sent and why, or failed."""

    ProviderStatus = ProviderStatus

    class Channel(models.TextChoices):
        EMAIL = CHANNEL_EMAIL, _("E-mail")
        SMS = CHANNEL_SMS, _("SMS")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        SKIPPED_CONSENT = "skipped:consent", _("Not sent: no consent for it")
        SKIPPED_NO_CONTACT = "skipped:no_contact", _("Not sent: no e-mail address or phone")
        SKIPPED_GONE = "skipped:gone", _("Not sent: no longer in the register")
        FAILED = "failed", _("Sending failed")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="deliveries")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(_("message"), max_length=60)  # its name, e.g. "reminder_2d"
    basis = models.CharField(max_length=20)  # service.Basis: why it may be sent at all
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    # An SMS handed to an HTTP provider: its id there and what it last reported (the
    # delivery callback, vises.people.views.sms), and when.
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    provider_status = models.CharField(
        _("delivery"), max_length=20, choices=ProviderStatus.choices, blank=True
    )
    status_at = models.DateTimeField(_("delivery reported"), null=True, blank=True)

    class Meta:
        app_label = "people"
        ordering = ["at", "pk"]
        verbose_name = _("message to a person")
        verbose_name_plural = _("messages to people")
        indexes = [models.Index(fields=["person", "at"], name="delivery_person_at")]

    def __str__(self) -> str:
        return f"{self.message} {self.status} {self.at:%Y-%m-%d %H:%M}"

    @property
    def outcome(self) -> str:
        """The channel when sent, otherwise the status (why nothing went)."""
        return self.channel if self.status == self.Status.SENT else self.status
