"""Persons and their identity documents, employers, insurance records and benefit recipients."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.idcards import DOC_TYPE_LABELS, DocType, validate_id, validate_uscc
from shebao.core.masking import mask_id, mask_name, mask_phone
from shebao.core.models import Agency
from shebao.core.names import check_name


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Post(models.TextChoices):
    """A woman's post, which her statutory retirement age follows (originally 55 in a cadre post, 50 as
    a worker; the 2024 decision raises them to 58 and 55): from her file, as her employer kept it."""

    CADRE = "cadre", _("Cadre post (originally 55)")
    WORKER = "worker", _("Worker post (originally 50)")


class Person(models.Model):
    """An insured person (参保人). Names keep rare characters (生僻字, also outside the BMP) exactly;
    the middle dot of minority names is stored as U+00B7 whatever look-alike was typed (core.names)."""

    name = models.CharField(_("name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, default="CHN")
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    post = models.CharField(
        _("post (a woman's retirement age)"),
        max_length=10,
        choices=Post.choices,
        blank=True,
        help_text=_("Blank until her file is checked: she is then treated as a worker (the earlier age)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.masked_name

    def clean(self) -> None:
        """The admin and any form get the same name rules as the services (core.names)."""
        check = check_name(self.name)
        if not check.valid:
            raise ValidationError({"name": check.error}, code=check.error_code)
        self.name = check.name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def primary_document(self) -> "IdentityDocument | None":
        docs = list(self.documents.all())
        return next((d for d in docs if d.primary), docs[0] if docs else None)


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(
        _("document type"), max_length=32, choices=[(t.value, DOC_TYPE_LABELS[t]) for t in DocType]
    )
    number = models.CharField(_("document number"), max_length=32)
    primary = models.BooleanField(_("primary document"), default=True)
    # A document real people hold but the rules refuse (the seeds' Taiwan resident with a 9-digit permit
    # number): recorded by a teller with a reason, approved by a second person, and flagged for ever.
    override_reason = models.TextField(_("reason for recording a refused document"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [models.UniqueConstraint(fields=["doc_type", "number"], name="document_number_unique")]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.masked_number}"

    @property
    def overridden(self) -> bool:
        """Recorded although the rules refuse it (flagged on the record)."""
        return bool(self.override_reason)

    @property
    def override_pending(self) -> bool:
        return self.overridden and self.override_approved_by_id is None

    def clean(self) -> None:
        """A number is stored only in its checked, normalised form (core.idcards)."""
        if self.overridden:
            return  # supervised: refused by the rules on purpose, approved by a second person
        check = validate_id(self.doc_type, self.number or "")
        if not check.valid:
            field = "doc_type" if check.error_code == "unknown_doc_type" else "number"
            raise ValidationError({field: check.error}, code=check.error_code)
        self.number = check.number

    @property
    def masked_number(self) -> str:
        return mask_id(self.number)


def validate_credit_code(value: str) -> None:
    valid, error = validate_uscc(value)
    if not valid:
        raise ValidationError(error, code="invalid_credit_code")


class Employer(models.Model):
    """An employer (参保单位), known by its 18-character unified social credit code."""

    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("name"), max_length=200)
    home_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="employers")
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Who registered it at a window (单位参保登记): its handling staff (经办人), who reads its notices.
    handler = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employers_handled",
        verbose_name=_("handling staff"),
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class InsuranceType(models.TextChoices):
    EMPLOYEE_PENSION = "employee_pension", _("Enterprise employees' basic pension")
    RESIDENT_PENSION = "resident_pension", _("Urban and rural residents' pension")
    WORK_INJURY = "work_injury", _("Work-injury insurance")
    UNEMPLOYMENT = "unemployment", _("Unemployment insurance")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Paying")
    SUSPENDED = "suspended", _("Suspended")
    STOPPED = "stopped", _("Stopped")


class InsuranceRecord(models.Model):
    """A person's membership of one insurance scheme; its home agency decides the person's cases."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="records")
    insurance_type = models.CharField(_("insurance type"), max_length=20, choices=InsuranceType.choices)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    home_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(
        _("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    start_date = models.DateField(_("insured since"))

    class Meta:
        verbose_name = _("insurance record")
        verbose_name_plural = _("insurance records")
        constraints = [
            models.UniqueConstraint(fields=["person", "insurance_type"], name="one_record_per_scheme")
        ]

    def __str__(self) -> str:
        return self.get_insurance_type_display()


class BenefitType(models.TextChoices):
    EMPLOYEE_PENSION = "employee_pension", _("Basic pension (employees)")
    RESIDENT_PENSION = "resident_pension", _("Residents' pension")
    WORK_INJURY = "work_injury", _("Work-injury benefit")
    UNEMPLOYMENT = "unemployment", _("Unemployment benefit")
    SURVIVOR = "survivor", _("Survivor benefit")


class RecipientStatus(models.TextChoices):
    ACTIVE = "active", _("Being paid")
    SUSPENDED = "suspended", _("Payment suspended")
    STOPPED = "stopped", _("Stopped")


class Recipient(models.Model):
    """A person receiving a periodic benefit (待遇领取人员); certified yearly."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefits")
    benefit_type = models.CharField(_("benefit"), max_length=20, choices=BenefitType.choices)
    home_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="recipients")
    monthly_amount = models.DecimalField(
        _("monthly amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("paid since"))
    next_certification_due = models.DateField(_("next certification due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("benefit recipient")
        verbose_name_plural = _("benefit recipients")
        constraints = [
            models.UniqueConstraint(fields=["person", "benefit_type"], name="one_benefit_of_a_type"),
            models.CheckConstraint(condition=models.Q(monthly_amount__gte=0), name="benefit_not_negative"),
        ]

    def __str__(self) -> str:
        return self.get_benefit_type_display()


# Citizens: one-time codes and proxy bindings (kept in their own module, registered here).
from shebao.people.citizen_models import OneTimeCode, ProxyBinding  # noqa: E402, F401
