"""The territory map and the charts as inline SVG, computed here: WeasyPrint draws SVG, and
the brochure runs no JavaScript. The HTML brochure uses the same drawings."""

from __future__ import annotations

import base64
import math
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from ctg_pilote.core.templatetags.ctg_tags import fr_number

# Colour-blind-safe fills (Okabe-Ito), as commune-map.js uses them for zones.
ZONE_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f"]
SINGLE_FILL = "#9ecae1"
BAR = "#1f4e8c"
TARGET = "#b35900"
# The theme's font (vendored under core/static/vendor), then the usual fallbacks.
FONT = "Atkinson Hyperlegible, Arial, Helvetica, sans-serif"


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
    if zones:
        label += _(", par zone d'étude : %(zones)s") % {"zones": ", ".join(zones)}
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
        f'width="100%" role="img" aria-label="{escape(label)}" class="brochure-map" '
        f'font-family="{FONT}"><title>{escape(label)}</title>'
        f"{''.join(paths)}{legend}</svg>"
    )


def _wrap(text: str, size: int = 34) -> list[str]:
    """SVG text does not wrap: a label is cut into lines at spaces, never inside a word."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart_svg(pairs: list[tuple[str, float]], *, label: str, width: int = 520) -> str:
    """A horizontal bar chart: one labelled bar per pair, the value written at its end. Labels
    are given in full, on as many lines as they need, in the theme's font."""
    if not pairs:
        return ""
    top = max(v for _, v in pairs) or 1
    line_h, pad, label_w = 13, 9, 230
    bar_w = width - label_w - 60
    rows, y = [], 0
    for name, value in pairs:
        lines = _wrap(name)
        row = len(lines) * line_h + pad
        w = max(bar_w * value / top, 1)
        first = y + (row - len(lines) * line_h) / 2 + 10
        spans = "".join(
            f'<tspan x="{label_w - 8}" y="{first + i * line_h:.1f}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        middle = y + row / 2
        rows.append(
            f'<text font-size="11" text-anchor="end">{spans}</text>'
            f'<rect x="{label_w}" y="{middle - 7.5:.1f}" width="{w:.1f}" height="15" fill="{BAR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{middle + 4:.1f}" font-size="11">'
            f"{escape(fr_number(value))}</text>"
        )
        y += row
    # The chart in words, the alternative text of its figure in a tagged PDF.
    described = f"{label} : " + " ; ".join(f"{name} {fr_number(value)}" for name, value in pairs)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {y + 4}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="brochure-chart" '
        f'font-family="{FONT}"><title>{escape(described)}</title>'
        f"{''.join(rows)}</svg>"
    )


def age_chart_svg(chart: dict) -> str:
    return bar_chart_svg(chart["pairs"], label=_("Population par tranche d'âge"))


def trajectory_svg(
    targets: dict[int, Decimal], values: dict[int, Decimal], *, width: int = 180, height: int = 70
) -> str:
    """An indicator's trajectory: its targets (dashed, orange) and its values (blue points and
    line) year by year, each point labelled. Empty string when nothing is known."""
    years = sorted(set(targets) | set(values))
    numbers = [float(v) for v in (*targets.values(), *values.values())]
    if not years or not numbers:
        return ""
    top, low = max(numbers), min(0.0, min(numbers))
    span = (top - low) or 1.0
    left, right, up, down = 14, 14, 14, 18
    step = (width - left - right) / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + years.index(year) * step if len(years) > 1 else width / 2

    def y(value) -> float:
        return up + (height - up - down) * (1 - (float(value) - low) / span)

    parts = []
    pairs = ((targets, values, TARGET, ' stroke-dasharray="4 3"'), (values, targets, BAR, ""))
    for series, other, colour, dash in pairs:
        points = [(k, x(k), y(v), v) for k, v in sorted(series.items())]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for _k, px, py, _v in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>'
            )
        for year, px, py, value in points:
            # The label goes on the side away from the other series' point of the same year.
            above = year not in other or value >= other[year]
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}"/>')
            parts.append(
                f'<text x="{px:.1f}" y="{py + (-5 if above else 11):.1f}" font-size="9" '
                f'text-anchor="middle" fill="{colour}">{escape(fr_number(value))}</text>'
            )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{height - 3}" font-size="9" text-anchor="middle" '
            f'fill="#444">{year}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}">{"".join(parts)}</svg>'
    )


def svg_data_uri(svg: str) -> str:
    """An SVG as a data: URL, for an <img> that carries its own alt text."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
