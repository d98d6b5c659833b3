"""The rights-records ledger (权益记录): what was paid in (contribution months), what was paid out (benefit
payments, one line per part), the yearly crediting rates of the individual pension account, and the import
batches every line came from. The provincial core system is the system of record; these tables hold what
it sent us, so every line names its batch. Statements and signed proofs (next milestones) read from here.

Money is Decimal to the fen (2 places); a month is the first day of that month, checked in the database.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shebao.people.models import Employer, InsuranceType, Person, Recipient

MONEY = {"max_digits": 12, "decimal_places": 2}


class BatchKind(models.TextChoices):
    CONTRIBUTIONS = "contributions", _("Contribution months")
    PAYMENTS = "payments", _("Benefit payments")


class ImportBatch(models.Model):
    """One file (or one demo generation) applied to the ledger. The file's hash is unique: the same file
    sent twice is recognised and changes nothing."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BatchKind.choices)
    rows = models.PositiveIntegerField(_("lines"), default=0)
    created_rows = models.PositiveIntegerField(_("lines added"), default=0)
    updated_rows = models.PositiveIntegerField(_("lines corrected"), default=0)
    applied_at = models.DateTimeField(_("applied at"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return self.file_name


def _as_in_people(member: Any) -> tuple[str, Any]:
    """The people app's choice as it is there (typed Any: without Django's mypy plugin a choice member
    looks like the tuple it was declared with)."""
    return member.value, member.label


class Scheme(models.TextChoices):
    """The schemes whose contributions are recorded: the people app's insurance types (medical insurance
    is a separate administration and is not one of them)."""

    EMPLOYEE_PENSION = _as_in_people(InsuranceType.EMPLOYEE_PENSION)
    RESIDENT_PENSION = _as_in_people(InsuranceType.RESIDENT_PENSION)
    UNEMPLOYMENT = _as_in_people(InsuranceType.UNEMPLOYMENT)
    WORK_INJURY = _as_in_people(InsuranceType.WORK_INJURY)


class ContributionState(models.TextChoices):
    PAID = "paid", _("Paid")
    ARREARS = "arrears", _("In arrears")
    PAID_LATE = "paid_late", _("Paid late")
    REFUNDED = "refunded", _("Refunded")


# States whose personal share reached the individual account.
CREDITED_STATES = (ContributionState.PAID, ContributionState.PAID_LATE)


def _first_of_month(field: str) -> Q:
    return Q(**{f"{field}__day": 1})


class ContributionMonth(models.Model):
    """One month of one scheme for one person from one payer: an employer, or (no employer) the person
    themself as a flexible worker. A person with two employers in a month has two lines."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="contribution_months", verbose_name=_("person")
    )
    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme.choices)
    month = models.DateField(_("month"))
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contribution_months",
        verbose_name=_("paid by employer"),
        help_text=_("Empty: the person paid as a flexible worker."),
    )
    base = models.DecimalField(_("contribution base"), **MONEY)
    employer_amount = models.DecimalField(_("employer's contribution"), **MONEY, default=Decimal("0"))
    personal_amount = models.DecimalField(_("personal contribution"), **MONEY, default=Decimal("0"))
    # What went into the individual pension account (记入个人账户): an employee's personal 8%, a flexible
    # worker's 8% of the base out of the 20% they pay; nothing for the other schemes. The core system says
    # it, so the account is explained from the lines alone.
    account_amount = models.DecimalField(
        _("credited to the individual account"), **MONEY, default=Decimal("0")
    )
    state = models.CharField(_("state"), max_length=10, choices=ContributionState.choices)
    late_fee = models.DecimalField(_("late fee"), **MONEY, default=Decimal("0"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="contribution_months", verbose_name=_("batch")
    )

    class Meta:
        verbose_name = _("contribution month")
        verbose_name_plural = _("contribution months")
        ordering = ["person", "month", "scheme"]
        constraints = [
            # One line per person, scheme, month and payer; NULL (the person paid) is a payer of its own,
            # which a plain unique constraint would not see (NULLs are distinct), hence two partial ones.
            models.UniqueConstraint(
                fields=["person", "scheme", "month", "employer"],
                condition=Q(employer__isnull=False),
                name="contribution_one_line_per_employer",
            ),
            models.UniqueConstraint(
                fields=["person", "scheme", "month"],
                condition=Q(employer__isnull=True),
                name="contribution_one_line_as_flexible_worker",
            ),
            models.CheckConstraint(condition=_first_of_month("month"), name="contribution_month_first_day"),
            models.CheckConstraint(
                condition=Q(
                    base__gte=0, employer_amount__gte=0, personal_amount__gte=0, account_amount__gte=0
                ),
                name="contribution_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(account_amount__lte=F("employer_amount") + F("personal_amount")),
                name="contribution_account_within_paid",
            ),
            models.CheckConstraint(
                condition=Q(late_fee=0) | Q(state=ContributionState.PAID_LATE, late_fee__gt=0),
                name="contribution_late_fee_only_when_paid_late",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ContributionState.values), name="contribution_state_known"
            ),
            models.CheckConstraint(condition=Q(scheme__in=Scheme.values), name="contribution_scheme_known"),
        ]
        indexes = [models.Index(fields=["person", "scheme", "month"], name="contribution_person_month")]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.month:%Y-%m}"

    @property
    def flexible_worker(self) -> bool:
        return self.employer_id is None


class InterestRate(models.Model):
    """The individual-account crediting rate (职工基本养老保险个人账户记账利率) announced each year by the
    Ministry of Human Resources and Social Security with the Ministry of Finance; an administrator enters
    each new year's figure. Stored as a percentage with two places (8.31 means 8.31%)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    rate_percent = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    announced_in = models.CharField(_("announced in"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("account crediting rate")
        verbose_name_plural = _("account crediting rates")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_percent__gte=0, rate_percent__lt=100), name="interest_rate_in_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.rate_percent}%"

    @property
    def rate(self) -> Decimal:
        return self.rate_percent / 100


class PaymentPart(models.TextChoices):
    """The parts of a month's payment (glossary: pension = basic_part + account_part + transitional_part)."""

    BASIC = "basic_part", _("Basic pension")
    ACCOUNT = "account_part", _("Individual-account pension")
    TRANSITIONAL = "transitional_part", _("Transitional pension")
    ADJUSTMENT = "adjustment", _("Yearly adjustment")
    BACK_PAY = "back_pay", _("Back pay")
    DEDUCTION = "deduction", _("Deduction (overpayment recovery)")


class PaymentState(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    HELD = "held", _("Held")
    RETURNED = "returned", _("Returned by the bank")


class BenefitPayment(models.Model):
    """One part of one month's benefit for one recipient. A month's change is explained from its lines:
    the parts that differ from the month before."""

    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="payments", verbose_name=_("recipient")
    )
    month = models.DateField(_("month"))
    part = models.CharField(_("part"), max_length=20, choices=PaymentPart.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    state = models.CharField(_("state"), max_length=10, choices=PaymentState.choices)
    # Only the last four digits: enough for the recipient to recognise the account, useless to anyone else.
    account_last4 = models.CharField(_("bank account (last 4 digits)"), max_length=4, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="payments", verbose_name=_("batch")
    )

    class Meta:
        verbose_name = _("benefit payment")
        verbose_name_plural = _("benefit payments")
        ordering = ["recipient", "month", "part"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "month", "part"], name="payment_one_line_per_part"),
            models.CheckConstraint(condition=_first_of_month("month"), name="payment_month_first_day"),
            # A deduction takes money back; every other part pays it.
            models.CheckConstraint(
                condition=Q(part=PaymentPart.DEDUCTION, amount__lt=0)
                | (~Q(part=PaymentPart.DEDUCTION) & Q(amount__gte=0)),
                name="payment_sign_by_part",
            ),
            models.CheckConstraint(condition=Q(part__in=PaymentPart.values), name="payment_part_known"),
            models.CheckConstraint(condition=Q(state__in=PaymentState.values), name="payment_state_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} {self.month:%Y-%m}"

    @property
    def masked_account(self) -> str:
        return f"****{self.account_last4}" if self.account_last4 else ""


class DocumentKind(models.TextChoices):
    STATEMENT = "statement", _("Statement of rights (个人权益记录单)")
    INSURANCE_PROOF = "insurance_proof", _("Proof of insurance (参保缴费证明)")
    PENSION_PROOF = "pension_proof", _("Pension certificate (养老金领取证明)")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Citizen portal")
    WINDOW = "window", _("Window")
    KIOSK = "kiosk", _("Self-service kiosk")
    API = "api", _("API")


class IssuedDocument(models.Model):
    """A statement or proof the agency signed and handed out. The PDF is kept as signed, so the number
    always gives back the very bytes whose hash the verification page shows."""

    number = models.CharField(_("document number"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("person")
    )
    period_from = models.DateField(_("from month"))
    period_to = models.DateField(_("to month"))
    schemes = models.CharField(_("schemes"), max_length=200, blank=True)  # comma-separated Scheme values
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    pdf = models.BinaryField(_("signed PDF"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=F("period_to")), name="document_period_order"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="document_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scheme_list(self) -> list[str]:
        return [s for s in self.schemes.split(",") if s]
