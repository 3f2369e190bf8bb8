"""Writing the `gouvernance` section of an exchange document into the database."""

from __future__ import annotations

from ctg_pilote.conventions.models import Contact, Thematique
from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.plan.models import Action, Node
from ctg_pilote.territories.models import Commune

from .exchange_common import _date, _dt, _dt_text, contact_key
from .models import (
    Ballot,
    BallotPoints,
    CalendarToken,
    Decision,
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
from .services import sanitize_minutes


def write_governance(value: dict, ctx: ImportContext) -> None:
    """Replace the CTG's governance data by the section's (inside the import transaction)."""
    convention = ctx.convention
    orgs = ctx.organisations
    contacts = {
        (c.organisation.ref, contact_key(c)): c
        for c in Contact.objects.filter(organisation__convention=convention).select_related(
            "organisation"
        )
    }

    def contact(ref, key):
        if not key:
            return None
        return contacts.get((ref, key.lower() if "@" in key else key))

    if "plan" in ctx.document:
        nodes = ctx.plan_nodes
        actions = ctx.plan_actions
    else:
        nodes = {n.number: n for n in Node.objects.filter(convention=convention)}
        actions = {a.number: a for a in Action.objects.filter(convention=convention)}
    thematiques = {t.code: t for t in Thematique.objects.all()}

    if "mobilisation" in value:
        data = value["mobilisation"]
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
    if "phases" in value:
        Phase.objects.filter(convention=convention).delete()
        Phase.objects.bulk_create(
            Phase(
                convention=convention,
                kind=p["phase"],
                title=p.get("intitule", ""),
                planned_start=_date(p.get("debut_prevu")),
                planned_end=_date(p.get("fin_prevue")),
                actual_start=_date(p.get("debut_reel")),
                actual_end=_date(p.get("fin_reelle")),
                precision=p.get("precision", "jour"),
                note=p.get("remarque", ""),
                source=p.get("source", ""),
            )
            for p in value["phases"]
        )
    if "dates_cles" in value:
        KeyDate.objects.filter(convention=convention).delete()
        KeyDate.objects.bulk_create(
            KeyDate(
                convention=convention,
                date=_date(k["date"]),
                end_date=_date(k.get("fin")),
                precision=k.get("precision", "jour"),
                kind=k.get("type", "etape"),
                label=k["libelle"],
                phase=k.get("phase", ""),
                done=k.get("realisee", False),
                position=i,
                note=k.get("remarque", ""),
                source=k.get("source", ""),
                is_fictitious=k.get("fictif", False),
            )
            for i, k in enumerate(value["dates_cles"])
        )
    if "dispositifs" in value:
        SchemeLink.objects.filter(convention=convention).delete()
        SchemeLink.objects.bulk_create(
            SchemeLink(
                convention=convention,
                kind=d["type"],
                name=d.get("nom", ""),
                relation=d.get("relation", "non_precisee"),
                scope=d.get("perimetre", ""),
                level=d.get("echelle", ""),
                note=d.get("remarque", ""),
                source=d.get("source", ""),
                position=i,
            )
            for i, d in enumerate(value["dispositifs"])
        )
    if "partenaires" in value:
        PartnerProfile.objects.filter(organisation__convention=convention).delete()
        codes = {c for p in value["partenaires"] for c in p.get("communes", [])}
        communes = {c.code: c for c in Commune.objects.filter(vintage=ctx.vintage, code__in=codes)}
        for p in value["partenaires"]:
            profile = PartnerProfile.objects.create(
                organisation=orgs[p["organisation"]], description=p.get("activite", "")
            )
            profile.thematiques.set([thematiques[c] for c in p.get("thematiques", [])])
            profile.communes.set([communes[c] for c in p.get("communes", [])])

    meetings: dict[tuple[str, str], Meeting] = {}
    if "instances" in value:
        Instance.objects.filter(convention=convention).delete()
        for position, data in enumerate(value["instances"]):
            instance = Instance.objects.create(
                convention=convention,
                ref=data["ref"],
                kind=data["type"],
                kind_label=data.get("type_libelle", ""),
                name=data["nom"],
                role=data.get("role", ""),
                position=position,
                is_fictitious=data.get("fictif", False),
            )
            instance.thematiques.set([thematiques[c] for c in data.get("thematiques", [])])
            instance.actions.set([actions[n] for n in data.get("actions", [])])
            instance.nodes.set([nodes[n] for n in data.get("elements_plan", [])])
            InstanceMember.objects.bulk_create(
                InstanceMember(
                    instance=instance,
                    organisation=orgs[m["organisation"]],
                    contact=contact(m["organisation"], m.get("contact")),
                    role=m.get("role", ""),
                )
                for m in data.get("membres", [])
            )
            for r in data.get("reunions", []):
                meeting = Meeting.objects.create(
                    convention=convention,
                    instance=instance,
                    title=r["intitule"],
                    starts_at=_dt(r["debut"]),
                    ends_at=_dt(r.get("fin")),
                    place=r.get("lieu", ""),
                    video_url=r.get("visio", ""),
                    agenda=r.get("ordre_du_jour", ""),
                    minutes=sanitize_minutes(r.get("compte_rendu", "")),
                    status=r.get("statut", "prevue"),
                    is_fictitious=r.get("fictif", False),
                )
                meetings[(instance.ref, r["debut"])] = meeting
                MeetingDocument.objects.bulk_create(
                    MeetingDocument(meeting=meeting, title=d["titre"], url=d["url"])
                    for d in r.get("documents", [])
                )
                Invitation.objects.bulk_create(
                    Invitation(
                        meeting=meeting,
                        organisation=orgs[v["organisation"]],
                        contact=contact(v["organisation"], v.get("contact")),
                        attendance=v.get("presence", ""),
                        represented_by=v.get("represente_par", ""),
                        sent_at=_dt(v.get("envoyee_le")),
                    )
                    for v in r.get("invitations", [])
                )
                for position_d, d in enumerate(r.get("decisions", []), start=1):
                    owner = d["responsable"]
                    decision = Decision.objects.create(
                        convention=convention,
                        meeting=meeting,
                        text=d["decision"],
                        owner_organisation=orgs[owner["organisation"]],
                        owner_contact=contact(owner["organisation"], owner.get("contact")),
                        due_on=_date(d.get("echeance")),
                        status=d.get("suivi", "ouverte"),
                        done_on=_date(d.get("faite_le")),
                        position=position_d,
                    )
                    decision.actions.set([actions[n] for n in d.get("actions", [])])
                    decision.nodes.set([nodes[n] for n in d.get("elements_plan", [])])
    else:
        for m in Meeting.objects.filter(convention=convention).select_related("instance"):
            meetings[(m.instance.ref, _dt_text(m.starts_at))] = m

    if "votes" in value:
        Vote.objects.filter(convention=convention).delete()
        for data in value["votes"]:
            link = data.get("reunion")
            vote = Vote.objects.create(
                convention=convention,
                meeting=meetings.get((link["instance"], link["debut"])) if link else None,
                title=data["intitule"],
                points=data["points"],
                closes_at=_dt(data.get("cloture_prevue")),
                closed_at=_dt(data.get("clos_le")),
                applied_at=_dt(data.get("priorites_appliquees_le")),
                is_fictitious=data.get("fictif", False),
            )
            candidates = {
                number: VoteCandidate.objects.create(vote=vote, action=actions[number], position=i)
                for i, number in enumerate(data["candidats"])
            }
            for b in data.get("bulletins", []):
                ballot = Ballot.objects.create(
                    vote=vote,
                    code=b["code"],
                    participant=b.get("participant", ""),
                    submitted_at=_dt(b.get("depose_le")),
                )
                BallotPoints.objects.bulk_create(
                    BallotPoints(ballot=ballot, candidate=candidates[n], points=pts)
                    for n, pts in b.get("points", {}).items()
                    if pts
                )
    # Personal feed addresses of people no longer invited nor members are dropped.
    emails = {
        e.lower()
        for e in Invitation.objects.filter(meeting__convention=convention)
        .exclude(contact__email="")
        .values_list("contact__email", flat=True)
        if e
    } | {e.lower() for e in convention.memberships.values_list("user__email", flat=True)}
    CalendarToken.objects.filter(convention=convention).exclude(email__in=emails).delete()
