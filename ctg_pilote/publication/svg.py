"""The territory map and the charts as inline SVG, computed here: WeasyPrint draws SVG, and
the brochure runs no JavaScript. The HTML brochure uses the same drawings."""

from __future__ import annotations

import math
from html import escape

from django.utils.translation import gettext as _

from ctg_pilote.core.templatetags.ctg_tags import fr_number

# Colour-blind-safe fills (Okabe-Ito), as commune-map.js uses them for zones.
ZONE_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f"]
SINGLE_FILL = "#9ecae1"
BAR = "#1f4e8c"


def _rings(geometry: dict):
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def commune_map_svg(convention, width: int = 520) -> str:
    """The CTG's communes, one path each (equirectangular projection, scaled at mid-latitude),
    coloured by zone d'étude when the CTG has zones. Empty string when no contour is known."""
    zone_of = dict(
        convention.zones.values_list("memberships__commune_id", "name").exclude(
            memberships__commune_id=None
        )
    )
    # Only zones that name their communes: a source may give a zone without its composition.
    zones = [
        name
        for name in convention.zones.order_by("position", "name").values_list("name", flat=True)
        if name in set(zone_of.values())
    ]
    colour = {name: ZONE_COLOURS[i % len(ZONE_COLOURS)] for i, name in enumerate(zones)}
    shapes = [
        (c.name, zone_of.get(c.pk), list(_rings(c.contour.geometry)))
        for c in convention.communes.select_related("contour").order_by("name")
        if hasattr(c, "contour")
    ]
    points = [p for _, _, rings in shapes for ring in rings for p in ring]
    if not points:
        return ""
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * kx, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = width / span_x
    height = round(span_y * scale)
    paths = []
    for name, zone, rings in shapes:
        d = " ".join(
            "M"
            + " L".join(
                f"{(x - min_x) * kx * scale:.1f},{(max_y - y) * scale:.1f}" for x, y in ring
            )
            + "Z"
            for ring in rings
        )
        fill = colour.get(zone, "#d9d9d9") if zones else SINGLE_FILL
        paths.append(
            f'<path d="{d}" fill="{fill}" stroke="#333" stroke-width="0.6">'
            f"<title>{escape(name)}</title></path>"
        )
    label = _("Carte des %(count)s communes de la CTG") % {"count": len(shapes)}
    legend = ""
    if zones:
        items = []
        for i, name in enumerate(zones):
            y = height + 18 + i * 18
            items.append(
                f'<rect x="0" y="{y - 11}" width="14" height="14" fill="{colour[name]}" '
                f'stroke="#333" stroke-width="0.5"/>'
                f'<text x="20" y="{y}" font-size="12">{escape(name)}</text>'
            )
        legend = "".join(items)
        height += 18 + len(zones) * 18
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="brochure-map">'
        f"{''.join(paths)}{legend}</svg>"
    )


def _short(text: str, size: int = 40) -> str:
    """SVG text does not wrap: long labels are cut (the table below gives them in full)."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def bar_chart_svg(pairs: list[tuple[str, float]], *, label: str, width: int = 520) -> str:
    """A horizontal bar chart: one labelled bar per pair, the value written at its end."""
    if not pairs:
        return ""
    top = max(v for _, v in pairs) or 1
    row, label_w = 22, 250
    bar_w = width - label_w - 70
    rows = []
    for i, (name, value) in enumerate(pairs):
        y = i * row
        w = max(bar_w * value / top, 1)
        rows.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="11" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_short(name))}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="11">'
            f"{escape(fr_number(value))}</text>"
        )
    height = len(pairs) * row + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="brochure-chart">'
        f"{''.join(rows)}</svg>"
    )


def age_chart_svg(chart: dict) -> str:
    return bar_chart_svg(chart["pairs"], label=_("Population par tranche d'âge"))


def offer_chart_svg(rows) -> str:
    return bar_chart_svg(
        [(r.label, r.count) for r in rows], label=_("Nombre de structures par type d'offre")
    )
