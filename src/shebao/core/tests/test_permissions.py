"""One place answers "may this actor do this": undeclared actions fail closed, inactive staff do nothing."""

import pytest

from shebao.core.errors import NotAllowed
from shebao.core.permissions import can, declared_actions, require, rule
from shebao.testing import under_agreement

pytestmark = pytest.mark.django_db


def test_an_action_nobody_declared_is_refused_even_to_an_admin(cast):
    assert "core.nothing.declared" not in declared_actions()
    assert not can(cast.admin, "core.nothing.declared")


def test_declaring_the_same_rule_twice_is_an_error():
    with pytest.raises(RuntimeError):
        rule("core.staff_home.view")(lambda staff, obj: True)


def test_a_deactivated_member_of_staff_is_refused_what_they_could_do_before(cast):
    under_agreement(cast)
    assert can(cast.teller, "people.person.view", cast.person)
    cast.teller.staff.active = False
    cast.teller.staff.save()
    cast.teller.refresh_from_db()
    assert not can(cast.teller, "people.person.view", cast.person)


def test_require_raises_the_domain_error_for_the_outsider(cast):
    with pytest.raises(NotAllowed):
        require(cast.outsider, "people.person.view", cast.person)


def test_a_user_without_a_staff_profile_is_refused(django_user_model, cast):
    citizen = django_user_model.objects.create_user("citizen", password="x")
    assert not can(citizen, "people.person.search")


def test_back_office_sees_only_persons_of_its_own_agency_tree(cast):
    assert can(cast.reviewer, "people.person.view", cast.person)
    assert can(cast.auditor, "people.person.view", cast.person)  # municipal agency covers every district
    assert not can(cast.outsider, "people.person.view", cast.person)


def test_only_auditors_and_admins_open_the_audit_log(cast):
    assert can(cast.auditor, "core.audit.view")
    assert not can(cast.teller, "core.audit.view")
    assert not can(cast.outsider, "core.audit.view")
