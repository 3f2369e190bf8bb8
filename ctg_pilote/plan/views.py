"""Pages of the plan d'action: the tree and the table, the timeline, the tree's nodes and
levels, snapshots. The fiche action's pages are in views_actions.py."""

import datetime
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.conventions.perms import can_edit
from ctg_pilote.core.page_cache import cached_ctg_page
from ctg_pilote.core.templatetags.ctg_urls import id_url_maker
from ctg_pilote.core.versioning import save_or_refuse

from . import perms, services
from .action_refs import numbering_warnings
from .forms import (
    LevelsForm,
    NodeForm,
    PlanFilterForm,
    SnapshotForm,
)
from .models import (
    NODE_FIELDS,
    Action,
    ActionStatus,
    CrossCuttingIssue,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Level,
    Node,
    Snapshot,
)
from .snapshots import compare_states


def _context(request, convention, **extra):
    return {
        "convention": convention,
        "can_edit": can_edit(request.user, convention),
        "can_edit_plan": perms.can_edit_plan(request.user, convention),
        **extra,
    }


def _level_names(convention) -> dict[int, str]:
    names = {lvl.depth: lvl.name for lvl in Level.objects.filter(convention=convention)}
    return {d: names.get(d, _("Niveau %(n)s") % {"n": d}) for d in range(1, 5)}


def _tree_with_counts(convention, nodes):
    """Attach to every node the count of actions by status in its whole branch."""
    counts: dict[int, Counter] = defaultdict(Counter)
    parents = {n.pk: n.parent_id for n in nodes}
    for node_id, status in Action.objects.filter(convention=convention).values_list(
        "node_id", "status"
    ):
        while node_id is not None:
            counts[node_id][status] += 1
            node_id = parents.get(node_id)
    for node in nodes:
        c = counts[node.pk]
        node.total = sum(c.values())
        node.done = c[ActionStatus.DONE]
        # Over the actions whose status is known: an unknown status is not "not done".
        node.known = node.total - c[ActionStatus.UNKNOWN]
        node.done_rate = round(100 * node.done / node.known) if node.known else None
        node.by_status = [(s, label, c[s]) for s, label in ActionStatus.choices if c[s]]
    return nodes


def _numbering_notes(convention, actions=None) -> list[tuple[Action, str]]:
    """Repeated numbers and gaps of the plan's numbering, kept as the source wrote it.
    `actions`: every action of the plan in list order, when the page already holds them."""
    if actions is None:
        actions = list(Action.objects.filter(convention=convention).for_list())
    return [(actions[i], message) for i, message in numbering_warnings(a.number for a in actions)]


# What the plan's table shows of an action (with its element of the plan and its pilot).
ACTION_ROW_FIELDS = (
    "number",
    "title",
    "is_priority",
    "status",
    "progress",
    "follow_up_fictitious",
    "node",
    "node__number",
    "node__title",
    "pilot",
    "pilot__name",
)


def _action_rows(convention, actions) -> list[dict]:
    """The plan's table, the text of each cell made here once: a template resolving each
    action's attributes, link and labels cell by cell costs most of the page."""
    action_url = id_url_maker("plan:action", convention.slug)
    status_labels = {}
    rows = []
    for action in actions:
        progress = None if action.progress is None else str(action.progress)
        status_label = status_labels.get(action.status)
        if status_label is None:
            status_label = status_labels[action.status] = action.get_status_display()
        rows.append(
            {
                "url": action_url(action.pk),
                "number": action.number,
                "display_number": action.display_number,
                "title": action.title,
                "is_priority": action.is_priority,
                "node": f"{action.node.number}. {action.node.title}",
                "pilot": action.pilot.name if action.pilot and action.pilot.name else "—",
                "status": action.status,
                "status_label": status_label,
                "fictitious": action.follow_up_fictitious,
                "progress": progress,
                "progress_label": action.progress_label,
            }
        )
    return rows


@convention_view(perms.can_view_plan)
@cached_ctg_page
def index(request, convention):
    nodes = _tree_with_counts(
        convention, list(Node.objects.filter(convention=convention).in_tree_order())
    )
    indicator_year = min(
        max(datetime.date.today().year, convention.start_year), convention.end_year
    )
    by_node = defaultdict(list)
    # The elements' indicators with the target of the year and the last value measured, their
    # figures read into plain rows (no related manager per indicator), only when there are any.
    indicators = list(
        Indicator.objects.filter(convention=convention, node__isnull=False).only("node", "name")
    )
    targets, last_values = {}, {}
    if indicators:
        ids = [indicator.pk for indicator in indicators]
        targets = dict(
            IndicatorTarget.objects.filter(indicator__in=ids, year=indicator_year).values_list(
                "indicator_id", "value"
            )
        )
        last_values = {
            value.indicator_id: value
            for value in IndicatorValue.objects.filter(indicator__in=ids)
            .order_by("indicator_id", "year")
            .values_list("indicator_id", "year", "value", "is_fictitious", named=True)
        }
    for indicator in indicators:
        indicator.current_target = targets.get(indicator.pk)
        indicator.last_value = last_values.get(indicator.pk)
        by_node[indicator.node_id].append(indicator)
    for node in nodes:
        node.plan_indicators = by_node[node.pk]
    form = PlanFilterForm(
        request.GET or None,
        convention=convention,
        organisations=list(convention.organisations.order_by("name")),
        zones=list(convention.zones.only("name")),
        communes=list(convention.communes.order_by("name").only("name")),
    )
    actions = Action.objects.filter(convention=convention).for_list().only(*ACTION_ROW_FIELDS)
    filtered = False
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        filtered = bool(data)
        actions = actions.matching(**data)
    actions = list(actions)
    # Unfiltered, the table already holds every action in list order: no second read.
    numbering = _numbering_notes(convention, None if filtered else actions)
    organisation = perms.partner_organisation_id(request.user, convention)
    mine = (
        list(
            Action.objects.filter(convention=convention)
            .involving(organisation)
            .order_by("node__sort_key", "position", "id")
        )
        if organisation
        else []
    )
    total = Action.objects.filter(convention=convention).count() if filtered else len(actions)
    return render(
        request,
        "plan/index.html",
        _context(
            request,
            convention,
            nodes=nodes,
            levels=_level_names(convention),
            indicator_year=indicator_year,
            form=form,
            actions=_action_rows(convention, actions),
            total=total,
            filtered=filtered,
            fictitious=any(a.follow_up_fictitious for a in actions),
            numbering=numbering,
            issues=CrossCuttingIssue.objects.filter(convention=convention).prefetch_related(
                "nodes"
            ),
            mine=mine,
        ),
    )


@convention_view(perms.can_view_plan)
def timeline(request, convention):
    start = datetime.date(convention.start_year, 1, 1)
    end = datetime.date(convention.end_year, 12, 31)
    span = (end - start).days + 1
    rows = []
    for action in Action.objects.filter(convention=convention).for_list():
        bar = None
        if action.start_date and action.end_date:
            left = max(0, (action.start_date - start).days)
            right = min(span, (action.end_date - start).days + 1)
            if right > left:
                bar = {
                    "left": round(100 * left / span, 2),
                    "width": round(100 * (right - left) / span, 2),
                }
        rows.append((action, bar))
    years = list(range(convention.start_year, convention.end_year + 1))
    today = datetime.date.today()
    today_left = round(100 * (today - start).days / span, 2) if start <= today <= end else None
    return render(
        request,
        "plan/timeline.html",
        _context(
            request,
            convention,
            rows=rows,
            years=years,
            year_width=round(100 / len(years), 4),
            today_left=today_left,
            fictitious=any(a.follow_up_fictitious for a, _bar in rows),
        ),
    )


@convention_view(perms.can_edit_plan)
def levels_edit(request, convention):
    names = [lvl.name for lvl in Level.objects.filter(convention=convention)]
    deepest = max(
        Node.objects.filter(convention=convention).values_list("depth", flat=True), default=0
    )
    form = LevelsForm(request.POST or None, names=names, deepest=deepest)
    if request.method == "POST" and form.is_valid():
        services.set_levels(convention=convention, names=form.cleaned_data["names"])
        messages.success(request, _("Niveaux du plan enregistrés."))
        return redirect("plan:index", convention.slug)
    return render(request, "plan/levels_form.html", _context(request, convention, form=form))


@convention_view(perms.can_edit_plan)
def node_edit(request, convention, pk=None):
    node = get_object_or_404(Node, convention=convention, pk=pk) if pk else None
    parent = None
    if node is None and request.GET.get("parent"):
        parent = get_object_or_404(Node, convention=convention, pk=request.GET["parent"])
    form = NodeForm(request.POST or None, instance=node, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        thematiques = data.pop("thematiques")
        values = {name: data[name] for name in NODE_FIELDS.form_fields() if name in data}

        def write():
            services.save_node(
                convention=convention,
                node=node,
                expected_version=form.expected_version,
                values=values,
                thematiques=thematiques,
                parent=parent if node is None else data.get("parent"),
            )

        try:
            saved = save_or_refuse(request, form, write)
        except ValidationError as error:
            form.add_error("parent" if node else None, error)
        else:
            if saved:
                messages.success(
                    request,
                    _("Élément ajouté au plan.")
                    if node is None
                    else _("Élément du plan enregistré."),
                )
                return redirect("plan:index", convention.slug)
    return render(
        request,
        "plan/node_form.html",
        _context(request, convention, form=form, node=node, parent=parent),
    )


@convention_view(perms.can_edit_plan)
@require_POST
def node_delete(request, convention, pk):
    node = get_object_or_404(Node, convention=convention, pk=pk)
    try:
        services.delete_node(node=node)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Élément supprimé ; le plan est renuméroté."))
    return redirect("plan:index", convention.slug)


@convention_view(perms.can_edit_plan)
@require_POST
def node_move(request, convention, pk):
    node = get_object_or_404(Node, convention=convention, pk=pk)
    services.move_node(node=node, offset=-1 if request.POST.get("direction") == "up" else 1)
    messages.success(request, _("Plan renuméroté."))
    return redirect("plan:index", convention.slug)


@convention_view(perms.can_view_plan)
@requires(perms.can_edit_plan, methods=("POST",))
def snapshots(request, convention):
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        snapshot = services.take_snapshot(
            convention=convention, by=request.user, label=form.cleaned_data["label"]
        )
        messages.success(request, _("Plan figé : « %(label)s ».") % {"label": snapshot.label})
        return redirect("plan:snapshot", convention.slug, snapshot.pk)
    return render(
        request,
        "plan/snapshots.html",
        _context(request, convention, form=form, snapshots=convention.plan_snapshots.all()),
    )


@convention_view(perms.can_view_plan)
def snapshot_compare(request, convention, pk):
    snapshot = get_object_or_404(Snapshot, convention=convention, pk=pk)
    rows = compare_states(snapshot.data, services.plan_state(convention))
    return render(
        request,
        "plan/snapshot_compare.html",
        _context(
            request,
            convention,
            snapshot=snapshot,
            rows=rows,
            changed=sum(r.changed for r in rows),
            fictitious=convention.plan_actions.filter(follow_up_fictitious=True).exists(),
        ),
    )
