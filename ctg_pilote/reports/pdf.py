"""PDF documents rendered by WeasyPrint from HTML templates, fully offline.

Every resource a document uses (CSS, fonts, images, map data) must be a static file of the
project or a data: URL; any other URL is refused and stops the rendering, so a PDF never
reaches the network and never silently misses a resource.

WeasyPrint is imported on first use: it takes about a second to load, which every command
and web process would otherwise pay at start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

BASE_URL = "file:///ctg-pilote/"


class OfflineResourceError(ValueError):
    pass


def _inside_project(path: Path) -> bool:
    path = path.resolve()
    roots = [Path(settings.BASE_DIR), Path(settings.STATIC_ROOT)]
    return path.is_file() and any(path.is_relative_to(root.resolve()) for root in roots)


def _collected(name: str) -> str | None:
    """A file collectstatic wrote to STATIC_ROOT: in production `{% static %}` names hashed copies."""
    path = Path(settings.STATIC_ROOT) / name
    return str(path) if _inside_project(path) else None


@cache
def _offline_fetcher_class():
    from weasyprint.urls import URLFetcher, path2url

    class OfflineFetcher(URLFetcher):
        """Serves `/static/...` from the project's static files, and data: URLs; nothing else."""

        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            path = unquote(parsed.path)
            if parsed.scheme == "file" and _inside_project(Path(path)):
                # A file the project ships, e.g. a font a stylesheet names relatively.
                return super().fetch(url, headers)
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            for prefix in (static_prefix, "/ctg-pilote" + static_prefix):
                if path.startswith(prefix):
                    found = finders.find(path[len(prefix) :]) or _collected(path[len(prefix) :])
                    if found:
                        return super().fetch(path2url(found), headers)
            raise OfflineResourceError(f"Ressource hors du projet refusée dans un PDF : {url}")

    return OfflineFetcher


def OfflineFetcher():  # named like the class it builds
    return _offline_fetcher_class()()


# Tagged PDF for screen readers (PDF/UA-1): title, language and alt texts come from the HTML
# (<title>, <html lang>, <meta name="description|keywords|author">, alt and aria-label).
PDF_VARIANT = "pdf/ua-1"


@cache
def _font_config():
    """One font configuration per process: a font face is decoded once (a woff2 file costs
    WeasyPrint a decompression each time), then every document reuses it."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OfflineFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, font_config=_font_config())


# The tag libraries a document's templates may load. The site's template engine imports the tag
# library of every installed app when it starts (Django REST framework's alone takes most of a
# second), which a `ctg brochure` or `ctg bilan` command would pay for nothing.
DOCUMENT_TAG_LIBRARIES = {
    "i18n": "django.templatetags.i18n",
    "static": "django.templatetags.static",
    "ctg_tags": "ctg_pilote.core.templatetags.ctg_tags",
}


@cache
def document_engine():
    """The template engine of documents: the site's template folders, no context processors
    (a document depends on its data, never on who asks for it), only DOCUMENT_TAG_LIBRARIES."""
    from django.template import Engine

    site = settings.TEMPLATES[0]
    return Engine(
        dirs=[str(path) for path in site.get("DIRS", [])],
        app_dirs=site.get("APP_DIRS", False),
        debug=settings.DEBUG,
        libraries=DOCUMENT_TAG_LIBRARIES,
    )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. Use `{% static %}` for every resource."""
    return html_to_pdf(document_engine().render_to_string(template_name, context))
