"""Match runs, their proposals, pairs and their follow-ups (DESIGN §7, docs/matching.md).

A coordinator starts a *run* over everyone waiting in the partnership; the engine proposes
pairs (*proposals*, with score and reasons), the coordinator locks, excludes, swaps and
re-runs, then publishes: each proposal becomes a *pair* in state proposed, and both sides are
asked to accept. The pair's lifecycle is drawn in docs/pair-states.md; each transition is one
service in vises.matching.services.pairs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vises.matching.answers import Continue, DeclineReason, Going, Meetings
from vises.partnerships.models import District, Partnership
from vises.people.models import Language, Person


class Limits(models.Model):
    """A person's own limits for a pair: languages they will not use, districts they cannot
    get to (hard constraints of the engine)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="matching_limits", verbose_name=_("person")
    )
    refuses_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages they will not use")
    )
    unreachable_districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("districts they cannot get to")
    )

    class Meta:
        verbose_name = _("matching limits")
        verbose_name_plural = _("matching limits")

    def __str__(self) -> str:
        return f"{self.person_id}"


class MatchRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="match_runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    excluded = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("left out of this run")
    )
    waiting_participants = models.PositiveIntegerField(_("participants waiting"), default=0)
    waiting_friends = models.PositiveIntegerField(_("language friends with room"), default=0)
    # The balance report of the pool and the proposals: counts per group, no person named.
    balance = models.JSONField(_("balance"), default=dict, blank=True)

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.created_at:%Y-%m-%d %H:%M}"


class Proposal(models.Model):
    """One pair the run proposes; `locked` pairs are kept when the run is computed again."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    participant = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    friend = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("language friend")
    )
    score = models.FloatField(_("score"), default=0.0)
    # [{"code": …, "text": …, "points": …}]: the engine's plain-Swedish reasons.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["run", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "participant"], name="proposal_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}-{self.friend_id}"


class Pair(models.Model):
    class Status(models.TextChoices):
        # "the pair is …": Swedish needs the neuter form (paret är pausat), hence the context.
        PROPOSED = "proposed", pgettext_lazy("pair status", "Proposed")
        CONFIRMED = "confirmed", pgettext_lazy("pair status", "Confirmed")
        ACTIVE = "active", pgettext_lazy("pair status", "Active")
        PAUSED = "paused", pgettext_lazy("pair status", "Paused")
        ENDED = "ended", pgettext_lazy("pair status", "Ended")

    class Answer(models.TextChoices):
        PENDING = "", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class EndReason(models.TextChoices):
        DECLINED = "declined", _("One of them declined")
        NO_ANSWER = "no_answer", _("No answer to the proposal")
        WITHDRAWN = "withdrawn", _("Proposal withdrawn by the coordinator")
        COMPLETED = "completed", _("Completed: they no longer need the programme")
        LOST_CONTACT = "lost_contact", _("They lost contact")
        MOVED = "moved", _("Moved away")
        NOT_WORKING = "not_working", _("It did not work: never pair them again")
        LEFT = "left", _("Left the programme")
        OTHER = "other", _("Other")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pairs")
    run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs"
    )
    participant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="pairs_as_participant",
        verbose_name=_("participant"),
    )
    friend = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="pairs_as_friend",
        verbose_name=_("language friend"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.FloatField(_("score"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    participant_answer = models.CharField(
        _("participant's answer"), max_length=10, choices=Answer.choices, blank=True
    )
    friend_answer = models.CharField(
        _("friend's answer"), max_length=10, choices=Answer.choices, blank=True
    )
    decline_code = models.CharField(
        _("why they declined"), max_length=14, choices=DeclineReason.choices, blank=True
    )
    decline_reason = models.CharField(_("in their words"), max_length=300, blank=True)
    # The day the participant began to wait: given back when they return to the pool.
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # No answer after the reminder: the coordinator decides what happens.
    returned_at = models.DateTimeField(_("returned to the coordinator"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    activated_at = models.DateTimeField(_("met for the first time"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=14, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=300, blank=True)

    OPEN = (Status.PROPOSED, Status.CONFIRMED, Status.ACTIVE, Status.PAUSED)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # A participant has one language friend at a time.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["proposed", "confirmed", "active", "paused"]),
                name="pair_one_open_per_participant",
            )
        ]
        indexes = [models.Index(fields=["partnership", "status"], name="pair_status")]

    def __str__(self) -> str:
        return f"{self.participant_id}-{self.friend_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def side_of(self, person: Person) -> str:
        return "participant" if person.pk == self.participant_id else "friend"


class FollowUp(models.Model):
    """One side's short form at 1, 3 or 6 months after the pair was confirmed."""

    class Side(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        FRIEND = "friend", _("Language friend")

    MONTHS = (1, 3, 6)

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="followups")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    month = models.PositiveSmallIntegerField(_("month"))
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Answered by the coordinator on the phone (the pair was flagged for a call).
    answered_by_phone = models.BooleanField(_("answered on the phone"), default=False)
    meetings = models.CharField(
        _("how often they met"), max_length=14, choices=Meetings.choices, blank=True
    )
    going = models.CharField(_("how it is going"), max_length=8, choices=Going.choices, blank=True)
    wants_to_continue = models.CharField(
        _("wants to continue"), max_length=8, choices=Continue.choices, blank=True
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["pair", "month", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "side", "month"], name="followup_one_per_side_month"
            )
        ]
        indexes = [models.Index(fields=["due_on", "sent_at"], name="followup_due")]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.month} ({self.side})"


class RecruitmentTarget(models.Model):
    """How many language friends of one group the partnership means to recruit in a year.

    The agreement asks for "en jämn tillströmning av språkvänner både avseende språk, ålder,
    kön och utbildningsnivå" (seeds/001); a target names one group of one of those four
    dimensions (a language by its ISO 639 code, an age band, a gender, a SUN level) and a
    number of friends. The statistics set the friends recruited beside it
    (vises.reporting.statistics), and a match run's balance shows it beside the pool.
    """

    class Dimension(models.TextChoices):
        LANGUAGE = "language", _("Language")
        AGE = "age", _("Age")
        GENDER = "gender", _("Gender")
        EDUCATION = "education", _("Education")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recruitment_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    group = models.CharField(_("group"), max_length=10)
    friends = models.PositiveIntegerField(_("language friends"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("recruitment target")
        verbose_name_plural = _("recruitment targets")
        ordering = ["year", "dimension", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "dimension", "group"],
                name="recruitment_target_one_per_group",
            ),
            models.CheckConstraint(
                condition=Q(friends__gt=0), name="recruitment_target_friends_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.dimension}={self.group}: {self.friends}"
