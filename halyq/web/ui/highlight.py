"""Mark where and when in a post's text, for the case page.

Surfaces are looked up in the shown text rather than trusting offsets, because the shown text
may be the redacted one, whose offsets differ from the original's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Piece = tuple[str, str | None]  # (text, "place" | "when" | None)


def highlight(text: str | None, analysis: Any) -> list[Piece]:
    """`text` cut into pieces, the places and the times of the analysis marked; escaping stays
    with the template (each piece is rendered as plain text)."""
    if not text:
        return []
    if analysis is None:
        return [(text, None)]
    wanted = [(str(place.get("surface") or ""), "place") for place in analysis.places]
    times = getattr(analysis, "times", None)  # None: read before every time was kept
    if times is None:
        times = [{"surface": getattr(analysis, "event_surface", None)}]
    wanted += [(str(stated.get("surface") or ""), "when") for stated in times]
    spans: list[tuple[int, int, str]] = []
    for surface, kind in wanted:
        start = _free_occurrence(text, surface, spans) if surface else None
        if start is not None:
            spans.append((start, start + len(surface), kind))
    return _pieces(text, sorted(spans))


def _free_occurrence(text: str, surface: str, taken: Iterable[tuple[int, int, str]]) -> int | None:
    taken = list(taken)
    start = text.find(surface)
    while start != -1:
        end = start + len(surface)
        if all(end <= s or start >= e for s, e, _ in taken):
            return start
        start = text.find(surface, start + 1)
    return None


def _pieces(text: str, spans: list[tuple[int, int, str]]) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for start, end, kind in spans:
        pieces += [(text[position:start], None), (text[start:end], kind)]
        position = end
    pieces.append((text[position:], None))
    return [piece for piece in pieces if piece[0]]
