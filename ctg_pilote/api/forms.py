from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("À quoi il sert, pour le reconnaître : « Tableau de bord départemental »."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_days = settings.CTG_API_TOKEN_MAX_DAYS
        # Built here: the maximum comes from the settings of the running server.
        self.fields["days"] = forms.IntegerField(
            label=_("Durée de validité (jours)"),
            min_value=1,
            max_value=max_days,
            initial=min(90, max_days),
            help_text=_("Au plus %(max)s jours ; à son expiration, créez-en un autre.")
            % {"max": max_days},
            error_messages={"max_value": _("Un jeton vit au plus %(limit_value)s jours.")},
        )
