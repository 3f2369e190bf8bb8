from django.db import models


class Revision(models.Model):
    """A counter that grows at every write: "site" (anything), "all" (every CTG at once, e.g.
    after an import of national data) and "ctg:<id>" (one CTG). See core/revisions.py."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.key}={self.value}"
