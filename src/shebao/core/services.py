"""State changes of the core app: every one validated, in one transaction, audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotAllowed, ValidationFailed
from shebao.core.models import Agency, Outlet, Role, StaffProfile, StaffRole, StandIn
from shebao.core.permissions import profile_of
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


def _may_arrange_stand_ins(actor, holder: StaffProfile) -> bool:
    staff = profile_of(actor)
    return staff is not None and staff.has_role(Role.MANAGER) and staff.agency.covers(holder.agency)


def stand_in_name(*, actor, holder: StaffProfile, stand_in: StaffProfile, role: str) -> StandIn:
    """Name the B角 for one of the holder's posts (a manager over the holder). The stand-in works in the
    same agency, and standing in must not give them a pair of exclusive posts (岗位互斥)."""
    if not _may_arrange_stand_ins(actor, holder):
        raise NotAllowed()
    fields = {}
    if role not in holder.own_role_codes:
        fields["role"] = _("The holder does not hold this post.")
    if stand_in.pk == holder.pk:
        fields["stand_in"] = _("Someone else must stand in.")
    elif stand_in.agency_id != holder.agency_id or not stand_in.active:
        fields["stand_in"] = _("The stand-in must be active staff of the same agency.")
    if fields:
        raise ValidationFailed(fields=fields)
    conflicts = conflicts_among(stand_in.own_role_codes | {role})
    if conflicts:
        raise ValidationFailed(fields={"stand_in": conflicts[0].describe()}, code="exclusive_posts")
    with transaction.atomic():
        named, _created = StandIn.objects.update_or_create(
            holder=holder, role=role, defaults={"stand_in": stand_in}
        )
        log_action(
            "core.stand_in.named",
            actor=actor,
            obj=holder.user,
            data={"role": role, "stand_in": stand_in.user_id, "stand_in_name": stand_in.display_name},
        )
    return named


def stand_in_mark_away(*, actor, holder: StaffProfile, until=None) -> int:
    """The holder is away (leave, training): their stand-ins take over their posts' queues from now, until
    `until` (a date) or until marked back. The holder or a manager over them marks it."""
    if not (actor.pk == holder.user_id or _may_arrange_stand_ins(actor, holder)):
        raise NotAllowed()
    if until is not None and until < timezone.localdate():
        raise ValidationFailed(fields={"until": _("The day of return cannot be in the past.")})
    with transaction.atomic():
        changed = StandIn.objects.filter(holder=holder).update(away_since=timezone.now(), away_until=until)
        if not changed:
            raise ValidationFailed(fields={"holder": _("Name a stand-in first.")}, code="no_stand_in")
        log_action(
            "core.stand_in.holder_away",
            actor=actor,
            obj=holder.user,
            data={"until": until.isoformat() if until else None},
        )
    return changed


def stand_in_mark_back(*, actor, holder: StaffProfile) -> int:
    if not (actor.pk == holder.user_id or _may_arrange_stand_ins(actor, holder)):
        raise NotAllowed()
    with transaction.atomic():
        changed = StandIn.objects.filter(holder=holder).update(away_since=None, away_until=None)
        log_action("core.stand_in.holder_back", actor=actor, obj=holder.user, data={})
    return changed


def standing_in_for(staff: StaffProfile, role: str) -> dict:
    """For the audit of a step taken in `role`: whom this person stood in for, when it is not their own
    post ({} when it is)."""
    if role in staff.own_role_codes:
        return {}
    named = (
        StandIn.objects.covering(timezone.localdate())
        .filter(stand_in=staff, role=role)
        .select_related("holder")
        .first()
    )
    if named is None:
        return {}
    return {"standing_in_for": named.holder.user_id, "standing_in_for_name": named.holder.display_name}
