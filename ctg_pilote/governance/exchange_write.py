"""Writing the `gouvernance` section of an exchange document into the database.

One function per entity, in the order they depend on each other: instances before their
meetings, meetings before their decisions and the votes that name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ctg_pilote.conventions.models import Contact, Thematique
from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.exchange.values import authors, date, datetime, datetime_text
from ctg_pilote.plan.action_refs import action_names
from ctg_pilote.plan.models import Action, Node
from ctg_pilote.territories.models import Commune

from .exchange_common import (
    approximate,
    contact_key,
    key_date_status,
    phase_refs,
    phase_title,
)
from .models import (
    Ballot,
    BallotPoints,
    CalendarToken,
    ChangeOrigin,
    CnafPhase,
    Decision,
    DecisionChange,
    DecisionStatus,
    Instance,
    InstanceMember,
    Invitation,
    KeyDate,
    Meeting,
    MeetingDocument,
    Mobilisation,
    PartnerProfile,
    Phase,
    SchemeLink,
    Vote,
    VoteCandidate,
)
from .services import record_change, sanitize_minutes


@dataclass
class _Targets:
    """What the section's entries point at, resolved once for the whole section."""

    convention: Any
    orgs: dict[str, Any]
    contacts: dict[tuple[str, str], Contact]
    nodes: dict[str, Node]
    actions: dict[str, Action]
    thematiques: dict[str, Thematique]
    editor: Any = None
    source_name: str = ""

    @classmethod
    def of(cls, ctx: ImportContext) -> _Targets:
        convention = ctx.convention
        contacts = {
            (c.organisation.ref, contact_key(c)): c
            for c in Contact.objects.filter(organisation__convention=convention).select_related(
                "organisation"
            )
        }
        if "plan" in ctx.document:
            nodes, actions = ctx.plan_nodes, ctx.plan_actions
        else:
            nodes = {n.number: n for n in Node.objects.filter(convention=convention)}
            actions = action_names(Action.objects.filter(convention=convention))
        thematiques = ctx.thematiques()
        return cls(
            convention,
            ctx.organisations,
            contacts,
            nodes,
            actions,
            thematiques,
            editor=ctx.editor,
            source_name=ctx.source_name,
        )

    def contact(self, ref: str, key: str | None) -> Contact | None:
        if not key:
            return None
        return self.contacts.get((ref, key.lower() if "@" in key else key))


def write_governance(value: dict, ctx: ImportContext) -> None:
    """Replace the CTG's governance data by the section's (inside the import transaction)."""
    to = _Targets.of(ctx)
    if "mobilisation" in value:
        _write_mobilisation(to.convention, value["mobilisation"])
    if "phases" in value:
        _write_phases(to.convention, value["phases"])
    if "dates_cles" in value:
        _write_key_dates(to.convention, value["dates_cles"])
    if "dispositifs" in value:
        _write_schemes(to, value["dispositifs"])
    if "partenaires" in value:
        _write_partners(to, value["partenaires"], ctx.vintage)
    if "instances" in value:
        meetings = _write_instances(to, value["instances"])
    else:
        meetings = {
            (m.instance.ref, datetime_text(m.starts_at)): m
            for m in Meeting.objects.filter(convention=to.convention).select_related("instance")
        }
    if "votes" in value:
        _write_votes(to, value["votes"], meetings)
    _drop_calendar_tokens(to.convention)


def _write_mobilisation(convention, data: dict) -> None:
    Mobilisation.objects.update_or_create(
        convention=convention,
        defaults={
            "actors": data.get("acteurs"),
            "institutions": data.get("institutions"),
            "is_minimum": data.get("plus_de", False),
            "source": data["source"],
            "year": data.get("annee"),
        },
    )


def _write_phases(convention, phases: list[dict]) -> None:
    """Replace the phases; key dates kept from before stay in the phase of the same ref."""
    kept = {
        k.pk: k.phase.ref
        for k in KeyDate.objects.filter(convention=convention, phase__isnull=False).select_related(
            "phase"
        )
    }
    Phase.objects.filter(convention=convention).delete()
    created = Phase.objects.bulk_create(
        Phase(
            convention=convention,
            ref=ref,
            title=phase_title(p),
            position=i,
            planned_start=approximate(p.get("debut_prevu"), p.get("precision", "")),
            planned_end=approximate(p.get("fin_prevue"), p.get("precision", "")),
            actual_start=approximate(p.get("debut_reel"), p.get("precision", "")),
            actual_end=approximate(p.get("fin_reelle"), p.get("precision", "")),
            status=p.get("statut", ""),
            note=p.get("remarque", ""),
            source=p.get("source", ""),
        )
        for i, (p, ref) in enumerate(zip(phases, phase_refs(phases), strict=True))
    )
    by_ref = {phase.ref: phase for phase in created}
    for pk, ref in kept.items():
        if ref in by_ref:
            KeyDate.objects.filter(pk=pk).update(phase=by_ref[ref])


def _phases_named(convention, key_dates: list[dict]) -> dict[str, Phase]:
    """The CTG's phases by ref; a CNAF step that only a key date names is added (version 1
    documents named the six steps without describing them)."""
    phases = {p.ref: p for p in Phase.objects.filter(convention=convention)}
    position = max((p.position for p in phases.values()), default=-1) + 1
    for ref in dict.fromkeys(k["phase"] for k in key_dates if k.get("phase")):
        if ref not in phases and ref in CnafPhase.values:
            phases[ref] = Phase.objects.create(
                convention=convention, ref=ref, title=str(CnafPhase(ref).label), position=position
            )
            position += 1
    return phases


def _write_key_dates(convention, key_dates: list[dict]) -> None:
    KeyDate.objects.filter(convention=convention).delete()
    phases = _phases_named(convention, key_dates)
    KeyDate.objects.bulk_create(
        KeyDate(
            convention=convention,
            date=approximate(k.get("date"), k.get("precision", "")),
            end_date=approximate(k.get("fin"), k.get("precision", "")),
            kind=k.get("type", "etape"),
            label=k["libelle"],
            phase=phases.get(k.get("phase", "")),
            status=key_date_status(k),
            position=i,
            note=k.get("remarque", ""),
            source=k.get("source", ""),
            is_fictitious=k.get("fictif", False),
        )
        for i, k in enumerate(key_dates)
    )


def _write_schemes(to: _Targets, schemes: list[dict]) -> None:
    SchemeLink.objects.filter(convention=to.convention).delete()
    for i, d in enumerate(schemes):
        link = SchemeLink.objects.create(
            convention=to.convention,
            ref=d.get("ref", ""),
            kind=d["type"],
            name=d.get("nom", ""),
            relation=d.get("relation", "non_precisee"),
            scope=d.get("perimetre", ""),
            level=d.get("echelle", ""),
            note=d.get("remarque", ""),
            source=d.get("source", ""),
            position=i,
        )
        link.actions.set([to.actions[n] for n in d.get("actions", [])])
        link.nodes.set([to.nodes[n] for n in d.get("elements_plan", [])])


def _write_partners(to: _Targets, partners: list[dict], vintage) -> None:
    PartnerProfile.objects.filter(organisation__convention=to.convention).delete()
    codes = {c for p in partners for c in p.get("communes", [])}
    communes = {c.code: c for c in Commune.objects.filter(vintage=vintage, code__in=codes)}
    for p in partners:
        profile = PartnerProfile.objects.create(
            organisation=to.orgs[p["organisation"]], description=p.get("activite", "")
        )
        profile.thematiques.set([to.thematiques[c] for c in p.get("thematiques", [])])
        profile.communes.set([communes[c] for c in p.get("communes", [])])


def _write_instances(to: _Targets, instances: list[dict]) -> dict[tuple[str, str], Meeting]:
    """The instances, their members and meetings; returns the meetings by (ref, start)."""
    Instance.objects.filter(convention=to.convention).delete()
    meetings: dict[tuple[str, str], Meeting] = {}
    for position, data in enumerate(instances):
        instance = Instance.objects.create(
            convention=to.convention,
            ref=data["ref"],
            kind=data["type"],
            kind_label=data.get("type_libelle", ""),
            name=data["nom"],
            role=data.get("role", ""),
            composition=data.get("composition", []),
            position=position,
            is_fictitious=data.get("fictif", False),
        )
        instance.thematiques.set([to.thematiques[c] for c in data.get("thematiques", [])])
        instance.actions.set([to.actions[n] for n in data.get("actions", [])])
        instance.nodes.set([to.nodes[n] for n in data.get("elements_plan", [])])
        InstanceMember.objects.bulk_create(
            InstanceMember(
                instance=instance,
                organisation=to.orgs[m["organisation"]],
                contact=to.contact(m["organisation"], m.get("contact")),
                role=m.get("role", ""),
            )
            for m in data.get("membres", [])
        )
        for r in data.get("reunions", []):
            meetings[(instance.ref, r["debut"])] = _write_meeting(to, instance, r)
    return meetings


def _write_meeting(to: _Targets, instance: Instance, r: dict) -> Meeting:
    meeting = Meeting.objects.create(
        convention=to.convention,
        instance=instance,
        title=r["intitule"],
        starts_at=datetime(r["debut"]),
        ends_at=datetime(r.get("fin")),
        place=r.get("lieu", ""),
        video_url=r.get("visio", ""),
        agenda=r.get("ordre_du_jour", ""),
        minutes=sanitize_minutes(r.get("compte_rendu", "")),
        status=r.get("statut", "prevue"),
        rescheduled_from=datetime(r.get("reportee_du")),
        cancellation_reason=r.get("motif_annulation", ""),
        is_fictitious=r.get("fictif", False),
    )
    MeetingDocument.objects.bulk_create(
        MeetingDocument(meeting=meeting, title=d["titre"], url=d["url"])
        for d in r.get("documents", [])
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            organisation=to.orgs[v["organisation"]],
            contact=to.contact(v["organisation"], v.get("contact")),
            attendance=v.get("presence", ""),
            represented_by=v.get("represente_par", ""),
            sent_at=datetime(v.get("envoyee_le")),
        )
        for v in r.get("invitations", [])
    )
    for position, d in enumerate(r.get("decisions", []), start=1):
        _write_decision(to, meeting, d, position)
    return meeting


def _write_decision(to: _Targets, meeting: Meeting, d: dict, position: int) -> None:
    owner = d["responsable"]
    decision = Decision.objects.create(
        convention=to.convention,
        meeting=meeting,
        text=d["decision"],
        owner_organisation=to.orgs[owner["organisation"]],
        owner_contact=to.contact(owner["organisation"], owner.get("contact")),
        due_on=date(d.get("echeance")),
        status=d.get("suivi", "ouverte"),
        done_on=date(d.get("faite_le")),
        position=position,
    )
    decision.actions.set([to.actions[n] for n in d.get("actions", [])])
    decision.nodes.set([to.nodes[n] for n in d.get("elements_plan", [])])
    _write_history(to, decision, d.get("historique", []))


def _write_history(to: _Targets, decision: Decision, history: list[dict]) -> None:
    """The decision's follow-up history as the document gives it; an import from a named
    file whose follow-up differs from the history's last state adds an entry naming it."""
    users = authors(history)
    DecisionChange.objects.bulk_create(
        DecisionChange(
            decision=decision,
            at=datetime(h["le"]),
            effective_on=date(h.get("en_vigueur_le")),
            author=users.get(h.get("auteur")),
            origin=h["origine"],
            source=h.get("fichier", ""),
            status=h["suivi"],
            due_on=date(h.get("echeance")),
            done_on=date(h.get("faite_le")),
        )
        for h in history
    )
    now = (decision.status, decision.due_on, decision.done_on)
    last = history[-1] if history else None
    if to.source_name and (
        last is None
        or (last["suivi"], date(last.get("echeance")), date(last.get("faite_le"))) != now
    ):
        record_change(
            decision=decision,
            by=to.editor,
            origin=ChangeOrigin.IMPORT,
            source=to.source_name,
            effective_on=decision.done_on if decision.status == DecisionStatus.DONE else None,
        )


def _write_votes(to: _Targets, votes: list[dict], meetings: dict) -> None:
    Vote.objects.filter(convention=to.convention).delete()
    for data in votes:
        link = data.get("reunion")
        vote = Vote.objects.create(
            convention=to.convention,
            meeting=meetings.get((link["instance"], link["debut"])) if link else None,
            title=data["intitule"],
            points=data["points"],
            closes_at=datetime(data.get("cloture_prevue")),
            closed_at=datetime(data.get("clos_le")),
            applied_at=datetime(data.get("priorites_appliquees_le")),
            is_fictitious=data.get("fictif", False),
        )
        candidates = {
            number: VoteCandidate.objects.create(vote=vote, action=to.actions[number], position=i)
            for i, number in enumerate(data["candidats"])
        }
        for b in data.get("bulletins", []):
            _write_ballot(vote, b, candidates)


def _write_ballot(vote: Vote, b: dict, candidates: dict[str, VoteCandidate]) -> None:
    ballot = Ballot.objects.create(
        vote=vote,
        code=b["code"],
        participant=b.get("participant", ""),
        submitted_at=datetime(b.get("depose_le")),
    )
    BallotPoints.objects.bulk_create(
        BallotPoints(ballot=ballot, candidate=candidates[n], points=pts)
        for n, pts in b.get("points", {}).items()
        if pts
    )


def _drop_calendar_tokens(convention) -> None:
    """Personal feed addresses of people no longer invited nor members are dropped."""
    emails = {
        e.lower()
        for e in Invitation.objects.filter(meeting__convention=convention)
        .exclude(contact__email="")
        .values_list("contact__email", flat=True)
        if e
    } | {e.lower() for e in convention.memberships.values_list("user__email", flat=True)}
    CalendarToken.objects.filter(convention=convention).exclude(email__in=emails).delete()
