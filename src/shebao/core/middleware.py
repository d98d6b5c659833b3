from django.shortcuts import redirect
from django.urls import reverse

from shebao.core.models import ROLES_REQUIRING_TOTP
from shebao.core.permissions import profile_of
from shebao.core.stamps import DEVICES, Stamped

ELDER_COOKIE = "shebao_elder"


class ElderModeMiddleware:
    """Large-type mode (长辈版) is a per-browser preference kept in a cookie, so it also works for
    citizens who never sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.elder_mode = request.COOKIES.get(ELDER_COOKIE) == "1"
        return self.get_response(request)


# Whether a user has a confirmed second-factor device, by user: asked on every request of staff who may opt
# in and have not passed one, kept while the devices stamp is unchanged (an enrolment counts at once).
_ENROLLED: Stamped[bool] = Stamped(DEVICES)


def needs_second_factor(user) -> bool:
    from django_otp import user_has_device

    profile = profile_of(user)
    must = user.is_superuser or (profile is not None and profile.has_role(*ROLES_REQUIRING_TOTP))
    return must or _ENROLLED.get(user.pk, lambda: user_has_device(user, confirmed=True))


class StaffSecondFactorMiddleware:
    """A signed-in user who must pass a second factor sees only the enrol/verify pages until they do."""

    ALLOWED_NAMES = ("core:otp_setup", "core:otp_verify", "core:logout", "set_language", "core:elder_mode")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and needs_second_factor(user)
            and not self._allowed(request.path)
        ):
            return redirect(self._target(user))
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        allowed = {reverse(name) for name in self.ALLOWED_NAMES}
        return path in allowed or path.startswith(("/static/", "/healthz"))

    def _target(self, user) -> str:
        from django_otp import user_has_device

        return reverse("core:otp_verify" if user_has_device(user, confirmed=True) else "core:otp_setup")


class ApplicationErrorMiddleware:
    """Pages: a domain error raised anywhere in a view becomes a localised error page with its status, its
    reason and what to do next (core.errorpages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from shebao.core.errorpages import error_page
        from shebao.core.errors import ApplicationError

        if isinstance(exception, ApplicationError):
            return error_page(request, exception)
        return None
