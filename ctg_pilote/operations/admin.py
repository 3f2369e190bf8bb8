"""The queue's own table (django-tasks-db) is not shown in the administration: people follow
jobs on /travaux/ (operations/views.py), which says what each job did."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
