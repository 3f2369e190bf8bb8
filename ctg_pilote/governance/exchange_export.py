"""Exporting a CTG's governance as the `gouvernance` section of an exchange document."""

from __future__ import annotations

from typing import Any

from .exchange_common import _dt_text, _iso, _put, contact_key
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
        item: dict[str, Any] = {}
        _put(item, "acteurs", mobilisation.actors)
        _put(item, "institutions", mobilisation.institutions)
        _put(item, "plus_de", mobilisation.is_minimum)
        item["source"] = mobilisation.source
        _put(item, "annee", mobilisation.year)
        out["mobilisation"] = item

    phases = []
    for p in sorted(Phase.objects.filter(convention=convention), key=lambda p: p.order):
        item = {"phase": p.kind}
        _put(item, "intitule", p.title)
        _put(item, "debut_prevu", _iso(p.planned_start))
        _put(item, "fin_prevue", _iso(p.planned_end))
        _put(item, "debut_reel", _iso(p.actual_start))
        _put(item, "fin_reelle", _iso(p.actual_end))
        if p.precision != "jour":
            item["precision"] = p.precision
        _put(item, "remarque", p.note)
        _put(item, "source", p.source)
        phases.append(item)
    _put(out, "phases", phases)

    key_dates = []
    for k in KeyDate.objects.filter(convention=convention).order_by("position", "date", "id"):
        item = {"date": k.date.isoformat()}
        _put(item, "fin", _iso(k.end_date))
        if k.precision != "jour":
            item["precision"] = k.precision
        if k.kind != "etape":
            item["type"] = k.kind
        item["libelle"] = k.label
        _put(item, "phase", k.phase)
        _put(item, "realisee", k.done)
        _put(item, "remarque", k.note)
        _put(item, "source", k.source)
        _put(item, "fictif", k.is_fictitious)
        key_dates.append(item)
    _put(out, "dates_cles", key_dates)

    instances = []
    for instance in (
        Instance.objects.filter(convention=convention)
        .order_by("position", "id")
        .prefetch_related("thematiques", "actions", "nodes")
    ):
        item = {"ref": instance.ref, "type": instance.kind}
        _put(item, "type_libelle", instance.kind_label)
        item["nom"] = instance.name
        _put(item, "role", instance.role)
        _put(item, "thematiques", sorted(t.code for t in instance.thematiques.all()))
        _put(item, "actions", sorted(a.number for a in instance.actions.all()))
        _put(item, "elements_plan", sorted(n.number for n in instance.nodes.all()))
        _put(item, "fictif", instance.is_fictitious)
        members = []
        for m in instance.members.select_related("organisation", "contact").order_by("id"):
            entry = {"organisation": m.organisation.ref}
            _put(entry, "contact", m.contact and contact_key(m.contact))
            _put(entry, "role", m.role)
            members.append(entry)
        _put(item, "membres", members)
        _put(
            item,
            "reunions",
            [_export_meeting(m) for m in instance.meetings.order_by("starts_at", "id")],
        )
        instances.append(item)
    _put(out, "instances", instances)

    partners = []
    for profile in (
        PartnerProfile.objects.filter(organisation__convention=convention)
        .select_related("organisation")
        .prefetch_related("thematiques", "communes")
        .order_by("organisation__ref")
    ):
        item = {"organisation": profile.organisation.ref}
        _put(item, "activite", profile.description)
        _put(item, "thematiques", sorted(t.code for t in profile.thematiques.all()))
        _put(item, "communes", sorted(c.code for c in profile.communes.all()))
        partners.append(item)
    _put(out, "partenaires", partners)

    schemes = []
    for link in SchemeLink.objects.filter(convention=convention).order_by("position", "id"):
        item = {"type": link.kind}
        _put(item, "nom", link.name)
        item["relation"] = link.relation
        _put(item, "perimetre", link.scope)
        _put(item, "echelle", link.level)
        _put(item, "remarque", link.note)
        _put(item, "source", link.source)
        schemes.append(item)
    _put(out, "dispositifs", schemes)

    votes = []
    for vote in (
        Vote.objects.filter(convention=convention)
        .order_by("id")
        .select_related("meeting__instance")
    ):
        item = {"intitule": vote.title, "points": vote.points}
        if vote.meeting:
            item["reunion"] = {
                "instance": vote.meeting.instance.ref,
                "debut": _dt_text(vote.meeting.starts_at),
            }
        _put(item, "cloture_prevue", _dt_text(vote.closes_at))
        _put(item, "clos_le", _dt_text(vote.closed_at))
        _put(item, "priorites_appliquees_le", _dt_text(vote.applied_at))
        _put(item, "fictif", vote.is_fictitious)
        candidates = list(vote.candidates.select_related("action").order_by("position", "id"))
        item["candidats"] = [c.action.number for c in candidates]
        ballots = []
        for ballot in vote.ballots.order_by("id").prefetch_related("points__candidate__action"):
            entry: dict[str, Any] = {"code": ballot.code}
            _put(entry, "participant", ballot.participant)
            _put(entry, "depose_le", _dt_text(ballot.submitted_at))
            given = sorted(
                (
                    (p.candidate.position, p.candidate.action.number, p.points)
                    for p in ballot.points.all()
                ),
            )
            _put(entry, "points", {number: pts for _pos, number, pts in given})
            ballots.append(entry)
        _put(item, "bulletins", ballots)
        votes.append(item)
    _put(out, "votes", votes)
    return out


def _export_meeting(meeting: Meeting) -> dict:
    item: dict[str, Any] = {"intitule": meeting.title, "debut": _dt_text(meeting.starts_at)}
    _put(item, "fin", _dt_text(meeting.ends_at))
    _put(item, "lieu", meeting.place)
    _put(item, "visio", meeting.video_url)
    _put(item, "ordre_du_jour", meeting.agenda)
    _put(item, "compte_rendu", meeting.minutes)
    if meeting.status != "prevue":
        item["statut"] = meeting.status
    _put(item, "fictif", meeting.is_fictitious)
    _put(
        item,
        "documents",
        [{"titre": d.title, "url": d.url} for d in meeting.documents.order_by("id")],
    )
    invitations = []
    for inv in meeting.invitations.select_related("organisation", "contact").order_by("id"):
        entry = {"organisation": inv.organisation.ref}
        _put(entry, "contact", inv.contact and contact_key(inv.contact))
        _put(entry, "presence", inv.attendance)
        _put(entry, "represente_par", inv.represented_by)
        _put(entry, "envoyee_le", _dt_text(inv.sent_at))
        invitations.append(entry)
    _put(item, "invitations", invitations)
    decisions = []
    for d in (
        meeting.decisions.select_related("owner_organisation", "owner_contact")
        .prefetch_related("actions", "nodes")
        .order_by("position", "id")
    ):
        entry: dict[str, Any] = {"decision": d.text}
        owner: dict[str, Any] = {}
        if d.owner_organisation:
            owner["organisation"] = d.owner_organisation.ref
        elif d.owner_contact:
            owner["organisation"] = d.owner_contact.organisation.ref
        _put(owner, "contact", d.owner_contact and contact_key(d.owner_contact))
        if owner:
            entry["responsable"] = owner
        _put(entry, "echeance", _iso(d.due_on))
        if d.status != "ouverte":
            entry["suivi"] = d.status
        _put(entry, "faite_le", _iso(d.done_on))
        _put(entry, "actions", sorted(a.number for a in d.actions.all()))
        _put(entry, "elements_plan", sorted(n.number for n in d.nodes.all()))
        decisions.append(entry)
    _put(item, "decisions", decisions)
    return item
