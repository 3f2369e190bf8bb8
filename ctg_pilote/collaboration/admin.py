from django.contrib import admin

from ctg_pilote.core.admin_base import ReadMostlyAdmin as ReadMostly

from .models import Activity, Comment, EmailOptOut, Follow, Notification


@admin.register(Comment)
class CommentAdmin(ReadMostly):
    list_display = ["created_at", "convention", "author", "text"]
    search_fields = ["text", "author__email", "convention__name"]
    list_select_related = ["convention", "author"]


@admin.register(Activity)
class ActivityAdmin(ReadMostly):
    list_display = ["created_at", "convention", "actor", "verb", "target_label"]
    list_filter = ["verb"]
    list_select_related = ["convention", "actor"]


@admin.register(Notification)
class NotificationAdmin(ReadMostly):
    list_display = ["created_at", "user", "reason", "emailed_at", "last_error"]
    list_filter = ["reason"]
    list_select_related = ["user"]


admin.site.register(Follow, ReadMostly)
admin.site.register(EmailOptOut)
