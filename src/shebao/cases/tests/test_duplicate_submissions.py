import threading

import pytest
from django.db import connection

from shebao.cases import services
from shebao.cases.models import Case, Submission
from shebao.core.errors import Conflict

RECEIVED = {"resident_id_card", "unemployment_registration"}


def accept(world, key, received=RECEIVED):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=received,
        idempotency_key=key,
    )


def test_a_retry_with_the_same_key_returns_the_first_case(world):
    first = accept(world, "retry-1")
    again = accept(world, "retry-1")
    assert first.created and not again.created
    assert again.case.pk == first.case.pk and Case.objects.count() == 1


def test_the_same_key_for_a_different_application_is_refused(world):
    accept(world, "retry-2")
    with pytest.raises(Conflict) as caught:
        accept(world, "retry-2", received=RECEIVED | {"termination_certificate"})
    assert caught.value.code == "idempotency_key_reused"
    assert Case.objects.count() == 1


def test_keys_are_per_submitting_user(world):
    from shebao.core.models import Role
    from shebao.network.models import AgreementStaff, Step
    from shebao.testing import make_staff

    other = make_staff("teller2", "钱柜员", world.cast.jiangbei, [Role.TELLER], outlet=world.cast.bank_point)
    AgreementStaff.objects.create(agreement=world.agreement, staff=other.staff, step=Step.ACCEPT)
    accept(world, "shared-key")
    services.case_accept(
        teller=other,
        person=world.cast.person,
        item_code="T-UNE",
        received=RECEIVED,
        idempotency_key="shared-key",
    )
    assert Case.objects.count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_make_exactly_one_case(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the race needs PostgreSQL's concurrent transactions")
    results, errors = [], []
    barrier = threading.Barrier(8)

    def submit():
        try:
            barrier.wait()
            results.append(accept(world, "race-key").case.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 8
    assert Submission.objects.count() == 1 and Case.objects.count() == 1
