from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

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
        "invalid_login": _(
            "The user name or password is wrong. After %(limit)s wrong attempts in a row the account "
            "is locked."
        ),
        "otp_required": _("Please enter the 6-digit code from your authenticator app."),
        "otp_invalid": _("The authenticator code is wrong or has expired."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )

    def clean(self):
        cleaned = super().clean()
        self.otp_device = None
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            token = (cleaned.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
            self.otp_device = match_token(user, token)
            if self.otp_device is None:
                raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
        return cleaned


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
