"""The "liens entre la CTG et les autres dispositifs" diagram: the CTG in the middle, each
scheme around it, the edge labelled with its relation. Coordinates computed here for SVG."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

WIDTH, HEIGHT = 760, 520
CX, CY = WIDTH / 2, HEIGHT / 2


@dataclass
class SchemeBubble:
    link: object
    x: float
    y: float
    lines: list[tuple[str, float]]  # (text, baseline y)
    label_x: float
    label_y: float


def scheme_diagram(convention, links) -> dict:
    bubbles = []
    n = max(1, len(links))
    for i, link in enumerate(links):
        angle = 2 * math.pi * i / n - math.pi / 2
        x = CX + 285 * math.cos(angle)
        y = CY + 195 * math.sin(angle)
        bubbles.append(
            SchemeBubble(
                link=link,
                x=round(x, 1),
                y=round(y, 1),
                lines=_lines(link.display_name, y),
                label_x=round(CX + (x - CX) * 0.5, 1),
                label_y=round(CY + (y - CY) * 0.5, 1),
            )
        )
    return {"width": WIDTH, "height": HEIGHT, "cx": CX, "cy": CY, "bubbles": bubbles}


def _lines(name: str, y: float) -> list[tuple[str, float]]:
    wrapped = textwrap.wrap(name, 18)[:4]
    top = y - (len(wrapped) - 1) * 7.5 + 4
    return [(text, round(top + i * 15, 1)) for i, text in enumerate(wrapped)]
