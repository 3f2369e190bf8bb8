from django.urls import path

from .views import calendar, demarche, meeting_life, meetings, partners, personal_data, voting

app_name = "governance"
urlpatterns = [
    path("", meetings.index, name="index"),
    # Instances, meetings, decisions
    path("instances/", meetings.instance_list, name="instances"),
    path("instances/nouvelle/", meetings.instance_form, name="instance_create"),
    path("instances/<int:pk>/", meetings.instance_detail, name="instance"),
    path("instances/<int:pk>/modifier/", meetings.instance_form, name="instance_edit"),
    path("instances/<int:pk>/membres/", meetings.instance_member_add, name="instance_member_add"),
    path(
        "instances/<int:pk>/membres/<int:member_pk>/retirer/",
        meetings.instance_member_remove,
        name="instance_member_remove",
    ),
    path("reunions/nouvelle/", meetings.meeting_form, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_form, name="meeting_edit"),
    path("reunions/<int:pk>/tenue/", meeting_life.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/reporter/", meeting_life.meeting_postpone, name="meeting_postpone"),
    path("reunions/<int:pk>/annuler/", meeting_life.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/supprimer/", meeting_life.meeting_delete, name="meeting_delete"),
    path("reunions/<int:pk>/compte-rendu/", meetings.meeting_minutes, name="meeting_minutes"),
    path("reunions/<int:pk>/documents/", meetings.meeting_document, name="meeting_document"),
    path("reunions/<int:pk>/inviter/", meetings.meeting_invite, name="meeting_invite"),
    path("reunions/<int:pk>/presence/", meetings.meeting_attendance, name="meeting_attendance"),
    path("reunions/<int:pk>/envoyer/", meetings.meeting_send, name="meeting_send"),
    path("reunions/<int:pk>/decision/", meetings.decision_create, name="decision_create"),
    path("reunions/<int:pk>/reunion.ics", calendar.meeting_ics, name="meeting_ics"),
    path("decisions/", meetings.decision_list, name="decisions"),
    path("decisions/<int:pk>/suivi/", meetings.decision_follow, name="decision_follow"),
    # Calendar
    path("agenda/", calendar.agenda, name="agenda"),
    path("agenda/ctg.ics", calendar.convention_feed, name="feed"),
    path("agenda/<str:token>.ics", calendar.personal_feed, name="personal_feed"),
    # Démarche
    path("demarche/", demarche.demarche, name="demarche"),
    path("demarche/phases/nouvelle/", demarche.phase_form, name="phase_create"),
    path("demarche/phases/cnaf/", demarche.phases_adopt, name="phases_adopt"),
    path("demarche/phases/<int:pk>/", demarche.phase_form, name="phase_edit"),
    path("demarche/phases/<int:pk>/deplacer/", demarche.phase_move, name="phase_move"),
    path("demarche/dates/nouvelle/", demarche.key_date_form, name="key_date_create"),
    path("demarche/dates/<int:pk>/", demarche.key_date_form, name="key_date_edit"),
    path("dispositifs/", demarche.schemes, name="schemes"),
    path("dispositifs/nouveau/", demarche.scheme_form, name="scheme_create"),
    path("dispositifs/<int:pk>/", demarche.scheme_form, name="scheme_edit"),
    # Partners
    path("partenaires/", partners.directory, name="partners"),
    path("partenaires/reseau/", partners.network, name="network"),
    path("partenaires/<int:pk>/", partners.partner_detail, name="partner"),
    path("partenaires/<int:pk>/profil/", partners.partner_profile, name="partner_profile"),
    path("donnees-personnelles/", personal_data.person, name="personal_data"),
    # Seminar votes
    path("votes/", voting.vote_list, name="votes"),
    path("votes/nouveau/", voting.vote_create, name="vote_create"),
    path("votes/<int:pk>/", voting.vote_detail, name="vote"),
    path("votes/<int:pk>/bulletins/", voting.vote_ballots, name="vote_ballots"),
    path("votes/<int:pk>/cloturer/", voting.vote_close, name="vote_close"),
    path("votes/<int:pk>/appliquer/", voting.vote_apply, name="vote_apply"),
    path("vote/", voting.ballot_code, name="ballot_code"),
    path("vote/<str:token>/", voting.ballot, name="ballot"),
]
