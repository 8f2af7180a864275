"""Text of Word 97–2003 binary documents (.doc, and WPS's .wps in that format): paragraphs as lines, table rows as
tab-separated lines, page and section breaks as pages, read from the document's piece table ([MS-DOC])."""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import olefile

from etl.text import unwrapped_cell

WORD_MAGIC = 0xA5EC
FIRST_WORD97_NFIB = 0x00C1  # Word 6 and 95 files have no piece table this reader knows
F_WHICH_TABLE = 0x0200  # FibBase flag: the table stream is 1Table, else 0Table
F_ENCRYPTED = 0x0100
CCP_TEXT_AT = 76  # FibRgLw97.ccpText: characters of the main document
FC_CLX_AT = 418  # FibRgFcLcb97.fcClx / lcbClx: the piece table
FC_PLCF_BTE_PAPX_AT = 258  # FibRgFcLcb97.fcPlcfBtePapx / lcbPlcfBtePapx: where paragraphs' properties are
FC_PLCF_BTE_CHPX_AT = 250  # FibRgFcLcb97.fcPlcfBteChpx / lcbPlcfBteChpx: where runs' character properties are
FKP_SIZE = 512
PCD_SIZE = 8
BX_PAP_SIZE = 13

SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph is in a table cell
SPRM_TABLE_ROW_END = 0x2417  # sprmPFTtp: the paragraph is a table row's end mark
SPRM_PAGE_BREAK_BEFORE = 0x2407  # sprmPFPageBreakBefore: a page starts at the paragraph
SPRM_DELETED = 0x0800  # sprmCFRMarkDel: text deleted with Track Changes on, shown struck through or not at all
SPRM_HIDDEN = 0x083C  # sprmCFVanish: hidden text (Font ▸ Hidden), neither shown nor printed
# A character toggle's operand: 1 on, 0x81 the opposite of the style's (which is off: a style hiding body text
# would hide the report); 0 and 0x80 (the style's own) leave the text shown.
TOGGLE_ON = frozenset({0x01, 0x81})

CELL_MARK = "\x07"
PARAGRAPH_MARK = "\r"
LINE_BREAK = "\x0b"
PAGE_BREAK = "\x0c"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
# Anchors of pictures, drawn objects, footnote and comment references, optional hyphens: no text of their own.
DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x08\x1f"), None) | {0x1E: "-", 0xA0: " "}


class DocFormatError(ValueError):
    """The file is no Word 97–2003 document this reader can read (the message says why, in Chinese)."""


@dataclass(frozen=True)
class _Piece:
    """A run of the main text: its first character position, length, byte offset, and 1 or 2 bytes a character."""

    cp: int
    length: int
    offset: int
    width: int


@dataclass(frozen=True)
class _Layout:
    """What a paragraph's properties say of its place: in a table cell, a row's end mark, first on a new page."""

    in_table: bool = False
    row_end: bool = False
    new_page: bool = False


PLAIN = _Layout()


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph's text (without its mark), the mark that ends it, and its layout."""

    text: str
    mark: str
    layout: _Layout


def doc_pages(data: bytes) -> list[str]:
    """The pages of a .doc file's main text; raises DocFormatError when it is none or cannot be read."""
    word, table = _streams(data)
    try:
        return _pages(_paragraphs(word, table))
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        kind = "struct.error" if isinstance(exc, struct.error) else type(exc).__name__
        raise DocFormatError(f"文档结构已损坏（{kind}）") from exc


def _streams(data: bytes) -> tuple[bytes, bytes]:
    """The WordDocument stream (text and its header) and the table stream (where the text's structure is)."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, ValueError and others on a damaged container alike
        raise DocFormatError("不是有效的 Word 97–2003 文档") from exc
    with ole:
        if not ole.exists("WordDocument"):
            raise DocFormatError("文件中没有 Word 正文（可能是其他 Office 文件）")
        try:
            word = ole.openstream("WordDocument").read()
            table_name = _table_stream_name(word)
            if not ole.exists(table_name):
                raise DocFormatError(f"文件缺少 {table_name} 数据流，可能已损坏")
            return word, ole.openstream(table_name).read()
        except DocFormatError:
            raise
        except Exception as exc:
            raise DocFormatError(f"文档已损坏（{type(exc).__name__}）") from exc


def _table_stream_name(word: bytes) -> str:
    if len(word) < FC_CLX_AT + 8:
        raise DocFormatError("Word 正文过短，可能已损坏")
    magic, nfib = struct.unpack_from("<HH", word, 0)
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if magic != WORD_MAGIC:
        raise DocFormatError("不是 Word 文档")
    if nfib < FIRST_WORD97_NFIB:
        raise DocFormatError("Word 6.0/95 格式过旧")
    if flags & F_ENCRYPTED:
        raise DocFormatError("文件受密码保护（已加密）")
    return "1Table" if flags & F_WHICH_TABLE else "0Table"


def _pieces(word: bytes, table: bytes) -> list[_Piece]:
    """The piece table (PlcPcd inside the Clx): where each run of the main text is stored, and how wide."""
    fc_clx, lcb_clx = struct.unpack_from("<II", word, FC_CLX_AT)
    position, end = fc_clx, fc_clx + lcb_clx
    while position < end and table[position] == 0x01:  # Prc: formatting changes kept in the Clx, skipped
        position += 3 + struct.unpack_from("<h", table, position + 1)[0]
    if position >= end or table[position] != 0x02:
        raise DocFormatError("找不到文档的分段表（piece table）")
    lcb = struct.unpack_from("<I", table, position + 1)[0]
    plc = position + 5
    count = (lcb - 4) // (4 + PCD_SIZE)
    cps = struct.unpack_from(f"<{count + 1}I", table, plc)
    pieces = []
    for index in range(count):
        fc = struct.unpack_from("<I", table, plc + 4 * (count + 1) + index * PCD_SIZE + 2)[0]
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append(_Piece(cps[index], cps[index + 1] - cps[index], offset, 1 if compressed else 2))
    return pieces


def _main_text(word: bytes, pieces: list[_Piece]) -> Iterator[tuple[str, int]]:
    """Every character of the main document with the byte offset it is stored at."""
    remaining = struct.unpack_from("<I", word, CCP_TEXT_AT)[0]
    for piece in sorted(pieces, key=lambda p: p.cp):
        length = min(piece.length, remaining)
        raw = word[piece.offset : piece.offset + length * piece.width]
        if len(raw) != length * piece.width:
            raise DocFormatError("分段表指向正文之外，文档已损坏")
        text = raw.decode("cp1252", errors="replace") if piece.width == 1 else raw.decode("utf-16-le")
        for index, char in enumerate(text):
            yield char, piece.offset + index * piece.width
        remaining -= length
        if remaining <= 0:
            return


def _paragraphs(word: bytes, table: bytes) -> Iterator[_Paragraph]:
    """The main text as paragraphs, with the table properties of each (read from the paragraphs' FKPs)."""
    properties = _ParagraphProperties(word, table)
    unseen = _unseen_runs(word, table)  # deleted and hidden runs: (first byte offset, end), sorted
    starts = [start for start, _ in unseen]
    chars: list[str] = []
    fields: list[bool] = []  # per open field: whether its result (after the separator) is being read
    for char, offset in _main_text(word, _pieces(word, table)):
        if unseen and char not in MARKS and _inside(unseen, starts, offset):
            continue  # the text a reader does not see; marks stay, so paragraphs, cells and fields keep their shape
        if char == FIELD_BEGIN:
            fields.append(False)
        elif char == FIELD_SEPARATOR and fields:
            fields[-1] = True
        elif char == FIELD_END and fields:
            fields.pop()
        elif fields and not fields[-1]:
            continue  # a field's code ("PAGE", "HYPERLINK …"): its result is the text shown
        elif char in (PARAGRAPH_MARK, CELL_MARK):
            yield _Paragraph("".join(chars).translate(DROPPED), char, properties.at(offset))
            chars = []
        else:
            chars.append(char)
    if chars:
        yield _Paragraph("".join(chars).translate(DROPPED), PARAGRAPH_MARK, PLAIN)


MARKS = frozenset({PARAGRAPH_MARK, CELL_MARK, FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END})


def _inside(runs: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    index = bisect_right(starts, offset) - 1
    return index >= 0 and offset < runs[index][1]


def _unseen_runs(word: bytes, table: bytes) -> list[tuple[int, int]]:
    """The byte ranges of the text whose character properties delete (tracked) or hide it, from every CHPX FKP
    (PlcBteChpx → FKPs); most documents have none, and their text is then read without a look-up per character."""
    fc, lcb = struct.unpack_from("<II", word, FC_PLCF_BTE_CHPX_AT)
    count = (lcb - 4) // 8 if lcb >= 4 else 0
    pages_at = fc + 4 * (count + 1)
    runs: list[tuple[int, int]] = []
    for index in range(count):
        page = struct.unpack_from("<I", table, pages_at + 4 * index)[0] & 0x3FFFFF
        fkp = word[page * FKP_SIZE : (page + 1) * FKP_SIZE]
        if len(fkp) < FKP_SIZE:
            continue
        count_runs = fkp[FKP_SIZE - 1]
        bounds = struct.unpack_from(f"<{count_runs + 1}I", fkp, 0)
        for run in range(count_runs):
            at = fkp[4 * (count_runs + 1) + run] * 2
            if at and _unseen(fkp, at):
                runs.append((bounds[run], bounds[run + 1]))
    return sorted(runs)


def _unseen(fkp: bytes, at: int) -> bool:
    """Whether one Chpx (a size byte, then sprms) marks its run deleted or hidden."""
    end = min(at + 1 + fkp[at], len(fkp))
    sprms = _sprms(fkp, at + 1, end)
    return any(sprm in (SPRM_DELETED, SPRM_HIDDEN) and operand in TOGGLE_ON for sprm, operand in sprms)


def _pages(paragraphs: Iterator[_Paragraph]) -> list[str]:
    """Lines grouped into pages: a paragraph a line, a table row a line of its cells."""
    pages: list[list[str]] = [[]]
    row: list[str] = []
    cell: list[str] = []
    for paragraph in paragraphs:
        layout = paragraph.layout
        if layout.new_page and any(pages[-1]):
            pages.append([])
        if layout.row_end:
            pages[-1].append("\t".join(row))
            row, cell = [], []
        elif paragraph.mark == CELL_MARK or layout.in_table:
            cell.append(" ".join(paragraph.text.replace(PAGE_BREAK, LINE_BREAK).split(LINE_BREAK)).strip())
            if paragraph.mark == CELL_MARK:  # the cell's last paragraph: its lines joined as the .docx reader does
                row.append(unwrapped_cell(" ".join(part for part in cell if part).replace("\t", " ")))
                cell = []
        else:
            _add_text(pages, paragraph.text)
    return ["\n".join(lines) for lines in pages]


def _add_text(pages: list[list[str]], text: str) -> None:
    """A paragraph outside tables: its line breaks are lines, its page and section breaks start pages."""
    for number, part in enumerate(text.split(PAGE_BREAK)):
        if number:
            pages.append([])
        if part or not number:
            pages[-1].extend(part.split(LINE_BREAK))


class _ParagraphProperties:
    """The layout of the paragraph ending at a byte offset, from its properties (PlcBtePapx → FKPs)."""

    def __init__(self, word: bytes, table: bytes) -> None:
        fc, lcb = struct.unpack_from("<II", word, FC_PLCF_BTE_PAPX_AT)
        count = (lcb - 4) // 8 if lcb >= 4 else 0
        self._word = word
        pages_at = fc + 4 * (count + 1)
        self._pages = [struct.unpack_from("<I", table, pages_at + 4 * i)[0] & 0x3FFFFF for i in range(count)]
        self._bounds = list(struct.unpack_from(f"<{count + 1}I", table, fc)) if count else []
        self._runs: dict[int, tuple[list[int], list[_Layout]]] = {}

    def at(self, offset: int) -> _Layout:
        index = bisect_right(self._bounds, offset) - 1
        if not 0 <= index < len(self._pages):
            return PLAIN
        starts, layouts = self._fkp(self._pages[index])
        run = bisect_right(starts, offset) - 1
        return layouts[run] if 0 <= run < len(layouts) else PLAIN

    def _fkp(self, page: int) -> tuple[list[int], list[_Layout]]:
        """The paragraph runs of one FKP page: their first byte offsets and layouts."""
        if page not in self._runs:
            fkp = self._word[page * FKP_SIZE : (page + 1) * FKP_SIZE]
            runs = fkp[FKP_SIZE - 1]
            starts = list(struct.unpack_from(f"<{runs + 1}I", fkp, 0))
            layouts = [_layout(fkp, fkp[4 * (runs + 1) + BX_PAP_SIZE * run] * 2) for run in range(runs)]
            self._runs[page] = (starts[:-1], layouts)
        return self._runs[page]


def _layout(fkp: bytes, at: int) -> _Layout:
    """The layout one PapxInFkp gives: a size byte, the style, then the paragraph's sprms."""
    if at == 0:
        return PLAIN  # no properties of its own
    size = fkp[at] * 2 - 1 if fkp[at] else fkp[at + 1] * 2
    start = at + (1 if fkp[at] else 2) + 2  # after the size byte(s) and the 2-byte style index
    end = min(at + (1 if fkp[at] else 2) + size, len(fkp))
    flags = {sprm: operand != 0 for sprm, operand in _sprms(fkp, start, end)}
    return _Layout(
        flags.get(SPRM_IN_TABLE, False), flags.get(SPRM_TABLE_ROW_END, False), flags.get(SPRM_PAGE_BREAK_BEFORE, False)
    )


# Operand sizes by the sprm's spra (its top 3 bits); 6 is variable, its size in the first operand byte.
SPRA_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
SPRM_TABLE_DEFINITION = 0xD608  # sprmTDefTable: a variable operand with a 2-byte size


def _sprms(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(sprm, first operand byte) of each property in data[start:end]."""
    position = start
    while position + 2 < end:
        sprm = struct.unpack_from("<H", data, position)[0]
        position += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == SPRM_TABLE_DEFINITION:
                size = struct.unpack_from("<H", data, position)[0] + 1
            else:
                size = data[position] + 1
        else:
            size = SPRA_SIZES[spra]
        yield sprm, data[position]
        position += size
