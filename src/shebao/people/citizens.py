"""Citizen sign-in (DESIGN.md, "Security and trust"): a document number of any type, then a one-time
6-digit code texted to the phone registered for that person.

- Codes are stored as a keyed hash (HMAC with SECRET_KEY), expire after 5 minutes and are used once.
- A code dies after five wrong tries; a fresh code is the way on. Fifteen wrong codes for a number from
  one address lock that number *at that address* for 30 minutes: a stranger typing wrong codes elsewhere
  cannot lock the citizen out, and the citizen's own fresh code from their own phone still works.
- Rate limits per number and per client address; all counters are rows in the database, so every
  server process (gunicorn runs several) sees the same numbers. The per-process cache would not.
- No enumeration: an unknown number, or one with no phone, gets the same answer and the same work
  (a row is written, nothing is sent); only the audit log tells them apart.
- Every request, success, failure and lock-out is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import ApplicationError, ValidationFailed
from shebao.core.masking import mask_id
from shebao.core.messaging import normalise_phone, text_message_send
from shebao.people.citizen_models import CodePurpose, OneTimeCode
from shebao.people.models import IdentityDocument, Person

CODE_TTL = timedelta(minutes=5)
MAX_WRONG_TRIES = 5  # per code
LOCKING_WRONG_TRIES = 15  # per number and address, in LOCK_WINDOW
LOCK_WINDOW = timedelta(minutes=30)
# (how many codes, within how long): per number from one address, per number from anywhere, per address
PER_NUMBER_AND_CLIENT = (3, timedelta(minutes=10))
PER_NUMBER = (10, timedelta(minutes=10))
PER_CLIENT = (10, timedelta(minutes=10))


class TooManyAttempts(ApplicationError):
    code = "too_many_attempts"
    status = 429
    default_message = _("Too many attempts. Please wait a while and try again, or ask at any window.")


WRONG_CODE = _("The code is wrong or has expired. Please check the text message or ask for a new code.")


def digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def normalise_number(raw: str) -> str:
    return "".join((raw or "").split()).upper()


def person_by_number(number: str) -> Person | None:
    """The one person holding a document with this number (of any type), or None."""
    ids = set(IdentityDocument.objects.filter(number=number).values_list("person_id", flat=True)[:2])
    return Person.objects.filter(pk=ids.pop()).first() if len(ids) == 1 else None


def _locked(number_digest: str, client: str, now) -> bool:
    tries = OneTimeCode.objects.filter(
        number_digest=number_digest, client=client, created_at__gte=now - LOCK_WINDOW
    ).aggregate(n=Sum("wrong_tries"))["n"]
    return (tries or 0) >= LOCKING_WRONG_TRIES


def _check_rates(number_digest: str, client: str, now) -> None:
    recent = OneTimeCode.objects.filter
    per_pair, pair_window = PER_NUMBER_AND_CLIENT
    per_number, number_window = PER_NUMBER
    per_client, client_window = PER_CLIENT
    if (
        _locked(number_digest, client, now)
        or recent(number_digest=number_digest, client=client, created_at__gte=now - pair_window).count()
        >= per_pair
        or recent(number_digest=number_digest, created_at__gte=now - number_window).count() >= per_number
        or recent(client=client, created_at__gte=now - client_window).count() >= per_client
    ):
        raise TooManyAttempts()


def _textable(phone: str) -> bool:
    """A number a text can reach; a malformed one is answered like a missing one (no enumeration)."""
    try:
        normalise_phone(phone)
    except ValidationFailed:
        return False
    return bool(phone)


def _hash(row: OneTimeCode, code: str) -> str:
    return digest(f"{row.number_digest}:{row.created_at.isoformat()}:{code}")


def code_text(purpose: str, code: str, proxy: Person | None) -> str:
    if purpose == CodePurpose.CONSENT and proxy is not None:
        return str(
            _(
                "%(proxy)s asks to act for you in social insurance matters (亲情代办). If you agree, give "
                "them this code: %(code)s. It is valid for 5 minutes. If you did not expect this, ignore it."
            )
            % {"proxy": proxy.masked_name, "code": code}
        )
    return str(
        _("Your sign-in code is %(code)s, valid for 5 minutes. Never tell it to anyone, staff included.")
        % {"code": code}
    )


def code_request(
    *,
    number: str,
    client: str,
    purpose: str = CodePurpose.SIGN_IN,
    proxy: Person | None = None,
    relation: str = "",
) -> OneTimeCode:
    """Send a code to the phone of the person holding `number`, if there is one. The caller shows the
    same answer whatever happened; the returned row's id is the challenge to answer."""
    number = normalise_number(number)
    if not number or len(number) > 32:
        raise ValidationFailed(fields={"number": _("Enter the number of your identity document.")})
    now = timezone.now()
    number_digest = digest(number)
    with transaction.atomic():
        _check_rates(number_digest, client, now)
        person = person_by_number(number)
        if person is not None and proxy is not None and person.pk == proxy.pk:
            raise ValidationFailed(fields={"number": _("This is your own document number.")})
        reachable = person is not None and _textable(person.phone)
        code = f"{secrets.randbelow(10**6):06d}"
        row = OneTimeCode(
            purpose=purpose,
            number_digest=number_digest,
            client=client[:64],
            person=person if reachable else None,
            proxy=proxy,
            relation=relation,
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        row.code_hash = _hash(row, code)
        row.save()
        if reachable:
            text_message_send(
                phone=person.phone,
                body=code_text(purpose, code, proxy),
                purpose=f"people.{purpose}_code",
                dedupe_key=f"people.code:{row.pk}",
                secret=True,
            )
        log_action(
            f"people.citizen.{purpose}_code_requested",
            actor=None,
            obj=person,
            data={"number": mask_id(number), "sent": reachable, "client": client},
        )
    return row


@dataclass(frozen=True)
class Verified:
    row: OneTimeCode
    person: Person


def code_verify(*, code_id: int | None, code: str, purpose: str, proxy: Person | None = None) -> Verified:
    """Check a code against its challenge. A wrong code counts towards the number's lock-out even
    though the error is raised: the count is committed first."""
    code = "".join((code or "").split())
    now = timezone.now()
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=code_id or 0, purpose=purpose)
            .first()
        )
        if row is None or (proxy is not None and row.proxy_id != proxy.pk):
            outcome = "no_challenge"
        elif _locked(row.number_digest, row.client, now):
            outcome = "locked"
        elif row.used_at is not None or row.expires_at < now or row.wrong_tries >= MAX_WRONG_TRIES:
            outcome = "expired"
        elif row.person is None or not hmac.compare_digest(row.code_hash, _hash(row, code)):
            row.wrong_tries += 1
            row.save(update_fields=["wrong_tries"])
            outcome = "locked" if _locked(row.number_digest, row.client, now) else "wrong"
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            outcome = "ok"
        if row is not None:
            log_action(
                f"people.citizen.{purpose}_code_{'accepted' if outcome == 'ok' else 'refused'}",
                obj=row.person,
                data={"outcome": outcome, "challenge": row.pk},
            )
    if outcome == "locked":
        raise TooManyAttempts(
            _(
                "Too many wrong codes from here: this number is locked here for 30 minutes. You can "
                "also ask at any window."
            )
        )
    if outcome != "ok":
        raise ValidationFailed(WRONG_CODE, fields={"code": WRONG_CODE})
    assert row is not None and row.person is not None
    return Verified(row, row.person)
