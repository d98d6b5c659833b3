import threading

import pytest
from django.db import connection

from shebao.core.errors import Conflict, NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry
from shebao.people import proxies
from shebao.people.citizen_models import ProxyBinding
from shebao.people.tests.citizen_helpers import last_code, person_with_phone, sign_in

MOTHER = "500103195303071224"  # the cast's person, 李秀英, phone 13812345678
SON, SON_PHONE = "500103198001011238", "13900001111"


@pytest.fixture
def son(cast):
    return person_with_phone("王小明", SON, SON_PHONE)


def relatives(n):
    return [
        person_with_phone(f"亲属{i}", f"E{i:08d}", f"1370000{i:04d}", doc_type="passport") for i in range(n)
    ]


def test_a_citizen_binds_a_relative_who_consents_with_the_code_sent_to_her_phone(client, cast, son):
    sign_in(client, SON, SON_PHONE)
    asked = client.post("/my/proxies/add/", {"number": MOTHER, "relation": "parent"})
    assert asked.status_code == 302
    code = last_code(cast.person.phone)  # the mother's phone, not the son's
    assert client.post("/my/proxies/confirm/", {"code": code}).status_code == 302
    binding = ProxyBinding.objects.get()
    assert (binding.proxy, binding.principal, binding.consent) == (son, cast.person, "text")
    assert "李**" in client.get("/my/").content.decode()
    assert AuditEntry.objects.filter(action="people.proxy.bound").count() == 1


def test_a_wrong_consent_code_binds_nobody(client, cast, son):
    sign_in(client, SON, SON_PHONE)
    client.post("/my/proxies/add/", {"number": MOTHER, "relation": "parent"})
    code = last_code(cast.person.phone)
    assert (
        client.post("/my/proxies/confirm/", {"code": str((int(code) + 1) % 10**6).zfill(6)}).status_code
        == 422
    )
    assert not ProxyBinding.objects.exists()


def test_nobody_binds_themselves(client, cast, son):
    sign_in(client, SON, SON_PHONE)
    response = client.post("/my/proxies/add/", {"number": SON, "relation": "parent"})
    assert response.status_code == 422 and not ProxyBinding.objects.exists()


def test_one_person_acts_for_at_most_four_people(cast, son):
    for person in relatives(4):
        proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=person, relation="relative")
    with pytest.raises(Conflict) as caught:
        proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=cast.person, relation="parent")
    assert caught.value.code == "proxy_limit"
    first = ProxyBinding.objects.filter(proxy=son).first()
    proxies.proxy_unbind(binding_id=first.pk, person=son)
    proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=cast.person, relation="parent")
    assert ProxyBinding.objects.filter(proxy=son, ended_at__isnull=True).count() == 4


def test_the_limit_is_checked_before_a_consent_code_is_sent(cast, son):
    for person in relatives(4):
        proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=person, relation="relative")
    with pytest.raises(Conflict):
        proxies.proxy_consent_request(proxy=son, number=MOTHER, relation="parent", client="1.2.3.4")


def test_binding_the_same_pair_twice_is_refused(cast, son):
    proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=cast.person, relation="parent")
    with pytest.raises(Conflict) as caught:
        proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=cast.person, relation="parent")
    assert caught.value.code == "already_bound"


def test_only_a_teller_binds_at_a_window_and_the_outsider_is_refused(cast, son):
    for user in (cast.outsider, cast.reviewer, cast.manager):
        with pytest.raises(NotAllowed):
            proxies.proxy_bind_at_window(teller=user, proxy=son, principal=cast.person, relation="parent")
    with pytest.raises(ValidationFailed):
        proxies.proxy_bind_at_window(teller=cast.teller, proxy=son, principal=cast.person, relation="cousin")
    assert not ProxyBinding.objects.exists()


def test_the_window_page_needs_the_person_present(client, cast, son):
    client.force_login(cast.teller)
    url = f"/staff/persons/{cast.person.pk}/proxies/"
    refused = client.post(url, {"number": SON, "relation": "parent"})
    assert refused.status_code == 422 and not ProxyBinding.objects.exists()
    client.post(url, {"number": SON, "relation": "parent", "present": "1"})
    assert ProxyBinding.objects.get().witnessed_by == cast.teller
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403


def test_either_side_may_end_a_binding_and_a_stranger_may_not(client, cast, son):
    binding = proxies.proxy_bind_at_window(
        teller=cast.teller, proxy=son, principal=cast.person, relation="parent"
    )
    stranger = relatives(1)[0]
    with pytest.raises(NotAllowed):
        proxies.proxy_unbind(binding_id=binding.pk, person=stranger)
    sign_in(client, MOTHER, cast.person.phone)
    assert client.post(f"/my/proxies/{binding.pk}/end/").status_code == 302
    binding.refresh_from_db()
    assert binding.ended_at is not None
    assert AuditEntry.objects.filter(action="people.proxy.unbound").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_binds_never_pass_the_limit(cast, son):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL")
    principals = relatives(7)
    barrier = threading.Barrier(len(principals))
    outcomes = []

    def bind(principal):
        try:
            barrier.wait()
            proxies.proxy_bind_at_window(
                teller=cast.teller, proxy=son, principal=principal, relation="relative"
            )
            outcomes.append("bound")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=bind, args=(p,)) for p in principals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["bound"] * 4 + ["proxy_limit"] * 3
    assert ProxyBinding.objects.filter(proxy=son, ended_at__isnull=True).count() == 4
