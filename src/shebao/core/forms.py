import math

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from shebao.core import signin_guard
from shebao.core.clientaddr import client_address
from shebao.core.idcards import DOC_TYPE_LABELS, DocType


class LabelsAbove:
    """Labels stand above their fields, like every label written by hand on our pages: no colon (Django's
    default suffix is an ASCII ":" in its Chinese catalogue too, which reads "证件类型:")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StaffLoginForm(LabelsAbove, AuthenticationForm):
    """Password, plus the 6-digit code from the authenticator app for staff who have one set up."""

    otp_token = forms.CharField(
        label=_("Authenticator code (if you have set one up)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        # One message whether the password or the code was wrong: the page never confirms a right
        # password before the second factor (core.signin_guard).
        "invalid_login": _(
            "The user name, password or authenticator code is wrong. After %(limit)s wrong attempts in a "
            "row the account is locked here for a while; your authenticator code still lets you in."
        ),
        "otp_invalid": _("The authenticator code is wrong or has expired."),
        "wait": _("Please wait %(seconds)s seconds before you try again."),
        "address_blocked": _(
            "Too many wrong sign-ins from this network. Please try again in %(minutes)s minutes, or ask "
            "your administrator."
        ),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )

    def clean(self):
        self._refuse_while_throttled()
        cleaned = super().clean()
        self.otp_device = None
        user = self.get_user()
        username = cleaned.get("username") or ""
        needs_code = user_has_device(user, confirmed=True) or signin_guard.account_needs_second_factor(
            username
        )
        if user is not None and needs_code:
            token = (cleaned.get("otp_token") or "").strip()
            self.otp_device = match_token(user, token) if token else None
            if self.otp_device is None:  # counted like a wrong password, and answered the same way
                user_login_failed.send(__name__, credentials={"username": username}, request=self.request)
                raise self.get_invalid_login_error()
        return cleaned

    def _refuse_while_throttled(self) -> None:
        address = client_address(self.request)
        blocked = signin_guard.address_blocked(address)
        if blocked is not None:
            minutes = math.ceil(blocked.total_seconds() / 60)
            raise forms.ValidationError(
                self.error_messages["address_blocked"], code="address_blocked", params={"minutes": minutes}
            )
        wait = signin_guard.wait_left(self.cleaned_data.get("username") or "", address)
        if wait is not None:
            seconds = math.ceil(wait.total_seconds())
            raise forms.ValidationError(self.error_messages["wait"], code="wait", params={"seconds": seconds})


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
