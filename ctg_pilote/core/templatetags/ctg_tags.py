"""Template helpers of the project's theme: numbers in French, Bootstrap form widgets, brand colours.

{% load ctg_tags %}
{{ commune.population|fr_number }}        -> 63 320 (narrow no-break space)
{{ rate|fr_number:1 }}                    -> 12,5
{{ day|fr_date }}                         -> 1er octobre 2026 (Django's |date, "j F Y" by default)
{% form_field form.email %}               -> same as including components/field.html
{{ field|bootstrap_widget }}              -> the widget with Bootstrap classes
{{ field|add_class:"w-auto" }}            -> the widget with extra classes
{{ meeting.minutes|rich_text }}           -> the rich text cleaned by nh3 (allowed tags only)
{% brand_style %}                         -> <link> to the brand colours' stylesheet (in <head>)
"""

import hashlib
import logging
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ctg_pilote.core.text import clean_rich_text

register = template.Library()
logger = logging.getLogger(__name__)

NARROW_NBSP = "\u202f"

# widget_type (BoundField.widget_type) -> class of the <input>/<select>/<textarea>.
WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "checkboxselectmultiple": "form-check-input",
    "radioselect": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
    "nullbooleanselect": "form-select",
    "range": "form-range",
    "color": "form-control form-control-color",
    "selectdate": "form-select d-inline-block w-auto me-2",
}
DEFAULT_WIDGET_CLASS = "form-control"


# --- Numbers -----------------------------------------------------------------------------------


@register.filter
def fr_number(value, decimals=None):
    """Format a number the French way: 63 320 ; 12,5. None or "" gives "".

    Without argument, whole numbers have no decimals and others at most two. With an argument,
    exactly that many decimals. Non-numeric values are returned unchanged.
    """
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value
    if not number.is_finite():
        return value
    if decimals in (None, ""):
        places = 0 if number == number.to_integral_value() else 2
        strip_zeros = True
    else:
        try:
            places = max(int(decimals), 0)
        except (TypeError, ValueError):
            return value
        strip_zeros = False
    quantized = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)  # no "-0"
    text = format(quantized, f",.{places}f")
    if strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", NARROW_NBSP).replace(".", ",")


# --- Dates -------------------------------------------------------------------------------------


def _first_of_month(format_string: str) -> str:
    """The format with its day-of-month (`j`) written as the French ordinal « 1er »."""
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j":
            out.append(r"1\e\r")
        else:
            out.append(char)
    return "".join(out)


@register.filter
def fr_date(value, format_string="j F Y"):
    """Django's |date, with the French ordinal for the first of the month: « 1er octobre
    2026 », « 2 octobre 2026 ». None or "" gives ""."""
    if value in (None, ""):
        return ""
    if getattr(value, "day", None) == 1 and (get_language() or "fr").startswith("fr"):
        format_string = _first_of_month(format_string)
    return date_filter(value, format_string)


# --- Forms -------------------------------------------------------------------------------------


def _merge_classes(*classes):
    seen = []
    for chunk in classes:
        for name in (chunk or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


@register.filter
def widget_class(field):
    """The Bootstrap class for this bound field's widget (plus is-invalid when it has errors)."""
    css = WIDGET_CLASSES.get(field.widget_type, DEFAULT_WIDGET_CLASS)
    if field.errors:
        css += " is-invalid"
    return css


@register.filter
def add_class(field, css):
    """Render the bound field's widget with extra CSS classes, keeping those it already has."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": _merge_classes(existing, css)})


@register.filter
def bootstrap_widget(field):
    """Render the bound field's widget with the Bootstrap class matching its type."""
    return add_class(field, widget_class(field))


@register.filter
def choice_input(bound_widget, invalid=False):
    """Render one option of a RadioSelect/CheckboxSelectMultiple as a Bootstrap check input.

    `{{ choice|choice_input:field.errors }}`: adds is-invalid when the argument is truthy.
    """
    data = dict(bound_widget.data)
    attrs = dict(data.get("attrs") or {})
    attrs["class"] = _merge_classes(
        attrs.get("class"), "form-check-input", "is-invalid" if invalid else ""
    )
    data["attrs"] = attrs
    return bound_widget.parent_widget._render(
        bound_widget.template_name, {"widget": {**data, "wrap_label": False}}, bound_widget.renderer
    )


@register.inclusion_tag("components/field.html")
def form_field(field):
    """`{% form_field form.name %}`: one form field, label, help text and errors."""
    return {"field": field}


# --- Brand colours -----------------------------------------------------------------------------

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_PRIMARY = "#1f4e8c"
DEFAULT_PRIMARY_DARK = "#163a69"


def _rgb(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _hex(rgb):
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _tint(rgb, white_share):
    return tuple(round(c + (255 - c) * white_share) for c in rgb)


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(hex_colour):
    return 1.05 / (_luminance(_rgb(hex_colour)) + 0.05)


def _valid(colour, default, key):
    if isinstance(colour, str) and HEX_RE.match(colour.strip()):
        return colour.strip()
    if colour:
        logger.warning("CTG_BRAND[%r] = %r is not a #rrggbb colour; using %s", key, colour, default)
    return default


def brand_css() -> str:
    """The brand colours as CSS custom properties read by theme.css (served by core:brand_css:
    the Content-Security-Policy allows no inline <style>)."""
    brand = getattr(settings, "CTG_BRAND", {}) or {}
    primary = _valid(brand.get("primary"), DEFAULT_PRIMARY, "primary")
    primary_dark = _valid(brand.get("primary_dark"), DEFAULT_PRIMARY_DARK, "primary_dark")
    for key, colour in (("primary", primary), ("primary_dark", primary_dark)):
        if contrast_with_white(colour) < 4.5:
            logger.warning(
                "CTG_BRAND[%r] = %s has a contrast of %.2f:1 with white, below the 4.5:1 "
                "required for text (RGAA/WCAG AA)",
                key,
                colour,
                contrast_with_white(colour),
            )
    rgb = _rgb(primary)
    dark_rgb = _rgb(primary_dark)
    declarations = {
        "--ctg-primary": _hex(rgb),
        "--ctg-primary-rgb": "{}, {}, {}".format(*rgb),
        "--ctg-primary-dark": _hex(dark_rgb),
        "--ctg-primary-dark-rgb": "{}, {}, {}".format(*dark_rgb),
        "--ctg-primary-subtle": _hex(_tint(rgb, 0.9)),
        "--ctg-primary-border-subtle": _hex(_tint(rgb, 0.6)),
    }
    css = ";".join(f"{name}:{value}" for name, value in declarations.items())
    return ":root{" + css + "}\n"


@register.simple_tag
def brand_style():
    """A <link> to the brand colours' stylesheet; its address changes with the colours, so
    browsers may keep it. Reads settings only, so it also works where context processors do not
    run (500 page)."""
    version = hashlib.sha256(brand_css().encode()).hexdigest()[:12]
    return format_html('<link rel="stylesheet" href="{}?v={}">', reverse("core:brand_css"), version)


@register.filter
def rich_text(value):
    """Rich text shown as HTML: cleaned again at display, whatever route stored it."""
    return mark_safe(clean_rich_text(str(value or "")))  # allowed: nh3 output, tag allow-list


@register.simple_tag
def brand_value(key, default=""):
    """One value of settings.CTG_BRAND, for templates rendered without context processors."""
    return (getattr(settings, "CTG_BRAND", {}) or {}).get(key) or default
