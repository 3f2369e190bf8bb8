"""The coordination's choices of what to publish (private pages under the CTG)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.perms import can_edit
from ctg_pilote.core.versioning import save_or_refuse

from . import perms, services
from .content import publication_of
from .forms import PublicationForm
from .models import PublicSection


def _initial(publication) -> dict:
    return {
        "is_published": publication.is_published,
        "introduction": publication.introduction,
        "sections": publication.sections,
        "version": 0 if publication._state.adding else publication.version,
    }


@convention_view(perms.can_view_publication_settings)
def settings(request, convention):
    publication = publication_of(convention)
    editable = perms.can_edit_publication(request.user, convention)
    form = PublicationForm(initial=_initial(publication))
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
    publication = publication_of(convention)
    form = PublicationForm(request.POST, initial=_initial(publication))
    if form.is_valid() and save_or_refuse(
        request,
        form,
        lambda: services.save_publication(
            convention=convention,
            is_published=form.cleaned_data["is_published"],
            introduction=form.cleaned_data["introduction"],
            sections=form.cleaned_data["sections"],
            expected_version=form.expected_version,
        ),
    ):
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
            "publication": publication,
            "form": form,
            "editable": True,
            "can_edit": True,
        },
        status=409 if getattr(form, "stale", None) else 400,
    )
