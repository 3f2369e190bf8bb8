"""The hostile CTG: a complete Convention Territoriale Globale whose every text is a payload
(markup and a formula) and every number the largest its field accepts, with one person per
role. Built through the ORM with `payloads.create`, so a field added to a model gets a payload
without touching this file."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ctg_pilote.accounts.models import User
from ctg_pilote.api.models import ApiToken
from ctg_pilote.api.services import create_token
from ctg_pilote.collaboration import models as collaboration
from ctg_pilote.collaboration.notifications import unsubscribe_token
from ctg_pilote.collaboration.services import follow, post_comment
from ctg_pilote.conventions import models as conventions
from ctg_pilote.conventions.services import ensure_base_thematiques
from ctg_pilote.diagnostic import models as diagnostic
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.diagnostic.services import ensure_population_values
from ctg_pilote.governance import models as governance
from ctg_pilote.governance.services import sanitize_minutes
from ctg_pilote.pilotage import models as pilotage
from ctg_pilote.pilotage.adoption import adopt_bilan
from ctg_pilote.plan import models as plan
from ctg_pilote.plan.services import renumber, take_snapshot
from ctg_pilote.publication.models import ALL_SECTIONS, Publication
from ctg_pilote.reports.bilan import render_bilan
from ctg_pilote.territories.models import Commune, Epci, Vintage

from .payloads import XSS, create, hostile_text, hostile_values, largest_number

SLUG = "ctg-hostile"
# Accepted by Django's URL validator, yet breaks out of an unescaped href.
HOSTILE_URL = 'https://exemple.test/"><script>alert(2)</script>'
ROLES = ("anonyme", "exterieur", "lecteur", "partenaire", "caf", "coordinateur", "admin")
MEMBER_ROLES = {
    "lecteur": conventions.Role.LECTEUR,
    "partenaire": conventions.Role.PARTENAIRE,
    "caf": conventions.Role.CAF,
    "coordinateur": conventions.Role.COORDINATEUR,
}
DEPARTEMENT = "17"


@dataclass
class Hostile:
    convention: conventions.Convention
    users: dict[str, User]
    objects: dict[str, object] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _users() -> dict[str, User]:
    users = {}
    for n, role in enumerate(ROLES[1:], start=1):
        users[role] = User.objects.create_user(
            email=f"=hostile{n}+{role}@exemple.test",
            password="mot-de-passe-test",
            is_staff=role == "admin",
            is_superuser=role == "admin",
            **{k: v for k, v in hostile_values(User).items() if k in ("first_name", "last_name")},
        )
    return users


def build_hostile_ctg() -> Hostile:
    ensure_base_thematiques()
    ensure_catalogue()
    vintage = Vintage.objects.current()
    ensure_population_values(vintage=vintage)
    epci = (
        Epci.objects.filter(vintage=vintage, departement__code=DEPARTEMENT)
        .order_by("-population", "siren")
        .first()
    )
    communes = list(Commune.objects.filter(epci=epci).order_by("code"))
    users = _users()
    thematique = create(conventions.Thematique, code="hostile", label=hostile_text(100, name=True))

    convention = create(
        conventions.Convention,
        slug=SLUG,
        name=hostile_text(200, name=True),
        status=conventions.ConventionStatus.RUNNING,
        start_year=2024,
        end_year=2028,
        signed_on=datetime.date(2024, 1, 15),
        caf_departement=epci.departement,
        territory_kind=conventions.TerritoryKind.EPCI,
        vintage=vintage,
        epci=epci,
    )
    convention.communes.set(communes)
    convention.thematiques.set(conventions.Thematique.objects.all())
    h = Hostile(convention=convention, users=users)
    o = h.objects
    o.update(vintage=vintage, epci=epci, departement=epci.departement, commune=communes[0])
    o["region"] = epci.departement.region
    o["thematique"] = thematique

    # Conventions: zones, organisations, contacts, memberships.
    o["zone"] = create(conventions.Zone, convention=convention, position=1)
    for commune in communes[:3]:
        conventions.ZoneCommune.objects.create(
            convention=convention, zone=o["zone"], commune=commune
        )
    create(conventions.Zone, convention=convention, position=2)
    organisations = [
        create(
            conventions.Organisation,
            convention=convention,
            ref=f"org-{n}",
            kind=kind,
            siren="",
            siret="",
            commune=communes[n % len(communes)],
            website=HOSTILE_URL,
        )
        for n, kind in enumerate(("caf", "epci", "centre_social", "association"))
    ]
    o["organisation"] = organisations[2]
    o["partner"] = organisations[3]
    contacts = [
        create(conventions.Contact, organisation=org, email="=contact+1@exemple.test")
        for org in organisations
    ]
    o["contact"] = contacts[2]
    memberships = {}
    for name, role in MEMBER_ROLES.items():
        memberships[name] = conventions.Membership.objects.create(
            convention=convention,
            user=users[name],
            role=role,
            organisation=o["organisation"] if name == "partenaire" else organisations[0],
        )
    o["membership"] = memberships["lecteur"]

    # Plan: levels, a two-level tree, actions with everything attached.
    for depth in (1, 2):
        create(plan.Level, convention=convention, depth=depth)
    enjeux = []
    for position in (1, 2):
        enjeu = create(
            plan.Node,
            convention=convention,
            depth=1,
            position=position,
            number=f"tmp{position}",  # renumber() gives the real ones
            expected_results=[hostile_text(None), hostile_text(300)],
        )
        enjeu.thematiques.set([thematique])
        enjeux.append(enjeu)
    objectif = create(
        plan.Node,
        convention=convention,
        parent=enjeux[0],
        depth=2,
        position=1,
        number="tmp3",
        expected_results=[hostile_text(None)],
    )
    renumber(convention=convention)
    o["node"] = enjeux[0]
    issue = create(plan.CrossCuttingIssue, convention=convention, ref="transversal")
    issue.nodes.set(enjeux)
    o["cross_cutting_issue"] = issue
    actions = []
    for n, node in enumerate((objectif, enjeux[1], objectif), start=1):
        action = create(
            plan.Action,
            convention=convention,
            node=node,
            number=hostile_text(20),
            position=n,
            pilot=o["organisation"] if n == 1 else organisations[3],
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2028, 12, 31),
            status=plan.ActionStatus.RUNNING,
            age_bands=[plan.AgeBand.UNDER_3.value, plan.AgeBand.TEEN.value],
            linked_schemes=[plan.LocalScheme.CLS.value],
            participation=plan.Participation.CO_CONSTRUCTION,
            whole_territory=n != 2,
        )
        action.thematiques.set([thematique])
        action.zones.set([o["zone"]])
        action.communes.set(communes[:2])
        create(plan.PartnerRole, action=action, organisation=organisations[3])
        o["milestone"] = create(plan.Milestone, action=action, date=datetime.date(2026, 6, 1))
        for year in (2025, 2026):
            o["budget_line"] = create(
                plan.BudgetLine, action=action, year=year, funder=organisations[0]
            )
        o["note"] = create(
            plan.Note, action=action, date=datetime.date(2026, 2, 1), author=users["coordinateur"]
        )
        o["change"] = create(
            plan.Change,
            action=action,
            author=users["coordinateur"],
            field="title",
            version=1,
        )
        actions.append(action)
    o["action"] = actions[0]
    o["document"] = create(
        plan.ActionDocument,
        action=actions[0],
        file=SimpleUploadedFile("document.pdf", tiny_pdf(), content_type="application/pdf"),
        uploaded_by=users["coordinateur"],
    )
    indicators = []
    for owner in [{"action": a} for a in actions] + [{"node": enjeux[0]}]:
        indicator = create(
            plan.Indicator,
            convention=convention,
            ref=hostile_text(30),
            unit=hostile_text(40),
            baseline_year=2024,
            **owner,
        )
        for year in (2025, 2026, 2028):
            create(plan.IndicatorTarget, indicator=indicator, year=year)
        for year in (2024, 2025, 2026):
            o["plan_indicator_value"] = create(plan.IndicatorValue, indicator=indicator, year=year)
        indicators.append(indicator)
    o["indicator"] = indicators[0]
    o["snapshot"] = take_snapshot(
        convention=convention, by=users["coordinateur"], label=hostile_text(200, name=True)
    )
    h.values["indicator_year"] = 2025

    _diagnostic(h, communes, organisations, thematique, enjeux)
    _governance(h, organisations, contacts, actions, enjeux, thematique, communes)
    _collaboration(h)

    # Pilotage: the narratives of every kind of bilan, evaluations of the results.
    for kind in pilotage.BilanKind.values:
        bilan = create(pilotage.Bilan, convention=convention, kind=kind, year=2026)
        for node in (*enjeux, objectif):
            create(pilotage.BilanNodeText, bilan=bilan, node=node)
    evaluation = create(
        pilotage.ResultEvaluation,
        convention=convention,
        node=enjeux[0],
        position=1,
        judgement="partiellement_atteint",
    )
    evaluation.indicators.set(indicators[-1:])
    h.values["bilan_year"] = 2026
    # An adopted bilan: its files rendered from the hostile texts, at a hostile meeting.
    adopted = adopt_bilan(
        convention=convention,
        kind=pilotage.BilanKind.ANNUAL,
        year=2026,
        by=users["coordinateur"],
        render=render_bilan,
        presented_on=timezone.localdate(),
    )
    pilotage.AdoptedBilan.objects.filter(pk=adopted.pk).update(
        meeting=o["meeting"], meeting_title=hostile_text(200, name=True)
    )
    o["adopted_bilan"] = adopted

    create(
        Publication,
        convention=convention,
        is_published=True,
        sections=list(ALL_SECTIONS),
    )

    # Platform: API tokens of each person, a group, a password-reset link.
    for role, user in users.items():
        token, raw = create_token(user=user, name=hostile_text(100, name=True))
        o[f"token_{role}"] = token
        h.values[f"api_key_{role}"] = raw
    o["token"] = o["token_coordinateur"]
    o["group"] = Group.objects.create(name=hostile_text(150, name=True))
    user = users["coordinateur"]
    h.values["uidb64"] = urlsafe_base64_encode(force_bytes(user.pk))
    h.values["reset_token"] = default_token_generator.make_token(user)
    assert ApiToken.objects.filter(user__in=users.values()).count() == len(users)
    return h


def _collaboration(h):
    """Comments with hostile text on an action, a follower told of them, a CAF scope, an
    address that asked for no more e-mails, and the signed link to do so."""
    convention, o, users = h.convention, h.objects, h.users
    follow(convention=convention, target=o["action"], user=users["partenaire"])
    o["comment"], _unknown = post_comment(
        convention=convention,
        target=o["action"],
        by=users["coordinateur"],
        text=hostile_text(2000) + " @" + users["partenaire"].email,
    )
    o["activity"] = o["comment"].activities.get()
    o["notification"] = o["activity"].notifications.first()
    o["follow"] = collaboration.Follow.objects.filter(user=users["partenaire"]).first()
    o["email_opt_out"] = collaboration.EmailOptOut.objects.create(user=users["lecteur"])
    o["caf_scope"] = conventions.CafScope.objects.create(
        user=users["caf"], departement_code=h.objects["departement"].code
    )
    h.values["unsubscribe_token"] = unsubscribe_token(users["coordinateur"])


def _diagnostic(h, communes, organisations, thematique, enjeux):
    convention, o = h.convention, h.objects
    dataset = o["dataset"] = create(diagnostic.Dataset, file_name="valeurs.csv")
    o["catalogue_indicator"] = diagnostic.Indicator.objects.get(code="population")
    extreme = diagnostic.IndicatorValue._meta.get_field("value")
    diagnostic.IndicatorValue.objects.bulk_create(
        diagnostic.IndicatorValue(
            indicator=indicator,
            commune=commune,
            year=year,
            value=largest_number(extreme),
            dataset=dataset,
        )
        for indicator in diagnostic.Indicator.objects.exclude(code="population")
        for commune in communes
        for year in (2020, 2021)
    )
    for n, scope in enumerate(({}, {"zone": o["zone"]}, {"commune": communes[0]})):
        o["key_figure"] = create(
            diagnostic.KeyFigure,
            convention=convention,
            code=f"chiffre-{n}",
            year=2021,
            indicator=diagnostic.Indicator.objects.get(code="population"),
            **scope,
        )
    offer_types = list(diagnostic.OfferType.objects.order_by("position")[:3])
    offers = []
    for n, offer_type in enumerate(offer_types):
        offer = create(
            diagnostic.Offer,
            convention=convention,
            offer_type=offer_type,
            manager=organisations[2],
            commune=communes[n],
            contact=f"=05 46 00 00 0{n} accueil@exemple.test {XSS}"[:250],
        )
        offers.append(offer)
    # The first offer keeps its extreme coordinates; the others sit on their commune, where a
    # map draws them and a pointer can open their tooltip.
    for offer, commune in zip(offers[1:], communes[1:], strict=False):
        ring = commune.contour.geometry["coordinates"]
        while isinstance(ring[0][0], list):
            ring = ring[0]
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        offer.longitude = round(sum(lons) / len(lons), 5)
        offer.latitude = round(sum(lats) / len(lats), 5)
        offer.save(update_fields=["latitude", "longitude"])
    offers[0].communes_served.set(communes[:2])
    o["offer"] = offers[1]
    for offer_type in offer_types:
        create(diagnostic.OfferCount, convention=convention, offer_type=offer_type, year=2022)
    survey = create(diagnostic.Survey, convention=convention, year=2023)
    questions = []
    for n, kind in enumerate(diagnostic.QuestionKind.values):
        questions.append(
            create(
                diagnostic.SurveyQuestion,
                survey=survey,
                code=f"q{n}",
                kind=kind,
                position=n,
                choices=[hostile_text(100), hostile_text(100)] if "choix" in kind else [],
            )
        )
    for number in (1, 2, 3):
        answers = {}
        for q in questions:
            if q.kind == diagnostic.QuestionKind.MULTIPLE:
                answers[q.code] = list(q.choices)
            elif q.kind == diagnostic.QuestionKind.SINGLE:
                answers[q.code] = q.choices[number % 2]
            elif q.kind == diagnostic.QuestionKind.SCALE:
                answers[q.code] = number
            elif q.kind == diagnostic.QuestionKind.COMMUNE:
                answers[q.code] = communes[number].name
            else:
                answers[q.code] = hostile_text(None)
        diagnostic.SurveyResponse.objects.create(
            survey=survey,
            number=number,
            commune=communes[number],
            answers=answers,
            tags={questions[-2].code: [thematique.code]},
        )
    o["survey"] = survey
    block = create(
        diagnostic.SynthesisBlock, convention=convention, thematique=thematique, is_published=True
    )
    o["synthesis_block"] = block
    item = create(diagnostic.SynthesisItem, block=block, kind=diagnostic.SynthesisKind.BESOIN)
    o["synthesis_item"] = item
    item.offer_types.set(offer_types)
    item.survey_questions.set(questions[:1])
    item.surveys.set([survey])
    item.plan_nodes.set(enjeux)


def _governance(h, organisations, contacts, actions, enjeux, thematique, communes):
    convention, o = h.convention, h.objects
    for position, kind in enumerate(governance.CnafPhase):
        o["phase"] = create(
            governance.Phase,
            convention=convention,
            ref=kind.value,
            title=kind.label,
            position=position,
            planned_start=datetime.date(2024, 1, 1),
            planned_end=datetime.date(2025, 6, 30),
        )
    o["key_date"] = create(
        governance.KeyDate,
        convention=convention,
        date=datetime.date(2026, 10, 5),
        status="a_faire",
        phase=o["phase"],
    )
    create(governance.Mobilisation, convention=convention, year=2024)
    instance = create(
        governance.Instance, convention=convention, ref="copil", kind="copil", position=1
    )
    instance.thematiques.set([thematique])
    instance.actions.set(actions)
    instance.nodes.set(enjeux)
    o["instance"] = instance
    o["instance_member"] = create(
        governance.InstanceMember,
        instance=instance,
        organisation=organisations[2],
        contact=contacts[2],
    )
    meetings = []
    for n, starts in enumerate(
        (datetime.datetime(2025, 1, 28, 14, 30), datetime.datetime(2026, 12, 8, 14))
    ):
        meeting = create(
            governance.Meeting,
            convention=convention,
            instance=instance,
            starts_at=timezone.make_aware(starts),
            ends_at=timezone.make_aware(starts + datetime.timedelta(hours=2)),
            video_url=HOSTILE_URL,
            status="tenue" if n == 0 else "prevue",
        )
        # Stored as cleaned HTML by every route that writes it.
        meeting.minutes = sanitize_minutes(meeting.minutes + XSS + "<p>compte rendu</p>")
        meeting.save(update_fields=["minutes"])
        create(governance.MeetingDocument, meeting=meeting, url=HOSTILE_URL)
        for org, contact in zip(organisations, contacts, strict=True):
            create(
                governance.Invitation,
                meeting=meeting,
                organisation=org,
                contact=contact,
                attendance="represente",
                sent_at=timezone.make_aware(datetime.datetime(2025, 1, 10, 9)),
            )
        meetings.append(meeting)
    o["meeting"] = meetings[0]
    decision = create(
        governance.Decision,
        convention=convention,
        meeting=meetings[0],
        owner_organisation=organisations[2],
        owner_contact=contacts[2],
        due_on=datetime.date(2025, 6, 1),
        done_on=None,
    )
    decision.actions.set(actions[:1])
    decision.nodes.set(enjeux[:1])
    o["decision"] = decision
    o["calendar_token"] = governance.CalendarToken.objects.create(
        convention=convention, email=contacts[2].email
    )
    for org in organisations:
        profile = o["partner_profile"] = create(governance.PartnerProfile, organisation=org)
        profile.thematiques.set([thematique])
        profile.communes.set(communes[:2])
    o["scheme"] = create(governance.SchemeLink, convention=convention, kind="cls")
    create(governance.SchemeLink, convention=convention, kind="autre")
    vote = create(governance.Vote, convention=convention, meeting=meetings[1])
    candidates = [
        governance.VoteCandidate.objects.create(vote=vote, action=a, position=n)
        for n, a in enumerate(actions)
    ]
    ballot = create(governance.Ballot, vote=vote, code="HOSTILE2")
    create(governance.BallotPoints, ballot=ballot, candidate=candidates[0])
    create(governance.Ballot, vote=vote, code="HOSTILE3", submitted_at=None)
    o["vote"] = vote
    o["ballot"] = ballot
