"""What the partnership actually spent and contributed per agreement year, and which years
the manager approved (an approved year is locked).

"Röda Korset bidrar med ändamålsenliga lokaler, ideella volontärer som deltar vid
aktiviteter, marknadsföring och kringkostnader till ett värde av minst 556 000 kronor."
(seeds/001_4c89f7ac864d56f0.txt, "Ekonomi"). Costs are entered per budget line
(vises.economy.budget.LINES); the volunteers' line also counts the hours from check-in at the
year's hourly rate (vises.economy.selectors).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.economy.budget import CATEGORIES
from vises.partnerships.models import Partnership

CATEGORY_CHOICES = [(category, category) for category in CATEGORIES]


class CostEntry(models.Model):
    """One cost (cash, or an in-kind value) on one budget line, on one day."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="cost_entries",
        verbose_name=_("partnership"),
    )
    category = models.CharField(_("budget line"), max_length=40, choices=CATEGORY_CHOICES)
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("description"), max_length=300)
    attachment = models.FileField(
        _("attachment"), upload_to="economy/costs/%Y/", blank=True, max_length=200
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cost entry")
        verbose_name_plural = _("cost entries")
        ordering = ["spent_on", "pk"]
        indexes = [models.Index(fields=["partnership", "spent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="costentry_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.category} {self.amount}"


class HourlyRate(models.Model):
    """What one volunteer hour is worth in the year's in-kind accounts."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="hourly_rates",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(
        _("value of a volunteer hour (SEK)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("hourly rate")
        verbose_name_plural = _("hourly rates")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="hourlyrate_partnership_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.rate}"


class YearApproval(models.Model):
    """The manager approved the year's actuals; the year is locked from then on."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="year_approvals",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approved year")
        verbose_name_plural = _("approved years")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="yearapproval_partnership_year_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class InvoiceNumberSeries(models.Model):
    """The partnership's one series of invoice numbers (invoices and credit notes alike):
    numbers are handed out one after the other, without gaps, by the transaction that issues
    the document, under a lock on this row (vises.economy.services.invoices)."""

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.PROTECT,
        related_name="invoice_number_series",
        verbose_name=_("partnership"),
    )
    prefix = models.CharField(_("prefix"), max_length=20, default="VS-")
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("invoice number series")
        verbose_name_plural = _("invoice number series")

    def __str__(self) -> str:
        return f"{self.prefix}{self.last_number}"


class InvoiceImmutable(ValueError):
    """An attempt to change or delete an invoice or credit note after it was issued."""


class Invoice(models.Model):
    """An invoice to the public authority for one agreement year, or a credit note against
    one ("Faktura skickas en gång per år till: Linköpings kommun …").

    An invoice goes draft → issued → paid; an issued (or paid) invoice is credited when
    issued credit notes add up to its amount. A credit note is its own row (kind
    `credit_note`, UBL CreditNoteTypeCode 381) that refers to the invoice it credits; its
    amount is positive (what is credited). Once issued, nothing but the status and the day
    it was paid may change (save() refuses; on PostgreSQL a trigger too, migration 0003).
    The parties, the addresses and the payment details are copied onto the row when it is
    issued, so the document reads the same however the partnership changes later.
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        PAID = "paid", _("paid")
        CREDITED = "credited", _("credited")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("agreement year"))
    is_settlement = models.BooleanField(_("settlement after a termination"), default=False)
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits the invoice"),
    )
    sequence = models.PositiveIntegerField(_("number in the series"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # Copied when issued (what the document shows).
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    seller_org_number = models.CharField(_("seller's org.nr"), max_length=11, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_org_number = models.CharField(_("buyer's org.nr"), max_length=11, blank=True)
    buyer_address = models.TextField(_("invoice address"), blank=True)
    buyer_reference = models.CharField(_("the buyer's reference"), max_length=100, blank=True)
    agreement_reference = models.CharField(_("agreement"), max_length=300, blank=True)
    bankgiro = models.CharField(_("bankgiro"), max_length=20, blank=True)
    payment_text = models.CharField(_("payment details"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # What may still change once the document is issued.
    MUTABLE_AFTER_ISSUE = frozenset({"status", "paid_on"})

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["year", "pk"]
        indexes = [models.Index(fields=["partnership", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="invoice_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["partnership", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="invoice_partnership_sequence_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credited_invoice__isnull=True)
                | models.Q(kind="credit_note", credited_invoice__isnull=False),
                name="invoice_credit_note_refers_to_an_invoice",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(sequence__isnull=False),
                name="invoice_issued_has_a_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        stored = self._stored_issued()
        if stored is not None:
            changed = sorted(
                field.attname
                for field in self._meta.concrete_fields
                if field.attname not in self.MUTABLE_AFTER_ISSUE
                and field.attname in stored
                and getattr(self, field.attname) != stored[field.attname]
            )
            if changed:
                raise InvoiceImmutable(
                    _(
                        "%(number)s is issued and can no longer be changed (%(fields)s); "
                        "correct it with a credit note."
                    )
                    % {"number": stored["number"], "fields": ", ".join(changed)}
                )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self._stored_issued() is not None:
            raise InvoiceImmutable(
                _("%(number)s is issued and cannot be deleted; credit it instead.")
                % {"number": self.number}
            )
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def signed_amount(self) -> Decimal:
        """What the document adds to the year's invoiced total (a credit note subtracts)."""
        return -self.amount if self.is_credit_note else self.amount

    def _stored_issued(self) -> dict[str, object] | None:
        """The stored row's fields when it is issued (not a draft), else None."""
        if self.pk is None:
            return None
        stored: dict[str, object] | None = (
            dict(type(self).objects.filter(pk=self.pk).values().first() or {}) or None
        )
        if stored is None or stored["status"] == self.Status.DRAFT:
            return None
        return stored
