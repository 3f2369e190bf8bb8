"""Exporting a CTG's governance as the `gouvernance` section of an exchange document."""

from __future__ import annotations

from typing import Any

from ctg_pilote.exchange.values import approximate_date_text, date_text, datetime_text, put

from .exchange_common import action_name, contact_key
from .models import (
    Instance,
    KeyDate,
    Meeting,
    Mobilisation,
    PartnerProfile,
    Phase,
    SchemeLink,
    Vote,
)


def export_governance(convention) -> Any:
    """The section's value for a CTG: the inverse of `write_governance`."""
    out: dict[str, Any] = {}
    mobilisation = Mobilisation.objects.filter(convention=convention).first()
    if mobilisation:
        out["mobilisation"] = _export_mobilisation(mobilisation)
    put(out, "phases", _export_phases(convention))
    put(out, "dates_cles", _export_key_dates(convention))
    put(out, "instances", _export_instances(convention))
    put(out, "partenaires", _export_partners(convention))
    put(out, "dispositifs", _export_schemes(convention))
    put(out, "votes", [_export_vote(vote) for vote in _votes(convention)])
    return out


def _export_mobilisation(mobilisation: Mobilisation) -> dict:
    item: dict[str, Any] = {}
    put(item, "acteurs", mobilisation.actors)
    put(item, "institutions", mobilisation.institutions)
    put(item, "plus_de", mobilisation.is_minimum)
    item["source"] = mobilisation.source
    put(item, "annee", mobilisation.year)
    return item


def _export_phases(convention) -> list[dict]:
    phases = []
    for p in Phase.objects.filter(convention=convention).order_by("position", "id"):
        item = {"ref": p.ref, "intitule": p.title}
        put(item, "debut_prevu", approximate_date_text(p.planned_start))
        put(item, "fin_prevue", approximate_date_text(p.planned_end))
        put(item, "debut_reel", approximate_date_text(p.actual_start))
        put(item, "fin_reelle", approximate_date_text(p.actual_end))
        put(item, "statut", p.status)
        put(item, "remarque", p.note)
        put(item, "source", p.source)
        phases.append(item)
    return phases


def _export_key_dates(convention) -> list[dict]:
    key_dates = []
    for k in (
        KeyDate.objects.filter(convention=convention)
        .select_related("phase")
        .order_by("position", "id")
    ):
        item: dict[str, Any] = {}
        put(item, "date", approximate_date_text(k.date))
        put(item, "fin", approximate_date_text(k.end_date))
        if k.kind != "etape":
            item["type"] = k.kind
        item["libelle"] = k.label
        put(item, "phase", k.phase and k.phase.ref)
        put(item, "statut", k.status)
        put(item, "remarque", k.note)
        put(item, "source", k.source)
        put(item, "fictif", k.is_fictitious)
        key_dates.append(item)
    return key_dates


def _export_instances(convention) -> list[dict]:
    instances = []
    for instance in (
        Instance.objects.filter(convention=convention)
        .order_by("position", "id")
        .prefetch_related("thematiques", "actions", "nodes")
    ):
        item = {"ref": instance.ref, "type": instance.kind}
        put(item, "type_libelle", instance.kind_label)
        item["nom"] = instance.name
        put(item, "role", instance.role)
        put(item, "composition", instance.composition)
        put(item, "thematiques", sorted(t.code for t in instance.thematiques.all()))
        put(item, "actions", sorted(action_name(a) for a in instance.actions.all()))
        put(item, "elements_plan", sorted(n.number for n in instance.nodes.all()))
        put(item, "fictif", instance.is_fictitious)
        members = []
        for m in instance.members.select_related("organisation", "contact").order_by("id"):
            entry = {"organisation": m.organisation.ref}
            put(entry, "contact", m.contact and contact_key(m.contact))
            put(entry, "role", m.role)
            members.append(entry)
        put(item, "membres", members)
        put(
            item,
            "reunions",
            [_export_meeting(m) for m in instance.meetings.order_by("starts_at", "id")],
        )
        instances.append(item)
    return instances


def _export_partners(convention) -> list[dict]:
    partners = []
    for profile in (
        PartnerProfile.objects.filter(organisation__convention=convention)
        .select_related("organisation")
        .prefetch_related("thematiques", "communes")
        .order_by("organisation__ref")
    ):
        item = {"organisation": profile.organisation.ref}
        put(item, "activite", profile.description)
        put(item, "thematiques", sorted(t.code for t in profile.thematiques.all()))
        put(item, "communes", sorted(c.code for c in profile.communes.all()))
        partners.append(item)
    return partners


def _export_schemes(convention) -> list[dict]:
    schemes = []
    for link in (
        SchemeLink.objects.filter(convention=convention)
        .order_by("position", "id")
        .prefetch_related("actions", "nodes")
    ):
        item: dict[str, Any] = {}
        put(item, "ref", link.ref)
        item["type"] = link.kind
        put(item, "nom", link.name)
        item["relation"] = link.relation
        put(item, "perimetre", link.scope)
        put(item, "echelle", link.level)
        put(item, "remarque", link.note)
        put(item, "source", link.source)
        put(item, "actions", sorted(action_name(a) for a in link.actions.all()))
        put(item, "elements_plan", sorted(n.number for n in link.nodes.all()))
        schemes.append(item)
    return schemes


def _votes(convention):
    return (
        Vote.objects.filter(convention=convention)
        .order_by("id")
        .select_related("meeting__instance")
    )


def _export_vote(vote: Vote) -> dict:
    item: dict[str, Any] = {"intitule": vote.title, "points": vote.points}
    if vote.meeting:
        item["reunion"] = {
            "instance": vote.meeting.instance.ref,
            "debut": datetime_text(vote.meeting.starts_at),
        }
    put(item, "cloture_prevue", datetime_text(vote.closes_at))
    put(item, "clos_le", datetime_text(vote.closed_at))
    put(item, "priorites_appliquees_le", datetime_text(vote.applied_at))
    put(item, "fictif", vote.is_fictitious)
    candidates = list(vote.candidates.select_related("action").order_by("position", "id"))
    item["candidats"] = [action_name(c.action) for c in candidates]
    ballots = []
    for ballot in vote.ballots.order_by("id").prefetch_related("points__candidate__action"):
        entry: dict[str, Any] = {"code": ballot.code}
        put(entry, "participant", ballot.participant)
        put(entry, "depose_le", datetime_text(ballot.submitted_at))
        given = sorted(
            (
                (p.candidate.position, action_name(p.candidate.action), p.points)
                for p in ballot.points.all()
            ),
        )
        put(entry, "points", {number: pts for _pos, number, pts in given})
        ballots.append(entry)
    put(item, "bulletins", ballots)
    return item


def _export_meeting(meeting: Meeting) -> dict:
    item: dict[str, Any] = {"intitule": meeting.title, "debut": datetime_text(meeting.starts_at)}
    put(item, "fin", datetime_text(meeting.ends_at))
    put(item, "lieu", meeting.place)
    put(item, "visio", meeting.video_url)
    put(item, "ordre_du_jour", meeting.agenda)
    put(item, "compte_rendu", meeting.minutes)
    if meeting.status != "prevue":
        item["statut"] = meeting.status
    put(item, "reportee_du", datetime_text(meeting.rescheduled_from))
    put(item, "motif_annulation", meeting.cancellation_reason)
    put(item, "fictif", meeting.is_fictitious)
    put(
        item,
        "documents",
        [{"titre": d.title, "url": d.url} for d in meeting.documents.order_by("id")],
    )
    invitations = []
    for inv in meeting.invitations.select_related("organisation", "contact").order_by("id"):
        entry = {"organisation": inv.organisation.ref}
        put(entry, "contact", inv.contact and contact_key(inv.contact))
        put(entry, "presence", inv.attendance)
        put(entry, "represente_par", inv.represented_by)
        put(entry, "envoyee_le", datetime_text(inv.sent_at))
        invitations.append(entry)
    put(item, "invitations", invitations)
    decisions = []
    for d in (
        meeting.decisions.select_related("owner_organisation", "owner_contact")
        .prefetch_related("actions", "nodes", "changes__author")
        .order_by("position", "id")
    ):
        entry: dict[str, Any] = {"decision": d.text}
        owner: dict[str, Any] = {}
        if d.owner_organisation:
            owner["organisation"] = d.owner_organisation.ref
        elif d.owner_contact:
            owner["organisation"] = d.owner_contact.organisation.ref
        put(owner, "contact", d.owner_contact and contact_key(d.owner_contact))
        if owner:
            entry["responsable"] = owner
        put(entry, "echeance", date_text(d.due_on))
        if d.status != "ouverte":
            entry["suivi"] = d.status
        put(entry, "faite_le", date_text(d.done_on))
        put(entry, "actions", sorted(action_name(a) for a in d.actions.all()))
        put(entry, "elements_plan", sorted(n.number for n in d.nodes.all()))
        put(entry, "historique", [_export_change(c) for c in d.changes.all()])
        decisions.append(entry)
    put(item, "decisions", decisions)
    return item


def _export_change(change) -> dict:
    """One entry of a decision's follow-up history (the inverse of `_write_history`)."""
    entry: dict[str, Any] = {"le": datetime_text(change.at)}
    put(entry, "en_vigueur_le", date_text(change.effective_on))
    put(entry, "auteur", change.author and change.author.email)
    entry["origine"] = change.origin
    put(entry, "fichier", change.source)
    entry["suivi"] = change.status
    put(entry, "echeance", date_text(change.due_on))
    put(entry, "faite_le", date_text(change.done_on))
    return entry
