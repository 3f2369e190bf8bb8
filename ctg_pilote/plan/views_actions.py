"""Pages of one fiche action: reading, editing (with the stale-edit check), the pilot's quick
update, notes, documents and indicators."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.core.versioning import StaleEdit, refuse_stale, save_or_refuse

from . import perms, services
from .forms import (
    ActionForm,
    DocumentForm,
    IndicatorForm,
    NoteForm,
    QuickUpdateForm,
    action_formsets,
    formset_rows,
)
from .forms_sections import action_sections
from .models import ACTION_FIELDS, Action, ActionDocument, Indicator, IndicatorOrigin, Node
from .views import _context, _level_names


def _get_action(convention, pk):
    return get_object_or_404(
        Action.objects.select_related("node", "pilot", "convention"), convention=convention, pk=pk
    )


@convention_view(perms.can_view_plan)
def action_detail(request, convention, pk):
    action = _get_action(convention, pk)
    indicators = list(action.indicators.prefetch_related("targets", "values"))
    years = list(range(convention.start_year, convention.end_year + 1))
    for indicator in indicators:
        targets = {t.year: t.value for t in indicator.targets.all()}
        values = {v.year: v for v in indicator.values.all()}
        indicator.rows = [(y, targets.get(y), values.get(y)) for y in years]
    ancestors = []
    node = action.node
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    return render(
        request,
        "plan/action_detail.html",
        _context(
            request,
            convention,
            action=action,
            ancestors=ancestors,
            levels=_level_names(convention),
            indicators=indicators,
            partners=action.partner_roles.select_related("organisation"),
            budget=action.budget_lines.select_related("funder"),
            notes=action.notes.all(),
            changes=action.changes.select_related("author")[:50],
            documents=action.documents.all(),
            can_edit_action=perms.can_edit_action(request.user, action),
            can_follow=perms.can_follow_action(request.user, action),
            note_form=NoteForm(),
            document_form=DocumentForm(),
            max_document_mb=services.MAX_DOCUMENT_SIZE // 1024 // 1024,
            allowed_types=", ".join(sorted(services.ALLOWED_DOCUMENT_TYPES)),
        ),
    )


@convention_view(perms.can_view_plan)
def action_edit(request, convention, pk=None):
    if pk is None:
        return _create_action(request, convention)
    return _edit_action(request, convention, pk=pk)


@requires(perms.can_create_action)
def _create_action(request, convention):
    return _action_form(request, convention, Action(convention=convention))


@requires(perms.can_edit_action, _get_action)
def _edit_action(request, convention, action):
    return _action_form(request, convention, action)


def _action_form(request, convention, action):
    form = ActionForm(request.POST or None, instance=action, convention=convention)
    formsets = action_formsets(convention, action, request.POST or None)
    if not perms.can_reassign_action(request.user, action):
        for name in perms.EDITOR_ONLY_ACTION_FIELDS:
            form.fields[name].disabled = True
    stale = None
    if (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for f in formsets.values())
    ):
        relations = {name: form.cleaned_data[name] for name in ACTION_FIELDS.tracked_relations()}
        values = {
            name: form.cleaned_data[name]
            for name in ACTION_FIELDS.form_fields()
            if name not in relations
        }
        rows = {
            "partner_roles": formset_rows(formsets["partners"]),
            "milestones": formset_rows(formsets["milestones"]),
            "budget_lines": formset_rows(formsets["budget"]),
        }
        try:
            services.update_action(
                action=action,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                values=values,
                relations=relations,
                rows=rows,
                effective_on=form.cleaned_data["effective_on"],
            )
        except StaleEdit as error:
            refuse_stale(request, form, error)
            stale = error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fiche action enregistrée."))
            return redirect("plan:action", convention.slug, action.pk)
    return render(
        request,
        "plan/action_form.html",
        _context(
            request,
            convention,
            form=form,
            action=action,
            stale=stale,
            sections=action_sections(form),
            **formsets,
        ),
    )


def _indicator_of(convention, pk=None, action_pk=None, node_pk=None):
    """The indicator named by the URL, or a new one for the action or node it names."""
    if pk:
        return get_object_or_404(
            Indicator.objects.select_related("action", "node"), convention=convention, pk=pk
        )
    indicator = Indicator(convention=convention)
    if action_pk:
        indicator.action = _get_action(convention, action_pk)
    else:
        indicator.node = get_object_or_404(Node, convention=convention, pk=node_pk)
    return indicator


@convention_view(perms.can_view_plan)
@requires(perms.can_edit_indicator, _indicator_of)
def indicator_edit(request, convention, indicator):
    """An indicator of an action (its editors) or of a node (plan editors)."""
    form = IndicatorForm(request.POST or None, instance=indicator, convention=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_indicator(
                indicator=form.save(commit=False),
                targets=form.targets(),
                expected_version=form.expected_version,
            ),
        )
    ):
        messages.success(request, _("Indicateur enregistré."))
        if indicator.action_id:
            return redirect("plan:action", convention.slug, indicator.action_id)
        return redirect("plan:index", convention.slug)
    return render(
        request,
        "plan/indicator_form.html",
        _context(request, convention, form=form, indicator=indicator),
    )


@convention_view(perms.can_view_plan)
@requires(perms.can_follow_action, _get_action)
def quick_update(request, convention, action):
    """The pilot's one-minute update: status, progress, a note, this year's values."""
    can_change = perms.can_edit_action(request.user, action)
    year = min(max(datetime.date.today().year, convention.start_year), convention.end_year)
    indicators = action.indicators.prefetch_related("values")
    initial = {"version": action.version, "status": action.status, "progress": action.progress}
    form = QuickUpdateForm(
        request.POST or None,
        initial=initial,
        convention=convention,
        indicators=indicators,
        year=year,
    )
    if not can_change:
        form.fields["status"].disabled = form.fields["progress"].disabled = True
        form.fields["effective_on"].disabled = True
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries = [
            services.IndicatorEntry(i, year, data[f"indicator_{i.pk}"]) for i in form.indicators
        ]
        try:
            with transaction.atomic():
                if can_change:
                    services.record_progress(
                        action=action,
                        by=request.user,
                        expected_version=data["version"],
                        status=data["status"],
                        progress=data["progress"],
                        note=data["note"],
                        values=entries,
                        effective_on=data["effective_on"],
                    )
                else:
                    if data["note"].strip():
                        services.add_note(action=action, by=request.user, text=data["note"])
                    for entry in entries:
                        services.set_indicator_value(
                            indicator=entry.indicator,
                            year=year,
                            value=entry.value,
                            by=request.user,
                            origin=IndicatorOrigin.QUICK_UPDATE,
                        )
        except StaleEdit as error:
            refuse_stale(request, form, error)
            stale = error
            action = _get_action(convention, action.pk)
        else:
            messages.success(request, _("Suivi enregistré."))
            return redirect("plan:action", convention.slug, action.pk)
    return render(
        request,
        "plan/quick_update.html",
        _context(request, convention, form=form, action=action, stale=stale, year=year),
    )


@convention_view(perms.can_view_plan)
@require_POST
@requires(perms.can_follow_action, _get_action)
def note_add(request, convention, action):
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(action=action, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Note ajoutée."))
    else:
        messages.error(request, _("La note est vide : rien n'a été ajouté."))
    return redirect("plan:action", convention.slug, action.pk)


@convention_view(perms.can_view_plan)
@require_POST
@requires(perms.can_follow_action, _get_action)
def document_add(request, convention, action):
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Fichier : choisissez un fichier à envoyer."))
    else:
        try:
            services.add_document(
                action=action,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, _("Fichier : %(error)s") % {"error": " ".join(error.messages)})
        else:
            messages.success(request, _("Document ajouté."))
    return redirect("plan:action", convention.slug, action.pk)


@convention_view(perms.can_view_plan)
def document_download(request, convention, pk):
    document = get_object_or_404(ActionDocument, action__convention=convention, pk=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )


@convention_view(perms.can_edit_plan)
@require_POST
def action_delete(request, convention, pk):
    action = _get_action(convention, pk)
    name = str(action)
    try:
        services.delete_action(action=action)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("plan:action", convention.slug, action.pk)
    messages.success(request, _("Action « %(name)s » supprimée.") % {"name": name})
    return redirect("plan:index", convention.slug)
