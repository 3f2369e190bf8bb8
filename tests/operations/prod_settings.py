"""Production settings for the app servers these tests start, except one thing: static files
are served from the apps (no collectstatic, which compresses every asset and takes minutes on a
small machine). Static files as production serves them are tested in tests/deploy/."""

from ctg_pilote.settings.prod import *  # noqa: F403
from ctg_pilote.settings.prod import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
