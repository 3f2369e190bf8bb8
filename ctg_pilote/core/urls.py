from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("theme/couleurs.css", views.brand_css, name="brand_css"),
]
