from django.conf import settings


def brand(request):
    """The deploying organisation's name and colours, for the theme."""
    return {"brand": settings.CTG_BRAND}
