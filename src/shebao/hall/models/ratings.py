"""好差评: a rating of one service, and the follow-up of a bad one (RULES.md, "Service rules")."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.models import Outlet, StaffProfile
from shebao.hall.models.queue import Ticket, Window
from shebao.hall.models.visits import HomeVisit
from shebao.hall.states import FollowUpState


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Reason(models.TextChoices):
    LONG_WAIT = "long_wait", _("Waited too long")
    ATTITUDE = "attitude", _("Unfriendly service")
    UNCLEAR = "unclear", _("Not told clearly what to do")
    MORE_TRIPS = "more_trips", _("Have to come again")
    NOT_HANDLED = "not_handled", _("My matter was not handled")
    OTHER = "other", _("Other")


class RatedChannel(models.TextChoices):
    """Where the service rated was given (好差评 covers every channel)."""

    HALL = "hall", _("Hall (queue ticket)")
    HOME_VISIT = "home_visit", _("Home visit")
    WINDOW = "window", _("Window, without a ticket")
    PARTNER_POINT = "partner_point", _("Partner point")
    ONLINE = "online", _("Online application")


class Evaluation(models.Model):
    """A rating of one service (好差评): a ticket served in a hall, a home visit, or a case accepted
    without a ticket (at a partner point, online); at most one each."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation"
    )
    home_visit = models.OneToOneField(
        HomeVisit, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation"
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation"
    )
    channel = models.CharField(
        _("channel"), max_length=15, choices=RatedChannel.choices, default=RatedChannel.HALL
    )
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_evaluations")
    window = models.ForeignKey(Window, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("rating"), choices=Level.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    # A bad rating left with a phone number is a real-name rating: the outcome of its follow-up is sent
    # there by text message (and is always shown on the ticket or visit page).
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="hall_level_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(ticket__isnull=False, home_visit__isnull=True, case__isnull=True)
                | models.Q(ticket__isnull=True, home_visit__isnull=False, case__isnull=True)
                | models.Q(ticket__isnull=True, home_visit__isnull=True, case__isnull=False),
                name="hall_evaluation_rates_one_service",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=RatedChannel.values), name="hall_evaluation_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.level}"

    @property
    def reference(self) -> str:
        """What was rated, as the citizen knows it: the ticket number, the visit's or the case's."""
        if self.case_id:
            return self.case.number
        return self.ticket.number if self.ticket_id else self.home_visit.reference

    @property
    def bad(self) -> bool:
        return self.level in BAD_LEVELS


class FollowUp(models.Model):
    """The follow-up of a bad rating: a manager verifies it, rectifies, and tells the citizen the outcome."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="follow_up")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="hall_follow_ups")
    state = models.CharField(max_length=10, choices=FollowUpState.choices, default=FollowUpState.OPEN)
    due_on = models.DateField(_("due on"))
    finding = models.TextField(_("what was found"), blank=True)
    justified = models.BooleanField(_("the complaint was justified"), null=True)
    verified_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rectification = models.TextField(_("what was done"), blank=True)
    outcome = models.TextField(_("message to the citizen"), blank=True)
    closed_by = models.ForeignKey(
        StaffProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    citizen_told_by_text = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=FollowUpState.values), name="hall_follow_up_state_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} ({self.state})"
