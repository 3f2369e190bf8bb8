from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.versioning import VersionedFormMixin

from .models import PublicSection


class PublicationForm(VersionedFormMixin, forms.Form):
    is_published = forms.BooleanField(
        label=_("Mettre la page publique en ligne"),
        required=False,
        help_text=_(
            "En ligne, la page et la brochure sont ouvertes à tous, sans connexion. "
            "Elles ne montrent jamais de contact ni de nom de personne."
        ),
    )
    introduction = forms.CharField(
        label=_("Texte d'introduction"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Affiché en tête de la page et sur la couverture de la brochure."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Rubriques publiées"),
        required=False,
        choices=PublicSection.choices,
        widget=forms.CheckboxSelectMultiple,
    )
