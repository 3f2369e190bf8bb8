"""The `gouvernance` section of the exchange document (docs/format-echange-governance.md).

Organisations are named by their `ref`; a contact by its e-mail, else "Prénom Nom", else its
function; plan nodes and actions by their numbers, as in the `plan` section (resolved against
that section when the document has one, else against the CTG's plan in the database).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctg_pilote.conventions.models import Contact, Convention, Thematique
from ctg_pilote.core.validators import ends_before_start
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section
from ctg_pilote.plan.models import Action, Node

from .exchange_common import _date, _doc_contact_key, _dt, contact_key
from .exchange_export import export_governance
from .exchange_write import write_governance
from .models import Ballot


class GovernanceSection(Section):
    key = "gouvernance"
    title = "Gouvernance"
    order = 30
    schema_file = Path(__file__).parent / "exchange_schema.json"

    # ---- check -----------------------------------------------------------------------------

    def _contact_keys(self, ctx: ImportContext) -> dict[str, dict[str, int]]:
        """org ref -> {contact key -> number of contacts with that key}."""
        keys: dict[str, dict[str, int]] = {}
        if "organisations" in ctx.document:
            for org in ctx.document["organisations"]:
                counts = keys.setdefault(org["ref"], {})
                for c in org.get("contacts", []):
                    k = _doc_contact_key(c)
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

    def _plan_ids(self, ctx: ImportContext) -> tuple[set[str], set[str]]:
        if "plan" in ctx.document:
            return (
                set(ctx.shared.get("plan.node_ids", set())),
                set(ctx.shared.get("plan.action_ids", set())),
            )
        existing = Convention.objects.filter(slug=ctx.document["ctg"]["identifiant"]).first()
        if existing is None:
            return set(), set()
        return (
            set(Node.objects.filter(convention=existing).values_list("number", flat=True)),
            set(Action.objects.filter(convention=existing).values_list("number", flat=True)),
        )

    def check(self, value: dict, ctx: ImportContext) -> list[Problem]:
        problems: list[Problem] = []
        add = lambda path, message: problems.append(Problem(path, message))  # noqa: E731
        root = self.key
        refs = ctx.organisation_refs
        contacts = self._contact_keys(ctx)
        node_ids, action_ids = self._plan_ids(ctx)
        known_thematiques = set(Thematique.objects.values_list("code", flat=True)) | {
            t["code"] for t in ctx.document.get("thematiques", [])
        }

        def org(path, ref):
            if ref not in refs:
                add(path, f"organisation « {ref} » inconnue dans ce document")
                return False
            return True

        def contact(path, ref, key):
            if key is None or ref not in refs:
                return
            found = contacts.get(ref, {}).get(key.lower() if "@" in key else key, 0)
            if found == 0:
                add(path, f"contact « {key} » inconnu pour l'organisation « {ref} »")
            elif found > 1:
                add(path, f"contact « {key} » ambigu : plusieurs contacts de « {ref} » ont ce nom")

        def plan_refs(path, numbers, known, what):
            for i, number in enumerate(numbers):
                if number not in known:
                    add(f"{path}[{i}]", f"{what} « {number} » inconnu(e) dans le plan")

        def thematiques(path, codes):
            for i, code in enumerate(codes):
                if code not in known_thematiques:
                    add(f"{path}[{i}]", f"thématique « {code} » inconnue")

        def dates(path, data, *pairs):
            for start_key, end_key in pairs:
                start, end = data.get(start_key), data.get(end_key)
                for key in (start_key, end_key):
                    if data.get(key):
                        try:
                            (_dt if "T" in data[key] else _date)(data[key])
                        except ValueError:
                            add(f"{path}.{key}", f"date impossible : {data[key]}")
                            return
                if ends_before_start(start, end):
                    add(f"{path}.{end_key}", f"{end} précède {start}")

        seen_phases: dict[str, int] = {}
        for p, phase in enumerate(value.get("phases", [])):
            path = f"{root}.phases[{p}]"
            if phase["phase"] in seen_phases:
                add(
                    f"{path}.phase",
                    f"phase déjà décrite en {root}.phases[{seen_phases[phase['phase']]}]",
                )
            seen_phases.setdefault(phase["phase"], p)
            dates(path, phase, ("debut_prevu", "fin_prevue"), ("debut_reel", "fin_reelle"))
        for k, key_date in enumerate(value.get("dates_cles", [])):
            dates(f"{root}.dates_cles[{k}]", key_date, ("date", "fin"))

        instance_refs: dict[str, int] = {}
        instance_names: dict[str, int] = {}
        meeting_keys: set[tuple[str, str]] = set()
        for i, instance in enumerate(value.get("instances", [])):
            path = f"{root}.instances[{i}]"
            if instance["ref"] in instance_refs:
                add(
                    f"{path}.ref",
                    f"référence « {instance['ref']} » déjà utilisée par {root}.instances[{instance_refs[instance['ref']]}]",
                )
            instance_refs.setdefault(instance["ref"], i)
            if instance["nom"] in instance_names:
                add(
                    f"{path}.nom",
                    f"« {instance['nom']} » figure déjà en {root}.instances[{instance_names[instance['nom']]}]",
                )
            instance_names.setdefault(instance["nom"], i)
            if instance["type"] == "autre" and not instance.get("type_libelle"):
                add(f"{path}.type_libelle", "nommez ce type d'instance (type « autre »)")
            thematiques(f"{path}.thematiques", instance.get("thematiques", []))
            plan_refs(f"{path}.actions", instance.get("actions", []), action_ids, "action")
            plan_refs(
                f"{path}.elements_plan", instance.get("elements_plan", []), node_ids, "élément"
            )
            for m, member in enumerate(instance.get("membres", [])):
                mpath = f"{path}.membres[{m}]"
                if org(f"{mpath}.organisation", member["organisation"]):
                    contact(f"{mpath}.contact", member["organisation"], member.get("contact"))
            for r, meeting in enumerate(instance.get("reunions", [])):
                rpath = f"{path}.reunions[{r}]"
                dates(rpath, meeting, ("debut", "fin"))
                meeting_keys.add((instance["ref"], meeting["debut"]))
                invited: dict[tuple, int] = {}
                for v, inv in enumerate(meeting.get("invitations", [])):
                    vpath = f"{rpath}.invitations[{v}]"
                    if org(f"{vpath}.organisation", inv["organisation"]):
                        contact(f"{vpath}.contact", inv["organisation"], inv.get("contact"))
                    who = (inv["organisation"], inv.get("contact"))
                    if who in invited:
                        add(vpath, f"déjà invité·e en {rpath}.invitations[{invited[who]}]")
                    invited.setdefault(who, v)
                    if inv.get("presence") == "represente" and not inv.get("represente_par"):
                        add(
                            f"{vpath}.represente_par",
                            "indiquez par qui la personne ou l'organisation est représentée",
                        )
                    if inv.get("represente_par") and inv.get("presence") != "represente":
                        add(
                            f"{vpath}.presence",
                            "« represente_par » demande la présence « represente »",
                        )
                    dates(vpath, inv, ("envoyee_le", "envoyee_le"))
                for d, decision in enumerate(meeting.get("decisions", [])):
                    dpath = f"{rpath}.decisions[{d}]"
                    owner = decision["responsable"]
                    if org(f"{dpath}.responsable.organisation", owner["organisation"]):
                        contact(
                            f"{dpath}.responsable.contact",
                            owner["organisation"],
                            owner.get("contact"),
                        )
                    dates(dpath, decision, ("echeance", "echeance"), ("faite_le", "faite_le"))
                    if decision.get("faite_le") and decision.get("suivi") != "faite":
                        add(
                            f"{dpath}.faite_le",
                            "une date de réalisation demande le suivi « faite »",
                        )
                    plan_refs(f"{dpath}.actions", decision.get("actions", []), action_ids, "action")
                    plan_refs(
                        f"{dpath}.elements_plan",
                        decision.get("elements_plan", []),
                        node_ids,
                        "élément",
                    )

        seen_orgs: dict[str, int] = {}
        wanted_communes = set()
        for p, partner in enumerate(value.get("partenaires", [])):
            path = f"{root}.partenaires[{p}]"
            if org(f"{path}.organisation", partner["organisation"]):
                if partner["organisation"] in seen_orgs:
                    add(
                        f"{path}.organisation",
                        f"déjà décrite en {root}.partenaires[{seen_orgs[partner['organisation']]}]",
                    )
                seen_orgs.setdefault(partner["organisation"], p)
            thematiques(f"{path}.thematiques", partner.get("thematiques", []))
            wanted_communes.update(partner.get("communes", []))
        if wanted_communes:
            for p, partner in enumerate(value.get("partenaires", [])):
                for c, code in enumerate(partner.get("communes", [])):
                    if code not in ctx.territory_codes:
                        add(
                            f"{root}.partenaires[{p}].communes[{c}]",
                            f"la commune {code} n'est pas dans le territoire de la CTG",
                        )

        codes: dict[str, str] = {}
        for v, vote in enumerate(value.get("votes", [])):
            path = f"{root}.votes[{v}]"
            plan_refs(f"{path}.candidats", vote["candidats"], action_ids, "action")
            if (
                "reunion" in vote
                and (vote["reunion"]["instance"], vote["reunion"]["debut"]) not in meeting_keys
            ):
                add(
                    f"{path}.reunion",
                    "aucune réunion de cette instance à cette date dans ce document",
                )
            dates(path, vote, ("cloture_prevue", "cloture_prevue"), ("clos_le", "clos_le"))
            candidates = set(vote["candidats"])
            for b, ballot in enumerate(vote.get("bulletins", [])):
                bpath = f"{path}.bulletins[{b}]"
                if ballot["code"] in codes:
                    add(f"{bpath}.code", f"code déjà utilisé par {codes[ballot['code']]}")
                codes.setdefault(ballot["code"], bpath)
                given = ballot.get("points", {})
                for number in given:
                    if number not in candidates:
                        add(
                            f"{bpath}.points.{number}",
                            f"l'action « {number} » n'est pas candidate à ce vote",
                        )
                if given and sum(given.values()) != vote["points"]:
                    add(
                        f"{bpath}.points",
                        f"{sum(given.values())} points répartis au lieu de {vote['points']}",
                    )
                if given and not ballot.get("depose_le"):
                    add(
                        f"{bpath}.depose_le",
                        "un bulletin qui porte des points doit avoir sa date de dépôt",
                    )
        taken = Ballot.objects.filter(code__in=codes).exclude(
            vote__convention__slug=ctx.document["ctg"]["identifiant"]
        )
        for code in taken.values_list("code", flat=True):
            add(f"{codes[code]}.code", "code déjà utilisé par une autre CTG")
        return problems

    def write(self, value: dict, ctx: ImportContext) -> None:
        write_governance(value, ctx)

    def export(self, convention) -> Any:
        return export_governance(convention)
