"""Issue 13: exclusive posts (岗位互斥). Posts one person must not hold together (a configurable table,
seeded: accept + approve of fund payments, approve + audit) cannot be granted together; granting is refused
with the conflict named; existing conflicts are listed for administrators."""

import pytest
from django.contrib.auth import get_user_model

from shebao.core import services
from shebao.core.errors import ValidationFailed
from shebao.core.models import AuditEntry, ExclusivePosts, Role, StaffRole
from shebao.testing import make_staff


def _create(roles):
    return services.staff_create(
        username="new.staff",
        password="Correct-Horse-42-battery",
        display_name="新员工",
        agency_code="500103",
        roles=roles,
        actor=None,
    )


def test_the_seeded_table_holds_the_common_pairs(cast):
    pairs = set(ExclusivePosts.objects.values_list("post", "other"))
    assert {("approver", "teller"), ("approver", "auditor")} <= pairs


def test_creating_staff_with_two_exclusive_posts_is_refused_with_the_conflict_named(cast):
    with pytest.raises(ValidationFailed) as refused:
        _create([Role.TELLER, Role.APPROVER])
    assert "受理与审批基金支付" in str(refused.value.fields["roles"])
    assert not get_user_model().objects.filter(username="new.staff").exists()
    assert _create([Role.TELLER, Role.GUIDE]).has_role(Role.GUIDE)


def test_granting_a_post_exclusive_with_one_held_is_refused_and_another_is_granted(cast):
    profile = cast.approver.staff
    with pytest.raises(ValidationFailed) as refused:
        services.staff_grant_role(actor=cast.admin, profile=profile, role=Role.AUDITOR)
    assert refused.value.code == "exclusive_posts" and "审批与稽核" in str(refused.value.message)
    assert not StaffRole.objects.filter(profile=profile, role=Role.AUDITOR).exists()
    services.staff_grant_role(actor=cast.admin, profile=profile, role=Role.MANAGER)
    assert StaffRole.objects.filter(profile=profile, role=Role.MANAGER).exists()
    assert AuditEntry.objects.filter(action="core.staff.role_granted").count() == 1


def test_the_table_is_configurable(cast):
    services.staff_grant_role(actor=cast.admin, profile=cast.reviewer.staff, role=Role.MANAGER)
    ExclusivePosts.objects.create(post=Role.REVIEWER, other=Role.APPROVER, reason="初审与审批分设")
    with pytest.raises(ValidationFailed):
        services.staff_grant_role(actor=cast.admin, profile=cast.reviewer.staff, role=Role.APPROVER)


def test_administrators_see_the_conflicts_granted_before_a_pair_was_listed(client, cast):
    from shebao.testing import signed_in_with_second_factor

    make_staff("old.hand", "老经办", cast.yuzhong, [Role.APPROVER, Role.AUDITOR])
    page = signed_in_with_second_factor(client, cast.admin).get("/admin/core/exclusiveposts/")
    text = page.content.decode()
    assert page.status_code == 200 and "老经办" in text and "审批与稽核" in text
    assert "张初审" not in text  # a reviewer alone holds no conflict


def test_the_admins_role_inline_refuses_a_pair_and_keeps_the_roles(client, cast):
    from shebao.testing import signed_in_with_second_factor

    profile = cast.teller.staff
    held = list(profile.roles.order_by("id"))
    form = {
        "user": cast.teller.pk,
        "agency": profile.agency_id,
        "outlet": profile.outlet_id,
        "display_name": profile.display_name,
        "phone": "",
        "active": "on",
        "roles-TOTAL_FORMS": str(len(held) + 1),
        "roles-INITIAL_FORMS": str(len(held)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        f"roles-{len(held)}-role": Role.APPROVER,
        f"roles-{len(held)}-profile": profile.pk,
    }
    for n, row in enumerate(held):
        form.update({f"roles-{n}-id": row.pk, f"roles-{n}-role": row.role, f"roles-{n}-profile": profile.pk})
    admin = signed_in_with_second_factor(client, cast.admin)
    response = admin.post(f"/admin/core/staffprofile/{profile.pk}/change/", form)
    assert response.status_code == 200 and "受理与审批基金支付" in response.content.decode()
    assert not profile.roles.filter(role=Role.APPROVER).exists()
