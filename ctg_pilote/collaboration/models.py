"""Working together on a CTG: comments with @mentions on its actions, decisions and findings,
who follows what, the CTG's activity feed, and the notifications it sends (batched e-mails).

A comment, a follow or an activity names its object by content type and id (`targets.py` lists
the kinds that may be commented); the CTG is always stored too, so every query stays in it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention

MAX_COMMENT = 5000


class Comment(models.Model):
    """Plain text (never HTML), written by a member; only its author edits or deletes it."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="comments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"), max_length=MAX_COMMENT)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentions")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.text[:60]


class Follow(models.Model):
    """A person follows an object: each new activity on it notifies them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="uniq_follow"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type} {self.object_id}"


class Verb(models.TextChoices):
    COMMENTED = "commented", _("a commenté")
    UPDATED = "updated", _("a mis à jour")


class Activity(models.Model):
    """One line of a CTG's activity feed: who did what on which object, when."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(_("action"), max_length=20, choices=Verb.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("objet"), max_length=300)
    target_url = models.CharField(max_length=300)
    excerpt = models.CharField(_("extrait"), max_length=300, blank=True)
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_verb_display()} {self.target_label}"


class Reason(models.TextChoices):
    MENTION = "mention", _("vous a mentionné·e")
    FOLLOW = "follow", _("sur un objet que vous suivez")


class Notification(models.Model):
    """What one person is told of one activity; e-mailed in batches (`notifications.py`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The last attempt failed (address refused...): kept pending, tried again next time.
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="uniq_notification")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.activity}"


class EmailOptOut(models.Model):
    """This person asked for no more notification e-mails (the feed still shows everything)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("désinscription des notifications")
        verbose_name_plural = _("désinscriptions des notifications")

    def __str__(self) -> str:
        return str(self.user)
