from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import match_token, user_has_device

from shebao.core import signin_guard
from shebao.core.context_processors import signin_policy
from shebao.core.idcards import DOC_TYPE_LABELS, DocType


class LabelsAbove:
    """Labels stand above their fields, like every label written by hand on our pages: no colon (Django's
    default suffix is an ASCII ":" in its Chinese catalogue too, which reads "证件类型:")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StaffLoginForm(LabelsAbove, AuthenticationForm):
    """Password, plus the 6-digit code from the authenticator app for staff who have one set up.

    A wrong password and a wrong or missing code get the same answer, so the page never confirms a
    password before the second factor; both count towards the lock-outs (core.signin_guard)."""

    otp_token = forms.CharField(
        label=_("Authenticator code (if you have set one up)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name, password or authenticator code is wrong. After %(limit)s wrong attempts in a "
            "row, signing in to this account from here is locked for %(minutes)s minutes."
        ),
        "otp_invalid": _("The authenticator code is wrong or has expired."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT, "minutes": signin_policy()["lockout_minutes"]},
        )

    def clean(self):
        self.otp_device = None
        username = (self.cleaned_data.get("username") or "").strip()
        token = (self.cleaned_data.get("otp_token") or "").strip()
        self._refuse_if_limited(username, token)
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.otp_device = match_token(user, token) if token else None
            if self.otp_device is None:
                self._second_factor_failed(username)
        elif user is not None and token and signin_guard.account_needs_second_factor(username):
            # Past the account's limit only the second factor signs in, and this account has none.
            self._second_factor_failed(username)
        return cleaned

    def _refuse_if_limited(self, username: str, token: str) -> None:
        """Refusals that are decided before the password is checked, so they reveal nothing about it."""
        wait = signin_guard.address_blocked(self.request)
        if wait:
            message = ngettext(
                "Too many wrong sign-ins from this network. Please try again in %(minutes)s minute.",
                "Too many wrong sign-ins from this network. Please try again in %(minutes)s minutes.",
                wait,
            )
            raise forms.ValidationError(message, code="address_blocked", params={"minutes": wait})
        wait = signin_guard.account_needs_second_factor(username) if username else 0
        if wait and not token:
            message = ngettext(
                "This account has had many wrong sign-in attempts. Sign in with the code from your "
                "authenticator app as well, or try again in %(minutes)s minute.",
                "This account has had many wrong sign-in attempts. Sign in with the code from your "
                "authenticator app as well, or try again in %(minutes)s minutes.",
                wait,
            )
            raise forms.ValidationError(message, code="second_factor_needed", params={"minutes": wait})

    def _second_factor_failed(self, username: str) -> None:
        """Counted like a wrong password (django-axes and our limits listen to this signal), answered
        like one."""
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
        raise self.get_invalid_login_error()


class StaffPasswordChangeForm(LabelsAbove, PasswordChangeForm):
    pass


class OtpTokenForm(LabelsAbove, forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class IdCheckForm(LabelsAbove, forms.Form):
    doc_type = forms.ChoiceField(
        label=_("Document type"), choices=[(t.value, DOC_TYPE_LABELS[t]) for t in DocType]
    )
    number = forms.CharField(label=_("Document number"), max_length=40)
