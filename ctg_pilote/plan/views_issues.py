"""Pages of the enjeux transversaux: created, edited and removed from the plan page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.core.versioning import save_or_refuse

from . import perms
from .cross_cutting import delete_cross_cutting_issue, save_cross_cutting_issue
from .forms import CrossCuttingIssueForm
from .models import CrossCuttingIssue


@convention_view(perms.can_edit_plan)
def issue_edit(request, convention, pk=None):
    issue = get_object_or_404(CrossCuttingIssue, convention=convention, pk=pk) if pk else None
    form = CrossCuttingIssueForm(request.POST or None, instance=issue, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        nodes = data.pop("nodes")
        values = {name: data[name] for name in ("title", "description")}

        def write():
            save_cross_cutting_issue(
                convention=convention,
                issue=issue,
                expected_version=form.expected_version,
                values=values,
                nodes=nodes,
            )

        try:
            saved = save_or_refuse(request, form, write)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved:
                messages.success(request, _("Enjeu transversal enregistré."))
                return redirect("plan:index", convention.slug)
    return render(
        request,
        "plan/issue_form.html",
        {"convention": convention, "form": form, "issue": issue},
    )


@convention_view(perms.can_edit_plan)
@require_POST
def issue_delete(request, convention, pk):
    issue = get_object_or_404(CrossCuttingIssue, convention=convention, pk=pk)
    delete_cross_cutting_issue(issue=issue)
    messages.success(request, _("Enjeu transversal supprimé."))
    return redirect("plan:index", convention.slug)
