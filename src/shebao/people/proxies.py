"""Proxy bindings (亲情代办, seed 002: "1人可绑定4人的代办服务"): a signed-in citizen binds a relative for
whom they will act, with the relative's consent, given either by a code texted to the relative's
registered phone or in person before a teller. One person acts for at most MAX_PRINCIPALS people; the
limit is checked under a lock on the proxy's row, so concurrent binds cannot pass it together."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from shebao.core.permissions import require
from shebao.people.citizen_models import CodePurpose, ConsentMethod, OneTimeCode, ProxyBinding, Relation
from shebao.people.citizens import code_request, code_verify
from shebao.people.models import Person

MAX_PRINCIPALS = 4


def _check_relation(relation: str) -> None:
    if relation not in Relation.values:
        raise ValidationFailed(fields={"relation": _("Choose how you are related.")})


def _check_room(proxy: Person) -> None:
    if ProxyBinding.objects.filter(proxy=proxy, ended_at__isnull=True).count() >= MAX_PRINCIPALS:
        raise Conflict(
            _("You already act for %(n)s people, the most one person may. End one binding first.")
            % {"n": MAX_PRINCIPALS},
            code="proxy_limit",
        )


def principals_of(proxy: Person) -> list[Person]:
    """The people `proxy` may act for now."""
    return list(
        Person.objects.filter(proxies__proxy=proxy, proxies__ended_at__isnull=True).order_by("id").distinct()
    )


def is_bound(*, proxy: Person, principal: Person) -> bool:
    return ProxyBinding.objects.filter(proxy=proxy, principal=principal, ended_at__isnull=True).exists()


def proxy_consent_request(*, proxy: Person, number: str, relation: str, client: str) -> OneTimeCode:
    """Text the relative a consent code (the same answer whether the number exists or not)."""
    _check_relation(relation)
    _check_room(proxy)
    return code_request(
        number=number, client=client, purpose=CodePurpose.CONSENT, proxy=proxy, relation=relation
    )


def proxy_consent_confirm(*, proxy: Person, code_id: int | None, code: str) -> ProxyBinding:
    verified = code_verify(code_id=code_id, code=code, purpose=CodePurpose.CONSENT, proxy=proxy)
    return _bind(
        proxy=proxy,
        principal=verified.person,
        relation=verified.row.relation,
        consent=ConsentMethod.TEXT,
        actor=None,
    )


def proxy_bind_at_window(*, teller, proxy: Person, principal: Person, relation: str) -> ProxyBinding:
    """The relative is at the window and consents in person; the teller records it."""
    require(teller, "people.proxy.bind", principal)
    _check_relation(relation)
    if proxy.pk == principal.pk:
        raise ValidationFailed(fields={"proxy": _("A person cannot be their own proxy.")})
    return _bind(
        proxy=proxy, principal=principal, relation=relation, consent=ConsentMethod.WINDOW, actor=teller
    )


def _bind(*, proxy: Person, principal: Person, relation: str, consent: str, actor) -> ProxyBinding:
    try:
        with transaction.atomic():
            # The proxy's row is the lock: two binds for one proxy are served one after the other.
            Person.objects.select_for_update().filter(pk=proxy.pk).first()
            if is_bound(proxy=proxy, principal=principal):
                raise Conflict(_("This binding exists already."), code="already_bound")
            _check_room(proxy)
            binding = ProxyBinding.objects.create(
                proxy=proxy,
                principal=principal,
                relation=relation,
                consent=consent,
                witnessed_by=actor,
            )
            log_action(
                "people.proxy.bound",
                actor=actor,
                obj=binding,
                data={"proxy": proxy.pk, "principal": principal.pk, "relation": relation, "consent": consent},
            )
    except IntegrityError:  # the same pair bound concurrently: the partial unique constraint
        raise Conflict(_("This binding exists already."), code="already_bound") from None
    return binding


def proxy_unbind(*, binding_id: int, person: Person | None = None, teller=None) -> ProxyBinding:
    """Either side may end a binding (signed in as a citizen), or a teller at a window."""
    with transaction.atomic():
        binding = (
            ProxyBinding.objects.select_for_update().filter(pk=binding_id, ended_at__isnull=True).first()
        )
        if binding is None:
            raise NotFound(_("There is no such binding."))
        if teller is not None:
            require(teller, "people.proxy.bind", binding.principal)
        elif person is None or person.pk not in (binding.proxy_id, binding.principal_id):
            raise NotAllowed()
        binding.ended_at = timezone.now()
        binding.save(update_fields=["ended_at"])
        log_action(
            "people.proxy.unbound",
            actor=teller,
            obj=binding,
            data={"by_person": person.pk if person else None, "proxy": binding.proxy_id},
        )
    return binding
