"""The coordination's choices of what to publish (private pages under the CTG)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.perms import can_edit

from . import perms, services
from .content import publication_of
from .forms import PublicationForm
from .models import PublicSection


@convention_view(perms.can_view_publication_settings)
def settings(request, convention):
    publication = publication_of(convention)
    editable = perms.can_edit_publication(request.user, convention)
    initial = {
        "is_published": publication.is_published,
        "introduction": publication.introduction,
        "sections": publication.sections,
    }
    form = PublicationForm(initial=initial)
    return render(
        request,
        "publication/settings.html",
        {
            "convention": convention,
            "publication": publication,
            "form": form,
            "editable": editable,
            "published_labels": [
                label for value, label in PublicSection.choices if value in publication.sections
            ],
            "can_edit": can_edit(request.user, convention),
        },
    )


@convention_view(perms.can_edit_publication)
def edit(request, convention):
    if request.method != "POST":
        return redirect("publication:settings", convention.slug)
    form = PublicationForm(request.POST)
    if form.is_valid():
        services.save_publication(convention=convention, **form.cleaned_data)
        if form.cleaned_data["is_published"]:
            messages.success(
                request, _("La page publique est en ligne avec les rubriques choisies.")
            )
        else:
            messages.success(
                request, _("Vos choix sont enregistrés ; la page publique n'est pas en ligne.")
            )
        return redirect("publication:settings", convention.slug)
    return render(
        request,
        "publication/settings.html",
        {
            "convention": convention,
            "publication": publication_of(convention),
            "form": form,
            "editable": True,
            "can_edit": True,
        },
        status=400,
    )
