"""Reference data every app builds on: the agency tree, outlets, staff profiles and roles, the audit log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.masking import mask_phone
from shebao.core.stamps import STAFF, Stamped

ADMIN_CODE = RegexValidator(r"^\d{6}$", _("An administrative code has 6 digits."))


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District or county")
    TOWN = "town", _("Town or street")


class Agency(models.Model):
    """A social-insurance agency (社保经办机构). `path` lists the codes from the root, so a subtree
    is one indexed prefix query: 'everything under Yuzhong district' is path__startswith."""

    code = models.CharField(_("administrative code"), max_length=12, unique=True, validators=[ADMIN_CODE])
    name = models.CharField(_("name"), max_length=100)
    # Shown to readers of 繁體中文 and English (core.typography.local_name); blank: converted by OpenCC,
    # or the Chinese name (a proper name is better left than guessed).
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=200, db_index=True, editable=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}{self.code}/" if self.parent_id else f"{self.code}/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The tree goes province > city > district/county > town/street: a parent sits above its
        children (a municipality's districts hang directly under it)."""
        rank = list(AgencyLevel.values)
        if self.parent is None:
            if self.level != AgencyLevel.PROVINCE:
                raise ValidationError({"parent": _("Only a province-level agency has no parent.")})
            return
        # Strictly higher, which also keeps an agency from being moved below one of its own children.
        if rank.index(self.parent.level) >= rank.index(self.level):
            raise ValidationError({"parent": _("The parent agency must be at a higher level.")})

    def covers(self, other: "Agency | None") -> bool:
        """True when `other` is this agency or lies below it in the tree."""
        return other is not None and other.path.startswith(self.path)

    @property
    def root_path(self) -> str:
        return self.path.split("/", 1)[0] + "/"


class OutletLevel(models.TextChoices):
    CITY = "city", _("City hall")
    DISTRICT = "district", _("District hall")
    TOWN = "town", _("Town or street centre")
    VILLAGE = "village", _("Village or community point")
    COOPERATION = "cooperation", _("Cooperation point")


class OutletKind(models.TextChoices):
    AGENCY_HALL = "agency_hall", _("Agency service hall")
    SERVICE_CENTRE = "service_centre", _("Public service centre")
    BANK = "bank", _("Bank branch")
    POSTAL = "postal", _("Post office")
    CLINIC = "clinic", _("Clinic or hospital")
    SHOP = "shop", _("Shop or supermarket")
    KIOSK = "kiosk", _("Self-service kiosk")
    PENSION_TERMINAL = "pension_terminal", _("Pension self-service terminal")


class OutletTier(models.TextChoices):
    BASIC = "basic", _("Basic point")
    PREMIUM = "premium", _("Premium point")


class OutletStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Outlet(models.Model):
    """Any place where services are offered (便民服务点). Coordinates are WGS-84; the map apps'
    systems (GCJ-02, BD-09) are derived when a navigation link is made, never stored."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="outlets", verbose_name=_("agency")
    )
    level = models.CharField(_("level"), max_length=12, choices=OutletLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=OutletTier.choices, default=OutletTier.BASIC)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    elderly_priority = models.BooleanField(_("priority for the elderly"), default=True)
    # Empty: the region's default (60, the Law on the Protection of the Rights of the Elderly); a hall may
    # start later where its region decided so.
    elderly_priority_age = models.PositiveSmallIntegerField(
        _("priority for the elderly from age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(60), MaxValueValidator(100)],
        help_text=_("Empty: the region's default."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutletStatus.choices, default=OutletStatus.OPEN
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("status reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["level", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="outlet_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    TELLER = "teller", _("Teller (front desk)")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")
    AUDITOR = "auditor", _("Auditor")
    GUIDE = "guide", _("Hall guide")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("System administrator")


BACK_OFFICE_ROLES = frozenset({Role.REVIEWER, Role.APPROVER, Role.AUDITOR, Role.MANAGER})
# Administrators must sign in with a second factor; other staff may opt in.
ROLES_REQUIRING_TOTP = frozenset({Role.ADMIN})


# Each staff member's posts of the day, by (profile, day): read on every staff request.
_POSTS: Stamped[frozenset[str]] = Stamped(STAFF)


class StaffProfile(models.Model):
    """What makes a Django user a member of staff (经办人员): their agency, optional outlet, roles."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="staff", verbose_name=_("agency")
    )
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("outlet"),
    )
    display_name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.display_name

    @property
    def role_codes(self) -> frozenset[str]:
        """The posts this person acts in today: their own, and those of an A角 they stand in for (B角) while
        that holder is marked away. Kept by the process while the staff stamp is unchanged (core.stamps):
        a post or stand-in written anyhow counts from the next request."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            day = timezone.localdate()
            cached = self._role_codes = _POSTS.get((self.pk, day), lambda: self._read_role_codes(day))
        return cached

    def _read_role_codes(self, day) -> frozenset[str]:
        own = self.roles.values_list("role", flat=True)
        stood = StandIn.objects.covering(day).filter(stand_in=self).values_list("role")
        return frozenset(role for (role,) in own.values_list("role").union(stood))

    @property
    def own_role_codes(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))


class StaffRole(models.Model):
    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [models.UniqueConstraint(fields=["profile", "role"], name="staff_role_once")]

    def __str__(self) -> str:
        return self.get_role_display()


class StandInQuerySet(models.QuerySet):
    def covering(self, day) -> "StandInQuerySet":
        """Stand-ins in force on `day`: the holder is marked away and not yet back."""
        return self.filter(away_since__isnull=False).filter(
            models.Q(away_until__isnull=True) | models.Q(away_until__gte=day)
        )


class StandIn(models.Model):
    """A角/B角: the stand-in (B角) named for one post of its holder (A角). The stand-in takes over that
    post's queue only while the holder is marked away (away_since set, until away_until or marked back)."""

    holder = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="stand_ins", verbose_name=_("holder (A)")
    )
    stand_in = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="standing_in", verbose_name=_("stand-in (B)")
    )
    role = models.CharField(_("post"), max_length=10, choices=Role.choices)
    away_since = models.DateTimeField(_("holder away since"), null=True, blank=True)
    away_until = models.DateField(_("holder away until"), null=True, blank=True)

    objects = StandInQuerySet.as_manager()

    class Meta:
        verbose_name = _("stand-in")
        verbose_name_plural = _("stand-ins")
        constraints = [
            models.UniqueConstraint(fields=["holder", "role"], name="stand_in_one_per_post"),
            models.CheckConstraint(
                condition=~models.Q(holder=models.F("stand_in")), name="stand_in_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} / {self.stand_in}: {self.get_role_display()}"


class ExclusivePosts(models.Model):
    """岗位互斥: two posts one person must not hold together (beyond the per-case segregation of duties).
    A configurable table, seeded from common practice; the pair is stored in alphabetical order."""

    post = models.CharField(_("post"), max_length=10, choices=Role.choices)
    other = models.CharField(_("exclusive with"), max_length=10, choices=Role.choices)
    reason = models.CharField(_("reason"), max_length=100)

    class Meta:
        verbose_name = _("exclusive posts")
        verbose_name_plural = _("exclusive posts")
        constraints = [
            models.UniqueConstraint(fields=["post", "other"], name="exclusive_posts_once"),
            models.CheckConstraint(
                condition=models.Q(post__lt=models.F("other")), name="exclusive_posts_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} × {self.get_other_display()}"

    def save(self, *args, **kwargs):
        self.post, self.other = sorted((self.post, self.other))
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """One line of the append-only audit log.

    An entry is written with its content only, so writers never wait for one another. The sealer
    (core.auditchain, a background job) then gives it its place in the chain, `seq` (no gaps), and `mac`:
    an HMAC over its content, its place and the previous entry's mac, with a key kept outside the
    database. The database refuses to remove an entry or change its content, and lets the seal be written
    once (migration 0005); an edited, removed, reordered or forged entry breaks the chain (verify-audit)."""

    seq = models.BigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The sealer's queue: the entries not sealed yet, oldest first.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="core_audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action}"


class AuditHead(models.Model):
    """A single row: the chain's last sealed entry and how many batches were sealed, signed with the audit
    key. Only the sealer writes it (locked, so two sealers take turns); each batch is also checkpointed
    outside the database, and `batch` tells verify-audit whether that checkpoint log is current."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True)
    batch = models.BigIntegerField(default=0)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_is_single_row")]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class TextMessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # No gateway is configured (development, the demo): the message is kept for the outbox page only.
    HELD = "held", _("Held in the outbox")


class TextMessage(models.Model):
    """One text message (SMS) to a phone, kept whatever happens to it: the row is the queue.

    Written in the transaction of the change it tells about, sent after that commits, retried with
    back-off when the gateway fails, so a crash never loses a notice and a retry never sends it twice
    (the dedupe key and the gateway's Idempotency-Key)."""

    phone = models.CharField(_("phone"), max_length=20)
    body = models.TextField(_("text"))
    # A secret (a sign-in code) is kept only until it is sent or expires, and never shown in the admin:
    # whoever reads the outbox must not be able to sign in as the citizen.
    secret = models.BooleanField(default=False)
    purpose = models.CharField(_("purpose"), max_length=100, db_index=True)
    dedupe_key = models.CharField(max_length=150, unique=True, null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TextMessageState.choices, default=TextMessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    gateway_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.masked_phone} {self.purpose}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class HolidaySchedule(models.Model):
    """A year's public holidays and make-up working days, entered from the State Council's notice
    (国务院办公厅关于<year>年部分节假日安排的通知) for a year the chinesecalendar release does not know yet,
    or amending one it knows (a late extension: only the days listed change). Validation lives in
    core.holidays; core.workdays reads these rows."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    holidays = models.JSONField(_("public holidays"), default=list)
    make_up_workdays = models.JSONField(_("make-up working days"), default=list, blank=True)
    source = models.CharField(_("notice"), max_length=200)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.source}"


class RateCounter(models.Model):
    """Hits on one limit's key (e.g. "cases:track:203.0.113.9") in a window; see core.limits."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class DataStamp(models.Model):
    """A token that database triggers replace on every write to some data's tables; see core.stamps."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
