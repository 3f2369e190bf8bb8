from django.urls import path

app_name = "conventions"
urlpatterns: list = []
