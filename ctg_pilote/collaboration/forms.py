from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_COMMENT


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Votre commentaire"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Texte simple. Pour prévenir un membre de la CTG, écrivez @ suivi du début de son "
            "adresse électronique (@coordinateur) ou de son adresse entière."
        ),
    )
