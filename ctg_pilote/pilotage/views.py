"""Pages of a CTG's pilotage: dashboard, the lists behind its figures, bilans, evaluation of
the résultats attendus, digest setting."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.perms import can_edit
from ctg_pilote.core.page_cache import cached_ctg_page
from ctg_pilote.core.templatetags.ctg_urls import id_url_maker
from ctg_pilote.core.versioning import save_or_refuse
from ctg_pilote.plan.history import end_of_year
from ctg_pilote.plan.models import STALE_MONTHS, Indicator, Node, Snapshot
from ctg_pilote.plan.snapshots import compare_states

from . import perms, selectors, services
from .adoption import bilan_data, comparison_reference
from .bilan import BilanError, build_bilan
from .comparison import compare_bilans
from .forms import ActionListForm, BilanChoiceForm, BilanTextForm, EvaluationForm
from .models import AdoptedBilan, BilanKind, DigestOptOut, ResultEvaluation


def _context(request, convention, **extra):
    return {
        "convention": convention,
        "can_edit": can_edit(request.user, convention),
        "can_write": perms.can_write_bilan(request.user, convention),
        **extra,
    }


def _indicator_rows(convention, health) -> list[dict]:
    """The dashboard's table of indicators, the text of each cell made here once: a template
    resolving each indicator's attributes, links and numbers cell by cell costs most of the
    page. Texts are escaped by the template as before; formatted numbers hold nothing to escape.
    """
    indicator_url = id_url_maker("plan:indicator", convention.slug)
    action_url = id_url_maker("plan:action", convention.slug)
    actions_url = reverse("pilotage:actions", args=[convention.slug])
    action_label = _("Action")
    labels, numbers = {}, {}

    def number(value):  # figures repeat (targets): each one formatted once
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = floatformat(value, "-2")
        return text

    rows = []
    for h in health:
        indicator, action = h.indicator, h.indicator.action
        if action:
            attached_url = action_url(action.pk)
            attached = f"{action_label} {action.display_number}"
        else:
            attached_url = f"{actions_url}?node={indicator.node_id}"
            attached = indicator.node.number if indicator.node else ""
        label = labels.get(h.status)
        if label is None:
            label = labels[h.status] = str(h.label)
        rows.append(
            {
                "url": indicator_url(indicator.pk),
                "name": f"{indicator.ref} — {indicator.name}",
                "attached_url": attached_url,
                "attached": attached,
                "value": None
                if h.value is None
                else f"{number(h.value)} {indicator.unit} ({h.value_year})",
                "fictitious": h.fictitious,
                "target": None if h.target is None else f"{number(h.target)} ({h.target_year})",
                "verdict": label if h.percent is None else f"{label} ({h.percent} %)",
            }
        )
    return rows


@convention_view(perms.can_view_pilotage)
@cached_ctg_page
def dashboard(request, convention):
    years = selectors.as_of_years(convention)
    year = request.GET.get("au", "")
    if year and year not in {str(y) for y in years}:
        raise Http404(_("Année inconnue pour la situation du plan."))
    as_of = end_of_year(int(year)) if year else None
    board = selectors.dashboard(convention, as_of=as_of)
    return render(
        request,
        "pilotage/dashboard_as_of.html" if as_of else "pilotage/dashboard.html",
        _context(
            request,
            convention,
            board=board,
            indicator_rows=[] if as_of else _indicator_rows(convention, board.indicators),
            as_of_years=years,
            as_of_year=int(year) if year else None,
            health_rule=selectors.HEALTH_RULE,
            stale_months=STALE_MONTHS,
        ),
    )


@convention_view(perms.can_view_pilotage)
def action_list(request, convention):
    form = ActionListForm(request.GET)
    if not form.is_valid():
        raise Http404(_("Filtre inconnu."))
    data = form.cleaned_data
    node = None
    if data["node"]:
        node = get_object_or_404(Node, convention=convention, pk=data["node"])
    actions = selectors.filtered_actions(
        convention,
        node=node,
        status=data["status"],
        late=data["late"],
        funder=data["funder"],
        year=data["year"],
    )
    return render(
        request,
        "pilotage/actions.html",
        _context(request, convention, actions=list(actions), node=node, filters=data),
    )


@convention_view(perms.can_view_pilotage)
def bilans(request, convention):
    form = BilanChoiceForm(request.GET or None, convention=convention)
    if form.is_bound and form.is_valid():
        return redirect(
            "pilotage:bilan", convention.slug, form.cleaned_data["kind"], form.cleaned_data["year"]
        )
    return render(
        request,
        "pilotage/bilans.html",
        _context(
            request,
            convention,
            form=form,
            bilans=convention.bilans.all(),
            adopted=convention.adopted_bilans.defer("data", "docx", "pdf", "xlsx").order_by(
                "-year", "kind", "-adopted_at", "-id"
            ),
        ),
    )


def bilan_or_error_page(request, convention, kind, year):
    """The bilan's content and None, or None and the page saying why it cannot be made.

    Also used by the bilan's downloads in `reports.views`."""
    if kind not in BilanKind.values:
        raise Http404(_("Type de bilan inconnu."))
    try:
        return build_bilan(convention, year=year, kind=kind), None
    except BilanError as error:
        page = render(
            request,
            "pilotage/bilan_error.html",
            _context(request, convention, error=str(error)),
            status=400,
        )
        return None, page


def adoptions_of(convention, kind, year):
    """The adoptions of a bilan, latest first, without their files."""
    return list(
        AdoptedBilan.objects.filter(convention=convention, kind=kind, year=year)
        .defer("data", "docx", "pdf", "xlsx")
        .select_related("adopted_by")
        .order_by("-adopted_at", "-id")
    )


@convention_view(perms.can_view_pilotage)
def bilan(request, convention, kind, year):
    content, error_page = bilan_or_error_page(request, convention, kind, year)
    if error_page is not None:
        return error_page
    return render(
        request,
        "pilotage/bilan.html",
        _context(
            request,
            convention,
            bilan=content,
            adoptions=adoptions_of(convention, kind, year),
            reference=comparison_reference(convention, kind=kind, year=year),
            can_adopt=perms.can_adopt_bilan(request.user, convention),
        ),
    )


@convention_view(perms.can_view_pilotage)
def bilan_compare(request, convention, kind, year):
    """The bilan as it stands now against its latest adopted version, or against the last
    bilan adopted before it."""
    content, error_page = bilan_or_error_page(request, convention, kind, year)
    if error_page is not None:
        return error_page
    adopted = comparison_reference(convention, kind=kind, year=year)
    gaps = compare_bilans(adopted.data, bilan_data(content)) if adopted else []
    return render(
        request,
        "pilotage/bilan_compare.html",
        _context(request, convention, bilan=content, adopted=adopted, gaps=gaps),
    )


@convention_view(perms.can_write_bilan)
def bilan_edit(request, convention, kind, year):
    content, error_page = bilan_or_error_page(request, convention, kind, year)
    if error_page is not None:
        return error_page
    nodes = [s.node for s in content.sections]
    initial = {"version": 0}
    if content.narrative:
        initial = {
            "introduction": content.narrative.introduction,
            "conclusion": content.narrative.conclusion,
            "version": content.narrative.version,
        }
    for section in content.sections:
        initial[f"n{section.node.pk}_comments"] = section.comments
        initial[f"n{section.node.pk}_difficulties"] = section.difficulties
        initial[f"n{section.node.pk}_next_steps"] = section.next_steps
    form = BilanTextForm(request.POST or None, nodes=nodes, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_bilan(
                convention=convention,
                kind=kind,
                year=year,
                introduction=form.cleaned_data["introduction"].strip(),
                conclusion=form.cleaned_data["conclusion"].strip(),
                node_texts=form.node_texts(),
                expected_version=form.expected_version,
            ),
        )
    ):
        messages.success(request, _("Textes du bilan enregistrés."))
        return redirect("pilotage:bilan", convention.slug, kind, year)
    return render(
        request, "pilotage/bilan_edit.html", _context(request, convention, bilan=content, form=form)
    )


@convention_view(perms.can_view_pilotage)
def evaluation(request, convention):
    nodes = list(
        Node.objects.filter(convention=convention)
        .in_tree_order()
        .prefetch_related("result_evaluations__indicators")
    )
    rows = []
    for node in nodes:
        evaluations = {e.position: e for e in node.result_evaluations.all()}
        for position, text in enumerate(node.expected_results or [], start=1):
            rows.append((node, position, text, evaluations.get(position)))
    snapshots = list(convention.plan_snapshots.all())
    return render(
        request,
        "pilotage/evaluation.html",
        _context(
            request,
            convention,
            rows=rows,
            snapshots=snapshots,
            can_evaluate=perms.can_evaluate(request.user, convention),
        ),
    )


@convention_view(perms.can_evaluate)
def evaluate(request, convention, node_pk, position):
    node = get_object_or_404(Node, convention=convention, pk=node_pk)
    results = node.expected_results or []
    if not 1 <= position <= len(results):
        raise Http404(_("Ce résultat attendu n'existe pas."))
    existing = ResultEvaluation.objects.filter(node=node, position=position).first()
    indicators = Indicator.objects.filter(convention=convention).order_by("ref")
    initial = {"version": 0}
    if existing:
        initial = {
            "judgement": existing.judgement,
            "evidence": existing.evidence,
            "indicators": list(existing.indicators.all()),
            "evaluated_on": existing.evaluated_on,
            "version": existing.version,
        }
    form = EvaluationForm(request.POST or None, indicators=indicators, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["expected_version"] = data.pop("version")
        if save_or_refuse(
            request,
            form,
            lambda: services.evaluate_result(node=node, position=position, **data),
        ):
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("pilotage:evaluation", convention.slug)
    return render(
        request,
        "pilotage/evaluate.html",
        _context(
            request,
            convention,
            node=node,
            position=position,
            result=results[position - 1],
            form=form,
        ),
    )


@convention_view(perms.can_view_pilotage)
def compare(request, convention):
    """Two snapshots of the plan side by side (or one snapshot and today)."""

    def load(key):
        raw = request.GET.get(key, "")
        if raw in ("", "maintenant"):
            return None, None
        snapshot = (
            Snapshot.objects.filter(convention=convention, pk=raw).first()
            if raw.isdigit()
            else None
        )
        if snapshot is None:
            return None, _(
                "L'instantané n° %(id)s n'existe plus (il a peut-être été supprimé) : "
                "choisissez-en un autre dans la liste."
            ) % {"id": raw}
        return snapshot, None

    before, error_before = load("avant")
    after, error_after = load("apres")
    errors = [e for e in (error_before, error_after) if e]
    rows = []
    if not errors and before:
        from ctg_pilote.plan.services import plan_state

        rows = compare_states(before.data, after.data if after else plan_state(convention))
    return render(
        request,
        "pilotage/compare.html",
        _context(
            request,
            convention,
            before=before,
            after=after,
            rows=rows,
            errors=errors,
            snapshots=list(convention.plan_snapshots.all()),
        ),
        status=400 if errors else 200,
    )


@convention_view(perms.can_view_pilotage)
def digest_settings(request, convention):
    if request.method == "POST":
        services.set_digest(
            convention=convention, user=request.user, wanted=request.POST.get("wanted") == "1"
        )
        messages.success(request, _("Préférence enregistrée."))
        return redirect("pilotage:digest", convention.slug)
    opted_out = DigestOptOut.objects.filter(convention=convention, user=request.user).exists()
    return render(
        request, "pilotage/digest.html", _context(request, convention, opted_out=opted_out)
    )
