"""State changes of the core app: every one validated, in one transaction, audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, ValidationFailed
from shebao.core.models import Agency, Outlet, Role, StaffProfile, StaffRole
from shebao.core.posts import check_posts, conflicts_among


def staff_create(
    *,
    username: str,
    password: str,
    display_name: str,
    agency_code: str,
    roles: list[str],
    outlet_code: str = "",
    actor=None,
) -> StaffProfile:
    """A member of staff with a profile and roles. `actor` is None only when an operator creates the first
    administrator from the command line (`python -m shebao create-staff`): everyone else uses the admin."""
    username, display_name = (username or "").strip(), (display_name or "").strip()
    fields: dict[str, str] = {}
    unknown = sorted(set(roles) - set(Role.values))
    if not roles or unknown:
        fields["roles"] = _("Choose one or more of: %(roles)s.") % {"roles": ", ".join(Role.values)}
    elif conflicts := conflicts_among(roles):
        fields["roles"] = conflicts[0].describe()
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        fields["agency"] = _("No agency has this code.")
    outlet = Outlet.objects.filter(code=outlet_code).first() if outlet_code else None
    if outlet_code and outlet is None:
        fields["outlet"] = _("No outlet has this code.")
    if not username or not display_name:
        fields["username" if not username else "display_name"] = _("This field is required.")
    user_model = get_user_model()
    try:
        validate_password(password, user=user_model(username=username))
    except ValidationError as error:
        fields["password"] = " ".join(error.messages)
    if fields:
        raise ValidationFailed(fields=fields)
    if user_model.objects.filter(username=username).exists():
        raise Conflict(_("This user name is taken."), code="duplicate_username")
    with transaction.atomic():
        is_admin = Role.ADMIN in roles
        user = user_model.objects.create_user(
            username=username, password=password, is_staff=is_admin, is_superuser=is_admin
        )
        profile = StaffProfile.objects.create(
            user=user, agency=agency, outlet=outlet, display_name=display_name
        )
        StaffRole.objects.bulk_create([StaffRole(profile=profile, role=role) for role in sorted(set(roles))])
        log_action("core.staff.created", actor=actor, obj=user, data={"roles": sorted(set(roles))})
    return profile


def staff_grant_role(*, actor, profile: StaffProfile, role: str) -> StaffRole:
    """Give a member of staff one more post, refused (the conflict named) when it is exclusive with one
    they hold (岗位互斥)."""
    if role not in Role.values:
        raise ValidationFailed(fields={"role": _("Unknown role.")})
    with transaction.atomic():
        profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
        held = set(profile.roles.values_list("role", flat=True))
        if role in held:
            return profile.roles.get(role=role)
        check_posts(held | {role})
        granted = StaffRole.objects.create(profile=profile, role=role)
        log_action("core.staff.role_granted", actor=actor, obj=profile.user, data={"role": role})
    return granted
