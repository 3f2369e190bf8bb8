"""Pages that edit the findings (blocks and their statements), the key figures and a survey's
description and totals: the coordination and the CAF. Every view goes through convention_view(perm)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.views import render_form
from ctg_pilote.core.versioning import save_or_refuse

from . import perms, services
from .forms import KeyFigureForm, SurveyForm, SynthesisBlockForm, SynthesisItemForm
from .history import save_form_with_history
from .models import EditKind, SynthesisItem


def _with_history(request, convention, form, kind):
    def write():
        save_form_with_history(form, convention=convention, user=request.user, kind=kind)

    return write


def _back_to_block(convention, block):
    return redirect(reverse("diagnostic:syntheses", args=[convention.slug]) + f"#bloc-{block.pk}")


@convention_view(perms.can_edit_diagnostic)
def block_edit(request, convention, pk=None):
    block = get_object_or_404(convention.synthesis_blocks, pk=pk) if pk else None
    form = SynthesisBlockForm(request.POST or None, instance=block, convention=convention)
    if block is None and request.method == "POST":
        form.instance.position = convention.synthesis_blocks.count()
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, _with_history(request, convention, form, EditKind.BLOCK))
    ):
        messages.success(request, _("Bloc « %(t)s » enregistré.") % {"t": form.instance.heading})
        return _back_to_block(convention, form.instance)
    title = _("Modifier le bloc de synthèse") if block else _("Ajouter un bloc de synthèse")
    delete_url = (
        reverse("diagnostic:block_delete", args=[convention.slug, block.pk]) if block else None
    )
    return render_form(request, convention, form, title, delete_url=delete_url)


@convention_view(perms.can_edit_diagnostic)
@require_POST
def block_move(request, convention, pk):
    block = get_object_or_404(convention.synthesis_blocks, pk=pk)
    services.move_block(block=block, offset=-1 if request.POST.get("direction") == "up" else 1)
    return _back_to_block(convention, block)


@convention_view(perms.can_edit_diagnostic)
@require_POST
def block_delete(request, convention, pk):
    block = get_object_or_404(convention.synthesis_blocks, pk=pk)
    services.delete_block(block=block)
    messages.success(request, _("Bloc « %(t)s » supprimé.") % {"t": block.heading})
    return redirect("diagnostic:syntheses", convention.slug)


def _item_of(convention, pk) -> SynthesisItem:
    return get_object_or_404(
        SynthesisItem.objects.select_related("block"), block__convention=convention, pk=pk
    )


@convention_view(perms.can_edit_diagnostic)
def item_edit(request, convention, pk=None, block_pk=None):
    item = _item_of(convention, pk) if pk else None
    block = item.block if item else get_object_or_404(convention.synthesis_blocks, pk=block_pk)
    form = SynthesisItemForm(request.POST or None, instance=item, block=block)
    if item is None and request.method == "POST":
        form.instance.position = block.items.count()
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, _with_history(request, convention, form, EditKind.ITEM))
    ):
        messages.success(request, _("Élément de synthèse enregistré."))
        return _back_to_block(convention, block)
    title = (
        _("Modifier l'élément de synthèse")
        if item
        else _("Ajouter un élément au bloc « %(t)s »") % {"t": block.heading}
    )
    delete_url = (
        reverse("diagnostic:item_delete", args=[convention.slug, item.pk]) if item else None
    )
    return render_form(request, convention, form, title, delete_url=delete_url)


@convention_view(perms.can_edit_diagnostic)
@require_POST
def item_move(request, convention, pk):
    item = _item_of(convention, pk)
    services.move_item(item=item, offset=-1 if request.POST.get("direction") == "up" else 1)
    return _back_to_block(convention, item.block)


@convention_view(perms.can_edit_diagnostic)
@require_POST
def item_delete(request, convention, pk):
    item = _item_of(convention, pk)
    services.delete_item(item=item)
    messages.success(request, _("Élément de synthèse supprimé."))
    return _back_to_block(convention, item.block)


@convention_view(perms.can_edit_diagnostic)
def key_figure_edit(request, convention, pk=None):
    figure = get_object_or_404(convention.key_figures, pk=pk) if pk else None
    form = KeyFigureForm(request.POST or None, instance=figure, convention=convention)
    if figure is None and request.method == "POST":
        form.instance.position = convention.key_figures.count()
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request, form, _with_history(request, convention, form, EditKind.KEY_FIGURE)
        )
    ):
        messages.success(
            request, _("Chiffre clé « %(t)s » enregistré.") % {"t": form.instance.label}
        )
        return redirect(
            reverse("diagnostic:portrait", args=[convention.slug]) + f"#chiffre-{form.instance.pk}"
        )
    title = _("Modifier le chiffre clé") if figure else _("Ajouter un chiffre clé")
    delete_url = (
        reverse("diagnostic:key_figure_delete", args=[convention.slug, figure.pk])
        if figure
        else None
    )
    return render_form(request, convention, form, title, delete_url=delete_url)


@convention_view(perms.can_edit_diagnostic)
@require_POST
def key_figure_delete(request, convention, pk):
    figure = get_object_or_404(convention.key_figures, pk=pk)
    services.delete_key_figure(figure=figure)
    messages.success(request, _("Chiffre clé « %(t)s » supprimé.") % {"t": figure.label})
    return redirect("diagnostic:portrait", convention.slug)


@convention_view(perms.can_edit_diagnostic)
def survey_edit(request, convention, pk=None):
    """A survey known by its totals is written here; raw answers come from an import."""
    survey = get_object_or_404(convention.surveys, pk=pk) if pk else None
    form = SurveyForm(request.POST or None, instance=survey, convention=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, form.save_versioned)
    ):
        messages.success(request, _("Enquête « %(t)s » enregistrée.") % {"t": form.instance.title})
        return redirect("diagnostic:survey_detail", convention.slug, form.instance.pk)
    title = _("Modifier l'enquête") if survey else _("Décrire une enquête")
    return render_form(request, convention, form, title)
