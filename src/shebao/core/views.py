"""Pages of the shell: public home, staff sign-in with second factor, staff home, preferences, health."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core import messaging, selectors, workbench, workdays
from shebao.core.audit import log_action
from shebao.core.forms import IdCheckForm, OtpTokenForm, StaffLoginForm, StaffPasswordChangeForm
from shebao.core.idcards import validate_id
from shebao.core.middleware import ELDER_COOKIE
from shebao.core.models import TextMessage
from shebao.core.permissions import can, require
from shebao.core.qr import svg_data_uri


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def id_check(request: HttpRequest) -> HttpResponse:
    """A public page that checks a document number as a citizen types it (nothing is stored)."""
    form = IdCheckForm(request.GET or None)
    result = None
    if form.is_valid():
        result = validate_id(form.cleaned_data["doc_type"], form.cleaned_data["number"])
    template = "core/_id_check_result.html" if request.htmx else "core/id_check.html"
    return render(request, template, {"form": form, "result": result})


class StaffLoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = StaffLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout as auth_logout

    auth_logout(request)
    return redirect("core:home")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "core.staff_home.view")
    summary = selectors.area_summary(staff) if can(request.user, "core.area.view") else None
    context = {"cards": workbench.cards_for(request.user), "summary": summary}
    return render(request, "core/staff_home.html", context)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, then type one code to confirm."""
    require(request.user, "core.own_account.manage")
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # Whoever holds only the password must not add a device of their own and so skip the code.
        return redirect("core:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log_action("core.staff.second_factor_enrolled", actor=request.user, obj=request.user)
            otp_login(request, device)
            return redirect("core:staff_home")
        form.add_error("token", StaffLoginForm.error_messages["otp_invalid"])
    context = {"form": form, "qr": svg_data_uri(device.config_url), "key": _base32_key(device)}
    return render(request, "core/otp_setup.html", context)


def _base32_key(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.own_account.manage")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect("core:staff_home")
        form.add_error("token", StaffLoginForm.error_messages["otp_invalid"])
    return render(request, "core/otp_verify.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Staff change their own password; AUTH_PASSWORD_VALIDATORS say what is strong enough."""

    template_name = "core/password_change.html"
    form_class = StaffPasswordChangeForm
    success_url = reverse_lazy("core:staff_home")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "core.own_account.manage")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            log_action("core.staff.password_changed", actor=self.request.user, obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch large type on or off for this browser, then go back where the person was."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    turn_on = request.POST.get("on") == "1"
    response.set_cookie(ELDER_COOKIE, "1" if turn_on else "0", max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.audit.view")
    return render(request, "core/audit_log.html", selectors.audit_overview())


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bookmarks ask for /favicon.ico on their own; the icon lives with the static files."""
    return redirect(static("shebao/favicon.ico"), permanent=True)


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # the point of a health check is to report, not to raise
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    healthy = database["status"] == "ok"
    # Entered holiday schedules live in the database: with it down, only the library's years are told.
    calendar = {"known_until": workdays.library_years().stop - 1, "status": "unknown"}
    if healthy:
        calendar = {
            "known_until": workdays.known_until(),
            "status": "outdated" if workdays.calendar_outdated(timezone.localdate()) else "ok",
        }
    body = {
        "status": "ok" if healthy else "error",
        "database": database,
        "working_day_calendar": calendar,
        "version": settings.SHEBAO_VERSION,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def dev_outbox(request: HttpRequest) -> HttpResponse:
    """The demo only (DEMO_OUTBOX, no SMS gateway): texts (sign-in codes, notices) are held here instead
    of reaching a phone. Anywhere else the page does not exist."""
    if not messaging.outbox_shown():
        raise Http404
    recent = TextMessage.objects.order_by("-id")[:50]
    return render(request, "core/dev_outbox.html", {"text_messages": recent})
