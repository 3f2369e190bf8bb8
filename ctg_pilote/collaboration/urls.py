from django.urls import path

from . import views, views_homes, views_start

app_name = "collaboration"
urlpatterns = [
    path("mes-actions/", views_homes.my_actions, name="my_actions"),
    path("a-faire/", views_homes.todo, name="todo"),
    path("notifications/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("ctg/<slug:slug>/activite/", views.feed, name="feed"),
    path("ctg/<slug:slug>/premiers-pas/", views_start.start, name="start"),
    path(
        "ctg/<slug:slug>/echanges/<str:kind>/<int:pk>/commentaires/",
        views.comment_add,
        name="comment_add",
    ),
    path(
        "ctg/<slug:slug>/echanges/<str:kind>/<int:pk>/suivre/", views.follow_toggle, name="follow"
    ),
    path(
        "ctg/<slug:slug>/echanges/commentaires/<int:pk>/modifier/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "ctg/<slug:slug>/echanges/commentaires/<int:pk>/supprimer/",
        views.comment_delete,
        name="comment_delete",
    ),
]
