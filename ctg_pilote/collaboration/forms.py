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


class FirstStepsForm(forms.Form):
    """What a new CTG is offered, each box checked: only what it lacks is offered."""

    def __init__(self, *args, instances=(), phases=False, thematiques=(), **kwargs):
        super().__init__(*args, **kwargs)
        # An unbound form shows the boxes checked; a bound one reads what was sent.
        for kind in instances:
            self.fields[f"instance_{kind.value}"] = forms.BooleanField(
                label=kind.label, required=False, initial=True
            )
        if phases:
            self.fields["phases"] = forms.BooleanField(
                label=_("Les phases de la démarche (celles de la CNAF, sans dates)"),
                required=False,
                initial=True,
                help_text=_(
                    "Engagement, diagnostic partagé, enjeux, plan d'action, réalisation, "
                    "évaluation : vous les renommez, datez ou supprimez ensuite."
                ),
            )
        if thematiques:
            self.fields["thematiques"] = forms.BooleanField(
                label=_("Les thématiques socle de la CNAF"),
                required=False,
                initial=True,
                help_text=", ".join(t.label for t in thematiques),
            )

    def chosen_instances(self) -> list[str]:
        return [
            name.removeprefix("instance_")
            for name, value in self.cleaned_data.items()
            if name.startswith("instance_") and value
        ]
