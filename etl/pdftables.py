"""Page text of a PDF with its ruled tables rebuilt as tab-separated rows, from character and cell positions.

pdfium's own text runs row by row through a table and breaks a cell that wraps into several lines, so a
自评表 comes out with its cells cut and mixed ("全年预算数(" / "A)", "8.7" / "4"). Here every character is put in
the ruled cell that holds it, cells are grouped into rows by their top edge and into columns by their left edge,
and each row is written as one line with a tab between cells (an empty cell where a merged cell sits above).
Text outside the tables is written line by line. A page without ruled cells returns None: pdfium's text is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MIN_CELL_WIDTH = 8.0  # points; thinner paths are rules, not cells
MIN_CELL_HEIGHT = 6.0
MIN_CELLS = 4  # fewer ruled boxes than this are a frame or a decoration, not a table
EDGE_TOLERANCE = 2.0  # cell edges drawn within this many points are the same row or column line
BAND = 12.0  # points; height of the page strips used to find a character's cell quickly


@dataclass(frozen=True)
class Char:
    """One printed character and its box (PDF coordinates: y grows upwards)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def middle_y(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass
class Box:
    """A ruled table cell and the characters printed inside it."""

    left: float
    bottom: float
    right: float
    top: float
    chars: list[Char] = field(default_factory=list)

    def holds(self, char: Char) -> bool:
        return self.left <= char.middle_x <= self.right and self.bottom <= char.middle_y <= self.top

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.top - self.bottom)


def page_text_with_tables(page: pdfium.PdfPage) -> str | None:
    """The page's text with ruled tables as tab-separated rows, or None when the page has no ruled table."""
    boxes = _cell_boxes(page)
    if len(boxes) < MIN_CELLS:
        return None
    chars = _chars(page)
    if not chars:
        return None
    free: list[Char] = []
    bands = _bands(boxes)
    for char in chars:
        holder = _smallest_holder(bands.get(int(char.middle_y // BAND), []), char)
        (holder.chars if holder is not None else free).append(char)
    blocks = _table_rows(boxes) + _free_lines(free)
    blocks.sort(key=lambda block: -block[0])
    return "\n".join(text for _, text in blocks)


def _cell_boxes(page: pdfium.PdfPage) -> list[Box]:
    """Rectangles drawn as paths that are big enough to hold text."""
    boxes = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = path.get_bounds()
        if right - left >= MIN_CELL_WIDTH and top - bottom >= MIN_CELL_HEIGHT:
            boxes.append(Box(left, bottom, right, top))
    return _without_frames(boxes)


def _without_frames(boxes: list[Box]) -> list[Box]:
    """Drop boxes that enclose other boxes (a table's outer frame), keeping the cells."""
    if not boxes:
        return boxes
    typical = median(box.area for box in boxes)
    frames = {id(box) for box in boxes if box.area > 3 * typical and _encloses_cells(box, boxes)}
    return [box for box in boxes if id(box) not in frames]


def _encloses_cells(frame: Box, boxes: list[Box]) -> bool:
    inner = 0
    for other in boxes:
        if (
            other is not frame
            and other.area < frame.area
            and other.left >= frame.left - 0.5
            and other.right <= frame.right + 0.5
            and other.bottom >= frame.bottom - 0.5
            and other.top <= frame.top + 0.5
        ):
            inner += 1
            if inner >= 2:
                return True
    return False


def _chars(page: pdfium.PdfPage) -> list[Char]:
    """Printed characters with real boxes (pdfium's generated line breaks dropped)."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    chars = []
    loose = pdfium_c.FS_RECTF()
    for index in range(min(count, len(text))):
        glyph = text[index]
        if glyph in "\r\n\x00\ufffe" or pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue  # pdfium's own line breaks and gap spaces, not printed characters
        left, _, right, _ = textpage.get_charbox(index)
        if right <= left and glyph != " ":
            continue
        # The loose box spans the font's ascent to descent: a comma or a quote mark gets the height of its line.
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, loose)
        chars.append(Char(glyph, left, loose.bottom, right, loose.top))
    return chars


def _bands(boxes: list[Box]) -> dict[int, list[Box]]:
    """Boxes by the horizontal bands of the page they cross, so a character is tested against a few only."""
    bands: dict[int, list[Box]] = {}
    for box in boxes:
        for band in range(int(box.bottom // BAND), int(box.top // BAND) + 1):
            bands.setdefault(band, []).append(box)
    return bands


def _smallest_holder(boxes: list[Box], char: Char) -> Box | None:
    holders = [box for box in boxes if box.holds(char)]
    return min(holders, key=lambda box: box.area) if holders else None


def _table_rows(boxes: list[Box]) -> list[tuple[float, str]]:
    """(top, "cell\\tcell…") per row of cells; columns by left edge so merged cells leave blanks."""
    columns = _cluster(sorted(box.left for box in boxes))
    rows: dict[float, list[Box]] = {}
    for top in _cluster(sorted((box.top for box in boxes), reverse=True)):
        rows[top] = [box for box in boxes if abs(box.top - top) <= EDGE_TOLERANCE]
    out = []
    for top, cells in rows.items():
        if not any(cell.chars for cell in cells):
            continue
        slots = [""] * len(columns)
        for cell in cells:
            slot = min(range(len(columns)), key=lambda i: abs(columns[i] - cell.left))
            slots[slot] = _cell_text(cell.chars)
        while slots and not slots[-1]:
            slots.pop()
        out.append((top, "\t".join(slots)))
    return out


def _cluster(values: list[float]) -> list[float]:
    """One representative per run of values closer than EDGE_TOLERANCE."""
    groups: list[float] = []
    for value in values:
        if not groups or abs(value - groups[-1]) > EDGE_TOLERANCE:
            groups.append(value)
    return groups


def _cell_text(chars: list[Char]) -> str:
    """A cell's characters in reading order, its wrapped lines joined."""
    return "".join(_join_words(line) for line in _lines(chars)).strip()


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines (top to bottom), each sorted left to right."""
    if not chars:
        return []
    height = median(max(c.top - c.bottom, 1.0) for c in chars)
    ordered = sorted(chars, key=lambda c: -c.middle_y)
    lines: list[list[Char]] = [[ordered[0]]]
    for char in ordered[1:]:
        if abs(lines[-1][0].middle_y - char.middle_y) <= height * 0.5:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c.left) for line in lines]


def _join_words(line: list[Char]) -> str:
    """Characters of a line; a visible gap between Latin letters or digits is a space (the file has none)."""
    parts = []
    for previous, char in zip([None, *line], line, strict=False):
        pair = "" if previous is None else previous.text + char.text
        wide_gap = previous is not None and char.left - previous.right > 0.4 * (char.top - char.bottom)
        if pair.isascii() and pair.isalnum() and wide_gap:
            parts.append(" ")
        parts.append(char.text)
    return "".join(parts)


def _free_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of each line of text outside the tables."""
    return [(max(c.top for c in line), _join_words(line).rstrip()) for line in _lines(chars)]
