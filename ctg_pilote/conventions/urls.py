from django.urls import path

from . import views

app_name = "conventions"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("nouvelle/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/communes.geojson", views.communes_geojson, name="communes_geojson"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/zones/nouvelle/", views.zone_form, name="zone_create"),
    path("<slug:slug>/zones/<int:pk>/", views.zone_form, name="zone_edit"),
    path("<slug:slug>/zones/<int:pk>/supprimer/", views.zone_delete, name="zone_delete"),
    path("<slug:slug>/organisations/", views.organisations, name="organisations"),
    path(
        "<slug:slug>/organisations/nouvelle/", views.organisation_form, name="organisation_create"
    ),
    path("<slug:slug>/organisations/<int:pk>/", views.organisation_form, name="organisation_edit"),
    path(
        "<slug:slug>/organisations/<int:pk>/supprimer/",
        views.organisation_delete,
        name="organisation_delete",
    ),
    path("<slug:slug>/contacts/nouveau/", views.contact_form, name="contact_create"),
    path("<slug:slug>/contacts/<int:pk>/", views.contact_form, name="contact_edit"),
    path("<slug:slug>/contacts/<int:pk>/supprimer/", views.contact_delete, name="contact_delete"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:pk>/supprimer/", views.member_delete, name="member_delete"),
    path("<slug:slug>/export.yaml", views.export, name="export"),
]
