"""Checking the `gouvernance` section of an exchange document, one method per entity.

What the schema cannot see: references to organisations, contacts, plan elements and
thematiques, dates in order, duplicates, and ballot codes unique across CTGs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ctg_pilote.conventions.models import Contact, Convention
from ctg_pilote.core.validators import ends_before_start
from ctg_pilote.exchange import values
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.plan.action_refs import action_names
from ctg_pilote.plan.models import Action, Node

from .exchange_common import (
    approximate,
    contact_key,
    document_contact_key,
    phase_refs,
    phase_title,
)
from .models import Ballot, CnafPhase, Phase

ROOT = "gouvernance"
LEGACY_PRECISIONS = ("jour", "mois", "annee")  # version 1 documents


def contact_keys(ctx: ImportContext) -> dict[str, dict[str, int]]:
    """org ref -> {contact key -> number of contacts with that key}."""
    keys: dict[str, dict[str, int]] = {}
    if "organisations" in ctx.document:
        for org in ctx.document["organisations"]:
            counts = keys.setdefault(org["ref"], {})
            for c in org.get("contacts", []):
                k = document_contact_key(c)
                counts[k] = counts.get(k, 0) + 1
        return keys
    existing = Convention.objects.filter(slug=ctx.document["ctg"]["identifiant"]).first()
    if existing:
        for c in Contact.objects.filter(organisation__convention=existing).select_related(
            "organisation"
        ):
            counts = keys.setdefault(c.organisation.ref, {})
            k = contact_key(c)
            counts[k] = counts.get(k, 0) + 1
    return keys


def plan_numbers(ctx: ImportContext) -> tuple[set[str], set[str]]:
    """The plan's node and action numbers: the document's plan section, else the database's."""
    if "plan" in ctx.document:
        return set(ctx.plan_node_numbers), set(ctx.plan_action_numbers)
    existing = Convention.objects.filter(slug=ctx.document["ctg"]["identifiant"]).first()
    if existing is None:
        return set(), set()
    return (
        set(Node.objects.filter(convention=existing).values_list("number", flat=True)),
        set(action_names(Action.objects.filter(convention=existing))),
    )


class GovernanceCheck:
    """The problems of one `gouvernance` value, in document order."""

    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        self.problems: list[Problem] = []
        self.contacts = contact_keys(ctx)
        self.node_numbers, self.action_numbers = plan_numbers(ctx)
        self.thematique_codes = ctx.known_thematiques()
        self.meeting_keys: set[tuple[str, str]] = set()  # (instance ref, start) in the document
        self.ballot_codes: dict[str, str] = {}  # code -> path of its first ballot

    def run(self, value: dict) -> list[Problem]:
        if "phases" in value:
            self.phase_refs = set(self.phases(value["phases"]))
        else:
            self.phase_refs = self.recorded_phase_refs()
        self.key_dates(value.get("dates_cles", []))
        self.instances(value.get("instances", []))
        self.schemes(value.get("dispositifs", []))
        self.partners(value.get("partenaires", []))
        for v, vote in enumerate(value.get("votes", [])):
            self.vote(f"{ROOT}.votes[{v}]", vote)
        self.ballot_codes_of_other_ctgs()
        return self.problems

    # ---- references and values shared by the entities ----------------------------------------

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def org(self, path: str, ref: str) -> bool:
        if ref not in self.ctx.organisation_refs:
            self.add(path, f"organisation « {ref} » inconnue dans ce document")
            return False
        return True

    def contact(self, path: str, ref: str, key: str | None) -> None:
        if key is None or ref not in self.ctx.organisation_refs:
            return
        found = self.contacts.get(ref, {}).get(key.lower() if "@" in key else key, 0)
        if found == 0:
            self.add(path, f"contact « {key} » inconnu pour l'organisation « {ref} »")
        elif found > 1:
            self.add(path, f"contact « {key} » ambigu : plusieurs contacts de « {ref} » ont ce nom")

    def org_and_contact(self, path: str, data: dict, key: str = "organisation") -> None:
        """`data[key]` names an organisation of the document, `data["contact"]` one of its
        contacts (paths `<path>.<key>` and `<path>.contact`)."""
        if self.org(f"{path}.{key}", data[key]):
            self.contact(f"{path}.contact", data[key], data.get("contact"))

    def plan_refs(self, path: str, numbers: list[str], known: set[str], what: str) -> None:
        for i, number in enumerate(numbers):
            if number not in known:
                self.add(f"{path}[{i}]", f"{what} « {number} » inconnu(e) dans le plan")

    def plan_links(self, path: str, data: dict) -> None:
        """The `actions` and `elements_plan` lists of an instance, a decision or a scheme."""
        self.plan_refs(f"{path}.actions", data.get("actions", []), self.action_numbers, "action")
        self.plan_refs(
            f"{path}.elements_plan", data.get("elements_plan", []), self.node_numbers, "élément"
        )

    def thematiques(self, path: str, codes: list[str]) -> None:
        for i, code in enumerate(codes):
            if code not in self.thematique_codes:
                self.add(f"{path}[{i}]", f"thématique « {code} » inconnue")

    def dates(self, path: str, data: dict, *pairs: tuple[str, str]) -> None:
        """Each date readable, and each (start, end) pair in order; stops at the first
        unreadable date."""
        for start_key, end_key in pairs:
            start, end = data.get(start_key), data.get(end_key)
            for key in (start_key, end_key):
                if data.get(key):
                    try:
                        (values.datetime if "T" in data[key] else values.date)(data[key])
                    except ValueError:
                        self.add(f"{path}.{key}", f"date impossible : {data[key]}")
                        return
            if ends_before_start(start, end):
                self.add(f"{path}.{end_key}", f"{end} précède {start}")

    def legacy_precision(self, path: str, data: dict) -> None:
        if data.get("precision", "jour") not in LEGACY_PRECISIONS:
            self.add(
                f"{path}.precision",
                f"précision « {data['precision']} » inconnue ; possibles : "
                + ", ".join(LEGACY_PRECISIONS),
            )

    def approximate_dates(self, path: str, data: dict, *pairs: tuple[str, str]) -> None:
        """Each (start, end) pair of approximate dates in order: the end may not finish before
        the start begins. Unreadable dates are the schema's to say."""
        for start_key, end_key in pairs:
            try:
                start = approximate(data.get(start_key), data.get("precision", ""))
                end = approximate(data.get(end_key), data.get("precision", ""))
            except ValidationError:
                continue
            if start and end and end.end < start.start:
                self.add(f"{path}.{end_key}", f"{data[end_key]} précède {data[start_key]}")

    # ---- entities ----------------------------------------------------------------------------

    def recorded_phase_refs(self) -> set[str]:
        return set(
            Phase.objects.filter(
                convention__slug=self.ctx.document["ctg"]["identifiant"]
            ).values_list("ref", flat=True)
        )

    def phases(self, phases: list[dict]) -> list[str]:
        """Check the phases; returns their refs."""
        refs = phase_refs(phases)
        seen: dict[str, int] = {}
        for p, (phase, ref) in enumerate(zip(phases, refs, strict=True)):
            path = f"{ROOT}.phases[{p}]"
            if not phase_title(phase):
                self.add(path, "champ obligatoire manquant : intitule")
            self.legacy_precision(path, phase)
            if phase.get("phase") and phase["phase"] not in CnafPhase.values:
                self.add(
                    f"{path}.phase",
                    f"étape « {phase['phase']} » inconnue ; possibles : "
                    + ", ".join(CnafPhase.values),
                )
            if phase.get("ref") and phase.get("phase") and phase["ref"] != phase["phase"]:
                self.add(
                    f"{path}.phase", "« phase » est l'ancienne forme de « ref » : gardez « ref »"
                )
            if ref in seen:
                key = "ref" if phase.get("ref") else "phase"
                self.add(
                    f"{path}.{key}", f"phase « {ref} » déjà décrite en {ROOT}.phases[{seen[ref]}]"
                )
            seen.setdefault(ref, p)
            self.approximate_dates(
                path, phase, ("debut_prevu", "fin_prevue"), ("debut_reel", "fin_reelle")
            )
        return refs

    def key_dates(self, key_dates: list[dict]) -> None:
        for k, key_date in enumerate(key_dates):
            path = f"{ROOT}.dates_cles[{k}]"
            self.approximate_dates(path, key_date, ("date", "fin"))
            self.legacy_precision(path, key_date)
            if key_date.get("fin") and not key_date.get("date"):
                self.add(f"{path}.fin", "une fin demande une date de début (« date »)")
            ref = key_date.get("phase")
            if ref and ref not in self.phase_refs and ref not in CnafPhase.values:
                self.add(
                    f"{path}.phase",
                    f"phase « {ref} » inconnue : décrivez-la dans {ROOT}.phases (« ref »)",
                )
            if "statut" in key_date and "realisee" in key_date:
                self.add(
                    f"{path}.realisee",
                    "« realisee » est l'ancienne forme de « statut » : gardez « statut »",
                )

    def schemes(self, schemes: list[dict]) -> None:
        refs: dict[str, int] = {}
        for d, scheme in enumerate(schemes):
            path = f"{ROOT}.dispositifs[{d}]"
            ref = scheme.get("ref")
            if ref in refs:
                self.add(
                    f"{path}.ref",
                    f"référence « {ref} » déjà utilisée par {ROOT}.dispositifs[{refs[ref]}]",
                )
            if ref:
                refs.setdefault(ref, d)
            self.plan_links(path, scheme)

    def instances(self, instances: list[dict]) -> None:
        refs: dict[str, int] = {}
        names: dict[str, int] = {}
        for i, instance in enumerate(instances):
            path = f"{ROOT}.instances[{i}]"
            if instance["ref"] in refs:
                self.add(
                    f"{path}.ref",
                    f"référence « {instance['ref']} » déjà utilisée par {ROOT}.instances[{refs[instance['ref']]}]",
                )
            refs.setdefault(instance["ref"], i)
            if instance["nom"] in names:
                self.add(
                    f"{path}.nom",
                    f"« {instance['nom']} » figure déjà en {ROOT}.instances[{names[instance['nom']]}]",
                )
            names.setdefault(instance["nom"], i)
            if instance["type"] == "autre" and not instance.get("type_libelle"):
                self.add(f"{path}.type_libelle", "nommez ce type d'instance (type « autre »)")
            self.thematiques(f"{path}.thematiques", instance.get("thematiques", []))
            self.plan_links(path, instance)
            for m, member in enumerate(instance.get("membres", [])):
                self.org_and_contact(f"{path}.membres[{m}]", member)
            for r, meeting in enumerate(instance.get("reunions", [])):
                self.meeting(f"{path}.reunions[{r}]", instance["ref"], meeting)

    def meeting(self, path: str, instance_ref: str, meeting: dict) -> None:
        self.dates(path, meeting, ("debut", "fin"), ("reportee_du", "reportee_du"))
        if meeting.get("reportee_du") and meeting["reportee_du"] == meeting["debut"]:
            self.add(f"{path}.reportee_du", "la date d'origine est celle de « debut »")
        if meeting.get("motif_annulation") and meeting.get("statut") != "annulee":
            self.add(
                f"{path}.motif_annulation", "un motif d'annulation demande le statut « annulee »"
            )
        self.meeting_keys.add((instance_ref, meeting["debut"]))
        invited: dict[tuple, int] = {}
        for v, invitation in enumerate(meeting.get("invitations", [])):
            vpath = f"{path}.invitations[{v}]"
            self.org_and_contact(vpath, invitation)
            who = (invitation["organisation"], invitation.get("contact"))
            if who in invited:
                self.add(vpath, f"déjà invité·e en {path}.invitations[{invited[who]}]")
            invited.setdefault(who, v)
            self.invitation(vpath, invitation)
        for d, decision in enumerate(meeting.get("decisions", [])):
            self.decision(f"{path}.decisions[{d}]", decision)

    def invitation(self, path: str, invitation: dict) -> None:
        if invitation.get("presence") == "represente" and not invitation.get("represente_par"):
            self.add(
                f"{path}.represente_par",
                "indiquez par qui la personne ou l'organisation est représentée",
            )
        if invitation.get("represente_par") and invitation.get("presence") != "represente":
            self.add(f"{path}.presence", "« represente_par » demande la présence « represente »")
        self.dates(path, invitation, ("envoyee_le", "envoyee_le"))

    def decision(self, path: str, decision: dict) -> None:
        owner = decision["responsable"]
        if self.org(f"{path}.responsable.organisation", owner["organisation"]):
            self.contact(f"{path}.responsable.contact", owner["organisation"], owner.get("contact"))
        self.dates(path, decision, ("echeance", "echeance"), ("faite_le", "faite_le"))
        if decision.get("faite_le") and decision.get("suivi") != "faite":
            self.add(f"{path}.faite_le", "une date de réalisation demande le suivi « faite »")
        self.plan_links(path, decision)
        previous = ""
        for h, change in enumerate(decision.get("historique", [])):
            hpath = f"{path}.historique[{h}]"
            self.dates(hpath, change, ("le", "le"), ("echeance", "echeance"))
            self.dates(hpath, change, ("en_vigueur_le", "en_vigueur_le"), ("faite_le", "faite_le"))
            if change.get("faite_le") and change["suivi"] != "faite":
                self.add(f"{hpath}.faite_le", "une date de réalisation demande le suivi « faite »")
            if change["le"] < previous:
                self.add(f"{hpath}.le", "l'historique va du plus ancien au plus récent")
            previous = change["le"]

    def partners(self, partners: list[dict]) -> None:
        seen: dict[str, int] = {}
        wanted_communes = set()
        for p, partner in enumerate(partners):
            path = f"{ROOT}.partenaires[{p}]"
            if self.org(f"{path}.organisation", partner["organisation"]):
                if partner["organisation"] in seen:
                    self.add(
                        f"{path}.organisation",
                        f"déjà décrite en {ROOT}.partenaires[{seen[partner['organisation']]}]",
                    )
                seen.setdefault(partner["organisation"], p)
            self.thematiques(f"{path}.thematiques", partner.get("thematiques", []))
            wanted_communes.update(partner.get("communes", []))
        if not wanted_communes:
            return
        for p, partner in enumerate(partners):
            for c, code in enumerate(partner.get("communes", [])):
                if code not in self.ctx.territory_codes:
                    self.add(
                        f"{ROOT}.partenaires[{p}].communes[{c}]",
                        f"la commune {code} n'est pas dans le territoire de la CTG",
                    )

    def vote(self, path: str, vote: dict) -> None:
        self.plan_refs(f"{path}.candidats", vote["candidats"], self.action_numbers, "action")
        link = vote.get("reunion")
        if link is not None and (link["instance"], link["debut"]) not in self.meeting_keys:
            self.add(
                f"{path}.reunion", "aucune réunion de cette instance à cette date dans ce document"
            )
        self.dates(path, vote, ("cloture_prevue", "cloture_prevue"), ("clos_le", "clos_le"))
        candidates = set(vote["candidats"])
        for b, ballot in enumerate(vote.get("bulletins", [])):
            self.ballot(f"{path}.bulletins[{b}]", ballot, candidates, vote["points"])

    def ballot(self, path: str, ballot: dict, candidates: set[str], points: int) -> None:
        if ballot["code"] in self.ballot_codes:
            self.add(f"{path}.code", f"code déjà utilisé par {self.ballot_codes[ballot['code']]}")
        self.ballot_codes.setdefault(ballot["code"], path)
        given = ballot.get("points", {})
        for number in given:
            if number not in candidates:
                self.add(
                    f"{path}.points.{number}",
                    f"l'action « {number} » n'est pas candidate à ce vote",
                )
        if given and sum(given.values()) != points:
            self.add(f"{path}.points", f"{sum(given.values())} points répartis au lieu de {points}")
        if given and not ballot.get("depose_le"):
            self.add(
                f"{path}.depose_le", "un bulletin qui porte des points doit avoir sa date de dépôt"
            )

    def ballot_codes_of_other_ctgs(self) -> None:
        taken = Ballot.objects.filter(code__in=self.ballot_codes).exclude(
            vote__convention__slug=self.ctx.document["ctg"]["identifiant"]
        )
        for code in taken.values_list("code", flat=True):
            self.add(f"{self.ballot_codes[code]}.code", "code déjà utilisé par une autre CTG")
