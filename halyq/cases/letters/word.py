"""A letter's blocks as a DOCX in the official register's layout (python-docx).

Times New Roman 14 pt, the sender centred at the top, the outgoing number on the left, the
addressee on the right, the title centred, the body justified with a first-line indent, the
signature with the name at the right margin; the Russian letter starts on a new page.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from halyq.cases.letters.compose import LANGS

FONT = "Times New Roman"
_ALIGN = {
    "sender": WD_ALIGN_PARAGRAPH.CENTER,
    "title": WD_ALIGN_PARAGRAPH.CENTER,
    "addressee": WD_ALIGN_PARAGRAPH.LEFT,
    "body": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "facts": WD_ALIGN_PARAGRAPH.LEFT,
    "outgoing": WD_ALIGN_PARAGRAPH.LEFT,
    "attachments": WD_ALIGN_PARAGRAPH.LEFT,
    "signature": WD_ALIGN_PARAGRAPH.LEFT,
}
_BOLD = frozenset({"sender", "addressee", "title", "signature"})


def letter_docx(blocks: list[dict[str, str]], *, title: str, at: datetime) -> bytes:
    """The DOCX file's bytes; `title` and `at` go into the document's properties."""
    document = Document()
    section = document.sections[0]
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    document.core_properties.title = title
    document.core_properties.created = document.core_properties.modified = at
    width = int(section.page_width or Cm(21)) - Cm(3) - Cm(1.5)
    for index, lang in enumerate(LANGS):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in (b for b in blocks if b["lang"] == lang):
            _add_block(document, block, width)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _add_block(document: DocxDocument, block: dict[str, str], width: int) -> None:
    kind = block["kind"]
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN.get(kind, WD_ALIGN_PARAGRAPH.LEFT)
    fmt.space_after = Pt(12 if kind in ("title", "addressee", "sender") else 6)
    if kind == "addressee":
        fmt.left_indent = Cm(9)
    if kind == "body":
        fmt.first_line_indent = Cm(1.25)
    if kind == "signature":
        fmt.space_before = Pt(24)
        fmt.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    lines = block["text"].split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = kind in _BOLD
        if number < len(lines) - 1:
            run.add_break()
