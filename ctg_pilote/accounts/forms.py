from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttling


class ThrottledSignInMixin:
    """Past too many failures for this account or from this address (throttling.py), even the
    right password is refused until the wait is over. A success erases no failure."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        checks = [("login_address", throttling.client_address(self.request))]
        if username:
            checks.append(("login_account", username))
        seconds = throttling.wait_seconds(*checks)
        if seconds:
            minutes = throttling.in_minutes(seconds)
            raise ValidationError(
                ngettext(
                    "Trop de tentatives de connexion : réessayez dans %(minutes)d minute.",
                    "Trop de tentatives de connexion : réessayez dans %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError as error:
            if self.user_cache is None:  # wrong address or password, not a refused account
                throttling.record(*checks)
            raise error


class LoginForm(ThrottledSignInMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. "
            "Les deux champs tiennent compte des majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class AdminLoginForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The administration's sign-in, under the same limits as the site's."""


class PasswordResetRequestForm(PasswordResetForm):
    """Also reaches accounts created without a password (invited members, imported CTGs).

    Every request counts, whether an account has this address or not, so that neither the
    answer nor the limit tells whether it exists."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if email:
            checks = [
                ("reset_address", throttling.client_address(self.request)),
                ("reset_email", email),
            ]
            seconds = throttling.wait_seconds(*checks)
            if seconds:
                minutes = throttling.in_minutes(seconds)
                raise ValidationError(
                    ngettext(
                        "Trop de tentatives de réinitialisation : réessayez dans %(minutes)d "
                        "minute.",
                        "Trop de tentatives de réinitialisation : réessayez dans %(minutes)d "
                        "minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="throttled",
                )
            throttling.record(*checks)
        return cleaned_data

    def get_users(self, email):
        User = get_user_model()
        return User.objects.filter(email__iexact=email, is_active=True)
