"""Every change of the notify app: scenarios saved with a version, notices written once per person,
scenario and period, their deliveries fanned out to the audience, opt-outs and the inbox."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.prepared import Prepared
from shebao.notify import wording
from shebao.notify.models import (
    LANGUAGES,
    Audience,
    Channel,
    Contact,
    Delivery,
    DeliveryState,
    Notice,
    NoticeState,
    OptOut,
    Scenario,
    ScenarioVersion,
)
from shebao.people.citizen_models import ProxyBinding
from shebao.people.models import Employer, InsuranceRecord, Person

logger = logging.getLogger(__name__)


def subscribers_forget() -> None:
    from shebao.notify.subscribers import forget_scenarios  # subscribers import this module

    forget_scenarios()


VERSIONED_FIELDS = (
    "name", "trigger", "trigger_name", "audience", "channels", "fallback_channel", "variables",
    *(f"{part}_{lang}" for part in ("title", "body") for lang in LANGUAGES),
    "lead_days", "legally_required", "active",
)  # fmt: skip


def scenario_check(scenario: Scenario) -> None:
    """Refuse a scenario whose templates use a variable it does not declare, or whose lists hold
    something that is not an audience or a channel: the field is named."""
    errors: dict = {}
    for lang in LANGUAGES:
        for part in ("title", "body"):
            field = f"{part}_{lang}"
            try:
                unknown = wording.unknown_variables(getattr(scenario, field), scenario.variables)
            except wording.TemplateError as exc:
                errors[field] = _("This text's braces do not pair: %(e)s.") % {"e": exc}
                continue
            if unknown:
                errors[field] = _("Unknown variables: %(names)s. Declare them or remove them.") % {
                    "names": ", ".join(sorted(set(unknown)))
                }
    if not scenario.audience or not set(scenario.audience) <= set(Audience.values):
        errors["audience"] = _("Choose among: %(v)s.") % {"v": ", ".join(Audience.values)}
    if not scenario.channels or not set(scenario.channels) <= set(Channel.values):
        errors["channels"] = _("Choose among: %(v)s.") % {"v": ", ".join(Channel.values)}
    if errors:
        raise ValidationFailed(fields=errors)


@transaction.atomic
def scenario_save(*, scenario: Scenario, actor=None) -> Scenario:
    """Check and save a scenario; every save is a new version, kept with its content."""
    scenario_check(scenario)
    if scenario.pk:
        Scenario.objects.select_for_update().filter(pk=scenario.pk).first()
        last = ScenarioVersion.objects.filter(scenario_id=scenario.pk).order_by("-version").first()
        scenario.version = (last.version if last else scenario.version) + 1
    scenario.save()
    content = {name: getattr(scenario, name) for name in VERSIONED_FIELDS}
    ScenarioVersion.objects.create(
        scenario=scenario,
        version=scenario.version,
        content=content,
        saved_by=getattr(actor, "username", "") if actor else "",
    )
    transaction.on_commit(subscribers_forget)
    log_action("notify.scenario.saved", actor=actor, obj=scenario, data={"version": scenario.version})
    return scenario


# --- notices -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """One notice asked for: a scenario's notice to this person for this period, with the event's data."""

    person_id: int
    period: str
    data: dict


def _contact(person: Person) -> Contact | None:
    try:
        return person.notice_contact
    except Contact.DoesNotExist:
        return None


def _language(person: Person | None) -> str:
    contact = _contact(person) if person is not None else None
    return contact.language if contact and contact.language in LANGUAGES else "zh_hans"


def address_of(person: Person, channel: str) -> str:
    if channel == Channel.SMS:
        return person.phone or ""
    if channel == Channel.EMAIL:
        contact = _contact(person)
        return contact.email if contact else ""
    return ""


def _pension_first(record: InsuranceRecord) -> tuple:
    """The pension record first, an active one before a stopped one, then the latest."""
    return (
        record.insurance_type != "employee_pension",
        record.status != "active",
        -record.start_date.toordinal(),
    )


class _Audiences:
    """What the deliveries of a batch of notices need, read once for all its persons: contacts, bound
    relatives, each person's first insurance record (employer, home agency), employers named in the data
    and opt-outs. A notice at a time would cost each of these queries per person."""

    def __init__(self, scenario: Scenario, persons: list[Person], wanted: list[Wanted]):
        audience, ids = set(scenario.audience), [p.pk for p in persons]
        self.relatives: dict[int, list[Person]] = defaultdict(list)
        if Audience.RELATIVES in audience:
            bindings = ProxyBinding.objects.filter(principal_id__in=ids, ended_at__isnull=True).annotate(
                proxy_has_opt_outs=Exists(OptOut.objects.filter(person=OuterRef("proxy_id")))
            )
            for binding in bindings.select_related("proxy__notice_contact").order_by("pk"):
                binding.proxy.has_opt_outs = binding.proxy_has_opt_outs
                self.relatives[binding.principal_id].append(binding.proxy)
        self.records: dict[int, InsuranceRecord] = {}
        self.employers: dict[int, Employer] = {}
        if {Audience.EMPLOYER, Audience.AGENCY} & audience:
            by_person: dict[int, list[InsuranceRecord]] = defaultdict(list)
            for record in InsuranceRecord.objects.filter(person_id__in=ids).select_related(
                "employer", "home_agency"
            ):
                by_person[record.person_id].append(record)
            self.records = {pid: min(records, key=_pension_first) for pid, records in by_person.items()}
            self.employers = Employer.objects.in_bulk(
                {w.data["employer_id"] for w in wanted if w.data.get("employer_id")}
            )
        self.opted_out: set[tuple[int, str]] = set()
        everyone = [*persons, *(r for relatives in self.relatives.values() for r in relatives)]
        # Only those who opted out of something are asked about (most never do: no query at all).
        flagged = [p.pk for p in everyone if p.has_opt_outs]
        if flagged and not scenario.legally_required:
            self.opted_out = set(
                OptOut.objects.filter(
                    Q(scenario=scenario) | Q(scenario__isnull=True), person_id__in=flagged
                ).values_list("person_id", "channel")
            )

    def of(self, scenario: Scenario, person: Person, data: dict) -> list[tuple[str, dict]]:
        """(audience, {"person"|"employer"|"agency": ...}) for each recipient of the scenario's audience."""
        found: list[tuple[str, dict]] = []
        record = self.records.get(person.pk)
        for audience in scenario.audience:
            if audience == Audience.PERSON:
                found.append((audience, {"person": person}))
            elif audience == Audience.RELATIVES:
                found += [(audience, {"person": relative}) for relative in self.relatives.get(person.pk, [])]
            elif audience == Audience.EMPLOYER:
                employer = self.employers.get(data.get("employer_id") or 0) or (
                    record.employer if record else None
                )
                if employer is not None:
                    found.append((audience, {"employer": employer}))
            elif audience == Audience.AGENCY and record is not None:
                found.append((audience, {"agency": record.home_agency}))
        return found


def _rendered(scenario: Scenario, lang: str, values: dict) -> tuple[str, str]:
    return (
        wording.render(getattr(scenario, f"title_{lang}"), values),
        wording.render(getattr(scenario, f"body_{lang}"), values),
    )


def _deliveries(scenario: Scenario, notice: Notice, person: Person, audiences: _Audiences) -> list[Delivery]:
    """The notice's deliveries, or none when a template variable has no value: the notice is then kept as
    REFUSED, with the reason, so managers see it, rather than send a hole."""
    values = {"name": person.name, **notice.data}
    try:
        for lang in LANGUAGES:
            _rendered(scenario, lang, values)
    except wording.TemplateError as exc:
        notice.state, notice.error = NoticeState.REFUSED, str(exc)[:300]
        notice.save(update_fields=["state", "error"])
        logger.error("notice %s for %s refused: %s", scenario.code, notice.period, exc)
        return []
    now, rows = timezone.now(), []
    for audience, target in audiences.of(scenario, person, notice.data):
        who = target.get("person")
        lang = _language(who)
        # Staff and employers read it on shared screens: the person's name masked there.
        shown = values if who is not None else {**values, "name": person.masked_name}
        title, body = _rendered(scenario, lang, shown)
        channels = scenario.channels if who is not None else [Channel.INBOX]  # staff, employers: workbench
        for channel in channels:
            address = address_of(who, channel) if who is not None else ""
            if channel != Channel.INBOX and not address:
                continue  # no phone or e-mail: the inbox (always among or after the channels) tells
            state = DeliveryState.PENDING
            if who is not None and (who.pk, channel) in audiences.opted_out:
                state = DeliveryState.OPTED_OUT
            elif channel == Channel.INBOX:
                state = DeliveryState.DELIVERED
            rows.append(Delivery(
                notice=notice, audience=audience, channel=channel, address=address, language=lang,
                title=title, body=body, state=state,
                delivered_at=now if state == DeliveryState.DELIVERED else None, **target,
            ))  # fmt: skip
    return rows


# Built once (in_bulk copies it): resolving the EXISTS anew was a quarter of the work of an intake's notice.
_RECIPIENTS = Person.objects.select_related("notice_contact").annotate(
    has_opt_outs=Exists(OptOut.objects.filter(person=OuterRef("pk")))
)
# One recipient (an event's, as every intake's accepted notice): compiled once per connection.
_RECIPIENT = Prepared(_RECIPIENTS, "pk")


def _recipients(ids: set[int]) -> dict[int, Person]:
    if len(ids) == 1:
        return {person.pk: person for person in _RECIPIENT(next(iter(ids)))}
    return _RECIPIENTS.in_bulk(ids)


def notices_create(*, scenario: Scenario, wanted: list[Wanted]) -> list[Notice]:
    """Write the notices of (scenario, person, period) and their deliveries for many persons at once (a
    silent run's chunk, a scan) in a handful of queries. One that exists already is skipped (a re-run,
    another scan, an event told twice); a person no longer there is skipped. Runs in the caller's
    transaction."""
    unique: dict[tuple[int, str], Wanted] = {}
    for item in wanted:
        unique.setdefault((item.person_id, item.period[:60]), item)
    persons = _recipients({pid for pid, _period in unique})
    existing: set[tuple[int, str]] = set()
    if len(unique) > 1:  # a notice alone: its unique key answers below, without a query before
        existing = set(
            Notice.objects.filter(
                scenario=scenario, person_id__in=persons, period__in={p for _pid, p in unique}
            ).values_list("person_id", "period")
        )
    fresh = [(key, item) for key, item in unique.items() if key not in existing and key[0] in persons]
    if not fresh:
        return []
    notices = [
        Notice(
            scenario=scenario, scenario_version=scenario.version, person_id=pid, period=period, data=item.data
        )
        for (pid, period), item in fresh
    ]
    with transaction.atomic(savepoint=False):  # inside the publisher's transaction: no savepoint of its own
        try:
            with transaction.atomic():
                Notice.objects.bulk_create(notices)
        except IntegrityError:  # another process wrote one of them meanwhile: one by one, each skipped if so
            if len(fresh) == 1:
                return []
            return [n for _key, item in fresh for n in notices_create(scenario=scenario, wanted=[item])]
        audiences = _Audiences(
            scenario, [persons[pid] for (pid, _period), _item in fresh], [item for _key, item in fresh]
        )
        rows = []
        for notice in notices:
            rows += _deliveries(scenario, notice, persons[notice.person_id], audiences)
        Delivery.objects.bulk_create(rows)
    return notices


def notice_create(*, scenario: Scenario, person: Person, period: str, data: dict) -> Notice | None:
    """One notice (notices_create for one person); None when it exists already."""
    made = notices_create(scenario=scenario, wanted=[Wanted(person.pk, period, data)])
    return made[0] if made else None


def notices_for_trigger(*, trigger: str, name: str, person: Person, period: str, data: dict) -> list[Notice]:
    created = []
    for scenario in Scenario.objects.filter(trigger=trigger, trigger_name=name, active=True):
        notice = notice_create(scenario=scenario, person=person, period=period, data=data)
        if notice is not None:
            created.append(notice)
    return created


# --- the citizen's side ---------------------------------------------------------------------------------


def inbox_mark_read(*, person: Person, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.filter(pk=delivery_id, person=person, channel=Channel.INBOX).first()
    if delivery is None:
        raise NotFound()
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        delivery.save(update_fields=["read_at"])
    return delivery


@transaction.atomic
def opt_out_set(*, person: Person, scenario: Scenario | None, channel: str, out: bool) -> None:
    """Opt out of (or back into) a scenario on a channel. A legally required scenario cannot be refused."""
    if channel not in Channel.values:
        raise ValidationFailed(fields={"channel": _("Unknown channel.")})
    if out and scenario is not None and scenario.legally_required:
        raise ValidationFailed(fields={"scenario": _("This notice is required by law and is always sent.")})
    if out:
        OptOut.objects.get_or_create(person=person, scenario=scenario, channel=channel)
    else:
        OptOut.objects.filter(person=person, scenario=scenario, channel=channel).delete()
    log_action(
        "notify.opt_out.changed",
        obj=person,
        data={"scenario": scenario.code if scenario else "*", "channel": channel, "out": out},
    )


def contact_set(*, person: Person, email: str, language: str) -> Contact:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationFailed(fields={"email": _("This is not an e-mail address.")}) from None
    if language not in LANGUAGES:
        raise ValidationFailed(fields={"language": _("Unknown language.")})
    contact, _created = Contact.objects.update_or_create(
        person=person, defaults={"email": email, "language": language}
    )
    return contact
