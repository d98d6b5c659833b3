import threading

import pytest
from django.db import connection

from shebao.cases import services
from shebao.cases.models import CaseStep
from shebao.cases.tests.helpers import new_key
from shebao.core.errors import Conflict
from shebao.core.models import Role
from shebao.testing import make_staff


def run_all(funcs):
    barrier = threading.Barrier(len(funcs))
    outcomes = [None] * len(funcs)

    def wrap(i, func):
        try:
            barrier.wait()
            outcomes[i] = func()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, f)) for i, f in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def reviewers(world):
    return [make_staff(f"rev{i}", f"审核{i}", world.cast.yuzhong, [Role.REVIEWER]) for i in range(6)]


def accept(world):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        idempotency_key=new_key(),
    ).case


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_never_hold_the_same_step(world, reviewers):
    if connection.vendor != "postgresql":
        pytest.skip("row locks mean nothing on SQLite, which runs one writer at a time")
    case = accept(world)
    outcomes = run_all([lambda u=u: services.case_claim(user=u, number=case.number) for u in reviewers])
    wins = [o for o in outcomes if isinstance(o, CaseStep)]
    assert len(wins) == 1
    assert all(isinstance(o, Conflict) for o in outcomes if not isinstance(o, CaseStep))
    assert CaseStep.objects.get(case=case, position=1).claimed_by_id == wins[0].claimed_by_id


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_reviewers_pulling_work_at_once_get_different_cases(world, reviewers):
    if connection.vendor != "postgresql":
        pytest.skip("skip_locked needs PostgreSQL")
    cases = [accept(world) for _ in range(4)]
    outcomes = run_all([lambda u=u: services.case_claim_next(user=u) for u in reviewers])
    claimed = [o.case_id for o in outcomes if isinstance(o, CaseStep)]
    assert sorted(claimed) == sorted(c.pk for c in cases)  # each case once; two reviewers got nothing
    assert sum(o is None for o in outcomes) == 2


def test_claim_next_picks_the_most_urgent_case_the_user_may_take(world, reviewers):
    first, second = accept(world), accept(world)
    step = services.case_claim_next(user=reviewers[0])
    assert step.case_id == first.pk
    assert services.case_claim_next(user=reviewers[1]).case_id == second.pk
    assert services.case_claim_next(user=world.cast.approver) is None  # reviews not done yet
