"""« Premiers pas » of a new CTG: what its creator is offered right after creating it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.perms import can_edit
from ctg_pilote.governance.models import Phase

from . import first_steps
from .forms import FirstStepsForm


def _form(convention, data=None) -> FirstStepsForm:
    return FirstStepsForm(
        data,
        instances=first_steps.missing_instances(convention),
        phases=not Phase.objects.filter(convention=convention).exists(),
        thematiques=first_steps.missing_core_thematiques(convention),
    )


@convention_view(can_edit)
def start(request, convention):
    form = _form(convention, request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = first_steps.start_convention(
            convention=convention,
            instances=form.chosen_instances(),
            phases=form.cleaned_data.get("phases", False),
            thematiques=form.cleaned_data.get("thematiques", False),
        )
        added = [i.name for i in started.instances]
        if started.phases:
            added.append(_("%(n)d phases de la démarche") % {"n": len(started.phases)})
        if started.thematiques:
            added.append(_("%(n)d thématiques socle") % {"n": len(started.thematiques)})
        if added:
            messages.success(request, _("Ajouté à la CTG : %(list)s.") % {"list": ", ".join(added)})
        return redirect(convention)
    return render(
        request,
        "collaboration/start.html",
        {
            "convention": convention,
            "form": form,
            "steps": first_steps.checklist(convention),
            "can_edit": True,  # the header's « Membres et rôles »: this page asks can_edit
        },
    )
