"""Seminar votes: set up by the coordination, cast on a phone with a ballot code."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view, public_convention_view

from .. import perms, voting
from ..access import token_view
from ..forms import BallotForm, CodeForm, IssueBallotsForm, VoteForm
from ..models import Ballot, Vote
from .common import page


@convention_view(perms.can_view_governance)
def vote_list(request, convention):
    votes = Vote.objects.filter(convention=convention).prefetch_related("ballots")
    return page(request, convention, "governance/votes.html", votes=votes)


@convention_view(perms.can_manage_governance)
def vote_create(request, convention):
    form = VoteForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = voting.create_vote(
                convention=convention,
                title=data["title"],
                points=data["points"],
                actions=list(data["actions"]),
                closes_at=data["closes_at"],
                meeting=data["meeting"],
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Vote créé : distribuez maintenant les bulletins."))
            return redirect("governance:vote", convention.slug, vote.pk)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Nouveau vote de priorisation"),
        intro=_(
            "Chaque participant répartit ses points entre les actions depuis son téléphone, "
            "avec un code personnel : un seul bulletin par participant, sans compte."
        ),
        back=reverse("governance:votes", args=[convention.slug]),
    )


def _vote_page(request, convention, vote, **extra):
    ballots = list(vote.ballots.all())
    extra.setdefault("ballots_form", IssueBallotsForm())
    return page(
        request,
        convention,
        "governance/vote_detail.html",
        vote=vote,
        ballots=ballots,
        cast=sum(1 for b in ballots if b.submitted_at),
        results=voting.results(vote),
        code_url=request.build_absolute_uri(
            reverse("governance:ballot_code", args=[convention.slug])
        ),
        **extra,
    )


@convention_view(perms.can_view_governance)
def vote_detail(request, convention, pk):
    vote = get_object_or_404(Vote, convention=convention, pk=pk)
    return _vote_page(request, convention, vote)


@require_POST
@convention_view(perms.can_manage_governance)
def vote_ballots(request, convention, pk):
    vote = get_object_or_404(Vote, convention=convention, pk=pk)
    form = IssueBallotsForm(request.POST)
    if form.is_valid():
        try:
            issued = voting.issue_ballots(
                vote=vote,
                count=form.cleaned_data.get("count") or 0,
                participants=form.cleaned_data["names"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(n)s bulletin(s) créé(s).") % {"n": len(issued)})
            return redirect("governance:vote", convention.slug, vote.pk)
    return _vote_page(request, convention, vote, ballots_form=form)


@require_POST
@convention_view(perms.can_manage_governance)
def vote_close(request, convention, pk):
    vote = get_object_or_404(Vote, convention=convention, pk=pk)
    voting.close_vote(vote=vote)
    messages.success(request, _("Le vote est clos : plus aucun bulletin n'est accepté."))
    return redirect("governance:vote", convention.slug, vote.pk)


@require_POST
@convention_view(perms.can_manage_governance)
def vote_apply(request, convention, pk):
    vote = get_object_or_404(Vote, convention=convention, pk=pk)
    try:
        top = int(request.POST.get("top", "0"))
    except ValueError:
        top = -1
    try:
        changed = voting.apply_priorities(vote=vote, top=top, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Priorités appliquées au plan d'action : %(n)s action(s) modifiée(s).")
            % {"n": changed},
        )
    return redirect("governance:vote", convention.slug, vote.pk)


@public_convention_view(perms.may_enter_ballot_code)
def ballot_code(request, convention):
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        ballot = Ballot.objects.filter(
            code=form.cleaned_data["code"], vote__convention=convention
        ).first()
        if ballot:
            return redirect("governance:ballot", convention.slug, ballot.code)
        form.add_error("code", _("Code inconnu : vérifiez-le (8 caractères, sans O ni I)."))
    return render(request, "governance/ballot_code.html", {"convention": convention, "form": form})


@token_view(
    lambda code: Ballot.objects.select_related("vote").filter(code=code.upper()).first(),
    perms.ballot_code_is_valid,
)
def ballot(request, convention, ballot):
    vote = ballot.vote
    form = BallotForm(request.POST or None, vote=vote)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            voting.submit_ballot(ballot=ballot, points=form.points())
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = 409 if vote.is_closed or ballot.submitted_at else 200
        else:
            return redirect("governance:ballot", convention.slug, ballot.code)
    ballot.refresh_from_db()
    return render(
        request,
        "governance/ballot.html",
        {
            "convention": convention,
            "ballot": ballot,
            "vote": vote,
            "form": form,
            "closed_message": voting.closed_message(vote) if vote.is_closed else "",
            "given": {p.candidate_id: p.points for p in ballot.points.all()},
        },
        status=status,
    )
