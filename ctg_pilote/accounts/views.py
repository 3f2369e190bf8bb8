from django.contrib.auth import views as auth_views


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with the request given to the form: requests are limited per address."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
