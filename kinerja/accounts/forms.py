from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kinerja.accounts import lockout
from kinerja.core.forms import BootstrapMixin
from kinerja.org.rules import normalize_nip


class LoginForm(BootstrapMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("NIP"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("NIP atau kata sandi salah. Periksa kembali; akun terkunci setelah beberapa kali gagal."),
        "inactive": _("Akun ini tidak aktif. Hubungi admin kepegawaian."),
    }

    def get_invalid_login_error(self):
        # After a wrong password, say how many tries are left before the lockout.
        if self.request is not None:
            return forms.ValidationError(lockout.failed_login_message(self.request), code="invalid_login")
        return super().get_invalid_login_error()

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        # People paste NIPs with the display spaces ("19800101 200501 1 001").
        digits = normalize_nip(value)
        return digits if digits.isdigit() else value
