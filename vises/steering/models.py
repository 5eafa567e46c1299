"""The steering group's meetings, their minutes and action items.

"Innehållet i överenskommelsen förvaltas av en styrgrupp bestående av projektledare och
verksamhetschef från Röda Korset, samt sakkunnig från avdelningen Arbetsmarknad och
Integration. Styrgruppen sammanträder två gånger om året för att gemensamt följa upp och
utvärdera insatsen." (seeds/001_4c89f7ac864d56f0.txt, "Organisation och Samverkan")

Attendees and owners of action items are memberships of the partnership (staff), never people
in the register; agenda, minutes and decisions are plain text that names nobody in the
register (the forms say so, and the municipal member reads them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.partnerships.models import Membership, Partnership


class SteeringMeeting(models.Model):
    """One meeting of the steering group: planned, held, minuted, its minutes approved at the
    next meeting."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="steering_meetings",
        verbose_name=_("partnership"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=10000)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=10000, blank=True)
    attendees = models.ManyToManyField(
        Membership, related_name="steering_meetings", blank=True, verbose_name=_("attendees")
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("minutes approved at the meeting"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("steering meeting")
        verbose_name_plural = _("steering meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["partnership", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.partnership} {self.starts_at:%Y-%m-%d}"

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_at is not None


class ActionItem(models.Model):
    """Something the steering group decided someone does by a day."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    meeting = models.ForeignKey(
        SteeringMeeting,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return self.text[:50]
