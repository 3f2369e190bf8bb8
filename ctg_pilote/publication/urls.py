from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("", views.settings, name="settings"),
    path("modifier/", views.edit, name="edit"),
]
