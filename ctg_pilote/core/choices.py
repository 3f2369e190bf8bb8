"""Lists that say « Non renseigné » or « Choisir… » instead of Django's « --------- »."""

from django import forms
from django.utils.translation import gettext_lazy as _

NOT_SET = _("Non renseigné")
CHOOSE = _("Choisir…")


def plain_choices(form) -> None:
    """Replace Django's « --------- » in every list of the form: « Non renseigné » where the
    field may stay empty (unknown is a value), « Choisir… » where it is required."""
    for bound_field in form.fields.values():
        label = NOT_SET if not bound_field.required else CHOOSE
        if isinstance(bound_field, forms.ModelChoiceField) and bound_field.empty_label is not None:
            bound_field.empty_label = label
        elif isinstance(bound_field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
            bound_field, forms.ModelChoiceField
        ):
            bound_field.choices = [
                (value, label if value in ("", None) else text)
                for value, text in bound_field.choices
            ]
