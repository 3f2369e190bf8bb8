"""Checking the core of an exchange document (ctg, territoire, zones, thematiques,
organisations, membres), one method per entity, then every section: nothing is written until
the whole document is known to be right.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ctg_pilote.conventions.models import Convention, Role, Thematique
from ctg_pilote.core.approxdates import ApproximateDate
from ctg_pilote.core.images import check_logo
from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .problems import ExchangeError, Problem
from .sections import ImportContext, sections


@dataclass
class Resolved:
    """Everything the document names, looked up in the database, ready to write."""

    doc: dict
    vintage: Vintage
    caf: Departement
    epci: Epci | None
    communes: list[Commune]
    zone_communes: list[list[Commune]]
    thematiques: list[str]
    org_communes: list[Commune | None]
    signed_on: ApproximateDate | None
    context: ImportContext


def resolve(doc: dict, existing: Convention | None) -> Resolved:
    """Check the document against the database; raises ExchangeError with every problem."""
    check = CoreCheck(doc)
    vintage = check.vintage()
    caf = check.caf(vintage)
    signed_on = check.period_and_signature()
    by_code = _named_communes(doc, vintage)
    epci = check.epci(vintage)
    communes = check.territory(vintage, by_code, epci)
    in_territory = {c.code for c in communes}
    zone_communes, zone_names = check.zones(by_code, in_territory)
    thematique_codes = check.thematiques()
    refs, org_communes = check.organisations(by_code)
    known_refs = set(refs)
    if "organisations" not in doc and existing is not None:
        known_refs = set(existing.organisations.values_list("ref", flat=True))
    emails = check.members(known_refs)

    context = ImportContext(
        document=doc,
        vintage=vintage,
        communes=by_code,
        territory_codes=in_territory,
        organisation_refs=known_refs,
        zone_names=set(zone_names),
        member_emails=set(emails),
        thematique_codes=thematique_codes,
    )
    if "zones" not in doc and existing is not None:
        context.zone_names = set(existing.zones.values_list("name", flat=True))
    for section in sections():
        if section.key in doc:
            check.problems += section.check(doc[section.key], context)

    if check.problems:
        raise ExchangeError(check.problems)
    return Resolved(
        context=context,
        doc=doc,
        vintage=vintage,
        caf=caf,
        epci=epci,
        communes=communes,
        zone_communes=zone_communes,
        thematiques=list(doc["ctg"].get("thematiques", [])),
        org_communes=org_communes,
        signed_on=signed_on,
    )


def _named_communes(doc: dict, vintage: Vintage) -> dict[str, Commune]:
    """INSEE code -> Commune, for every code the territory, zones and organisations name."""
    wanted = set(doc["territoire"].get("communes", []))
    for zone in doc.get("zones", []):
        wanted.update(zone.get("communes", []))
    wanted.update(o["commune"] for o in doc.get("organisations", []) if "commune" in o)
    if not wanted:
        return {}
    return {c.code: c for c in Commune.objects.filter(vintage=vintage, code__in=wanted)}


class CoreCheck:
    """The problems of the core of one document, in document order."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def vintage(self) -> Vintage:
        """The territorial vintage the document names (else the current one); without it
        nothing else can be checked."""
        year = self.doc["territoire"].get("millesime")
        vintage = Vintage.objects.filter(year=year).first() if year else Vintage.objects.current()
        if vintage is not None:
            return vintage
        available = ", ".join(str(y) for y in Vintage.objects.values_list("year", flat=True))
        if year:
            self.add(
                "territoire.millesime",
                f"millésime {year} non chargé"
                + (f" (millésimes disponibles : {available})" if available else ""),
            )
        else:
            self.add(
                "territoire", "référentiel des territoires absent : lancez « ctg load_territories »"
            )
        raise ExchangeError(self.problems)

    def caf(self, vintage: Vintage) -> Departement | None:
        code = self.doc["ctg"]["caf"]
        caf = Departement.objects.filter(vintage=vintage, code=code).first()
        if caf is None:
            self.add("ctg.caf", f"département « {code} » inconnu")
        return caf

    def period_and_signature(self) -> ApproximateDate | None:
        """The period in order; returns the signature date."""
        ctg = self.doc["ctg"]
        periode = ctg["periode"]
        if periode["fin"] < periode["debut"]:
            self.add(
                "ctg.periode.fin",
                f"la période se termine en {periode['fin']}, avant de commencer en {periode['debut']}",
            )
        if "signee_le" not in ctg:
            return None
        try:
            return ApproximateDate.parse(ctg["signee_le"])
        except ValidationError as error:
            self.add("ctg.signee_le", " ".join(error.messages))
            return None

    def epci(self, vintage: Vintage) -> Epci | None:
        siren = self.doc["territoire"].get("epci")
        if not siren:
            return None
        epci = Epci.objects.filter(vintage=vintage, siren=siren).first()
        if epci is None:
            self.add("territoire.epci", f"EPCI {siren} inconnu (millésime {vintage.year})")
        return epci

    def territory(self, vintage: Vintage, by_code: dict, epci: Epci | None) -> list[Commune]:
        """The territory's communes: listed, else the EPCI's."""
        territoire = self.doc["territoire"]
        communes: list[Commune] = []
        if "communes" in territoire:
            for i, code in enumerate(territoire["communes"]):
                if code in by_code:
                    communes.append(by_code[code])
                else:
                    self.add(
                        f"territoire.communes[{i}]",
                        f"commune {code} inconnue (millésime {vintage.year})",
                    )
            if territoire["type"] == "commune" and len(territoire["communes"]) != 1:
                self.add(
                    "territoire.communes",
                    "un territoire de type « commune » compte une seule commune",
                )
        elif epci is not None:
            communes = list(epci.communes.order_by("code"))
        if territoire["type"] == "epci" and epci is not None:
            for i, commune in enumerate(communes):
                if commune.epci_id != epci.pk:
                    self.add(
                        f"territoire.communes[{i}]",
                        f"la commune {commune.code} ({commune.name}) n'est pas membre de {epci.name}",
                    )
        return communes

    def zones(
        self, by_code: dict, in_territory: set[str]
    ) -> tuple[list[list[Commune]], dict[str, int]]:
        """Returns each zone's communes, and the zone names (name -> first index)."""
        zone_communes: list[list[Commune]] = []
        zone_of: dict[str, int] = {}
        names: dict[str, int] = {}
        for z, zone in enumerate(self.doc.get("zones", [])):
            if zone["nom"] in names:
                self.add(
                    f"zones[{z}].nom",
                    f"nom « {zone['nom']} » déjà pris par zones[{names[zone['nom']]}]",
                )
            names.setdefault(zone["nom"], z)
            members = []
            for i, code in enumerate(zone.get("communes", [])):
                if self._zone_commune(
                    f"zones[{z}].communes[{i}]", code, by_code, in_territory, zone_of
                ):
                    zone_of[code] = z
                    members.append(by_code[code])
            zone_communes.append(members)
        return zone_communes, names

    def _zone_commune(self, path, code, by_code, in_territory, zone_of) -> bool:
        """A commune of the territory, in no other zone."""
        if code not in by_code:
            self.add(path, f"commune {code} inconnue")
        elif code not in in_territory:
            self.add(
                path,
                f"la commune {code} ({by_code[code].name}) n'est pas dans le territoire de la CTG",
            )
        elif code in zone_of:
            other = zone_of[code]
            self.add(
                path,
                f"la commune {code} ({by_code[code].name}) est déjà dans la zone "
                f"« {self.doc['zones'][other]['nom']} » (zones[{other}]) ; une commune n'appartient qu'à une zone",
            )
        else:
            return True
        return False

    def thematiques(self) -> set[str]:
        """The codes the document may name (saved or its own), once checked its own list."""
        defined = {t["code"] for t in self.doc.get("thematiques", [])}
        known = set(Thematique.objects.values_list("code", flat=True)) | defined
        for i, code in enumerate(self.doc["ctg"].get("thematiques", [])):
            if code not in known:
                self.add(
                    f"ctg.thematiques[{i}]",
                    f"thématique « {code} » inconnue ; définissez-la dans « thematiques » (code et libellé)",
                )
        return known

    def organisations(self, by_code: dict) -> tuple[dict[str, int], list[Commune | None]]:
        """Returns the refs (ref -> first index) and each organisation's commune."""
        refs: dict[str, int] = {}
        names: dict[str, int] = {}
        org_communes: list[Commune | None] = []
        for o, org in enumerate(self.doc.get("organisations", [])):
            if org["ref"] in refs:
                self.add(
                    f"organisations[{o}].ref",
                    f"référence « {org['ref']} » déjà utilisée par organisations[{refs[org['ref']]}]",
                )
            refs.setdefault(org["ref"], o)
            if org["nom"] in names:
                self.add(
                    f"organisations[{o}].nom",
                    f"« {org['nom']} » figure déjà en organisations[{names[org['nom']]}]",
                )
            names.setdefault(org["nom"], o)
            commune = None
            if "commune" in org:
                commune = by_code.get(org["commune"])
                if commune is None:
                    self.add(f"organisations[{o}].commune", f"commune {org['commune']} inconnue")
            org_communes.append(commune)
            self._legacy_signatory(f"organisations[{o}]", org)
            self._logo(f"organisations[{o}].logo", org)
        for o, org in enumerate(self.doc.get("organisations", [])):
            self._group_members(f"organisations[{o}]", org, refs)
        return refs, org_communes

    def _logo(self, path: str, org: dict) -> None:
        """A logo is base64 data of a PNG or JPEG of the type it says (core/images.py)."""
        if "logo" not in org:
            return
        try:
            data = base64.b64decode(org["logo"]["donnees"], validate=True)
            media_type = check_logo(data, name="le logo")
        except (binascii.Error, ValidationError) as error:
            message = " ".join(getattr(error, "messages", [])) or "données base64 illisibles"
            self.add(f"{path}.donnees", message)
            return
        if media_type != org["logo"]["type"]:
            self.add(f"{path}.type", f"« {org['logo']['type']} » annoncé, {media_type} trouvé")

    def _legacy_signatory(self, path: str, org: dict) -> None:
        """Version 1 said `signataire: true`; it still reads as `qualite: signataire`."""
        if org.get("signataire") and org.get("qualite", "signataire") != "signataire":
            self.add(
                f"{path}.signataire",
                f"« signataire: true » contredit « qualite: {org['qualite']} » ; "
                "gardez seulement « qualite »",
            )

    def _group_members(self, path: str, org: dict, refs: dict[str, int]) -> None:
        members = org.get("membres", [])
        if members and org.get("type") != "groupe":
            self.add(
                f"{path}.membres",
                "seul un groupe d'organisations (« type: groupe ») a des membres",
            )
        for i, ref in enumerate(members):
            if ref == org["ref"]:
                self.add(f"{path}.membres[{i}]", "un groupe ne peut pas être membre de lui-même")
            elif ref not in refs:
                self.add(
                    f"{path}.membres[{i}]",
                    f"organisation « {ref} » inconnue dans ce document",
                )

    def members(self, known_refs: set[str]) -> dict[str, int]:
        """Returns the members' e-mails, lower case (e-mail -> first index)."""
        emails: dict[str, int] = {}
        for m, member in enumerate(self.doc.get("membres", [])):
            email = member["courriel"].lower()
            if email in emails:
                self.add(
                    f"membres[{m}].courriel", f"{email} figure déjà en membres[{emails[email]}]"
                )
            emails.setdefault(email, m)
            if "organisation" in member and member["organisation"] not in known_refs:
                self.add(
                    f"membres[{m}].organisation",
                    f"organisation « {member['organisation']} » inconnue dans ce document",
                )
            if member["role"] == Role.PARTENAIRE and "organisation" not in member:
                self.add(
                    f"membres[{m}].organisation",
                    "un partenaire doit être rattaché à une organisation",
                )
        return emails
