"""The report as a Word document (python-docx): A4, Times New Roman, tables and charts."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable

from halyq.reports.charts import chart_png
from halyq.reports.sections import (
    Chart,
    ReportDocument,
    Section,
    Table,
    cell_text,
    column_shares,
)

FONT = "Times New Roman"  # what the akimat's documents use; it has the Kazakh letters
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}
GREY = RGBColor(0x55, 0x55, 0x55)
TABLE_WIDTH = Cm(17)  # the text width of A4 with 2 cm margins


def docx_bytes(document: ReportDocument) -> bytes:
    """The whole document as the bytes of a .docx file."""
    doc = Document()
    _page_and_styles(doc, document)
    for line in document.organisation:
        _centred(doc, line, size=11, bold=True)
    _centred(doc, document.title, size=15, bold=True, space_before=12)
    _centred(doc, document.period_line, size=11, italic=True, space_after=12)
    for number, section in enumerate(document.sections, 1):
        _section(doc, number, section, document)
    footer = doc.add_paragraph()
    footer.paragraph_format.space_before = Pt(18)
    run = footer.add_run(document.footer)
    run.font.size, run.font.color.rgb = Pt(9), GREY
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_and_styles(doc: DocxDocument, document: ReportDocument) -> None:
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(2)
    doc.core_properties.title = document.title
    doc.core_properties.language = LANGUAGE_TAGS[document.lang]
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    _language(normal.element, LANGUAGE_TAGS[document.lang])
    heading = doc.styles["Heading 1"]
    heading.font.name, heading.font.size = FONT, Pt(13)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    _no_theme_font(heading.element)


def _no_theme_font(style_element: Any) -> None:
    """Word's heading styles name a theme font, which wins over the font set by name."""
    fonts = style_element.get_or_add_rPr().get_or_add_rFonts()
    for side in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{side}"), None)


def _language(style_element: Any, tag: str) -> None:
    """Marks the text as Kazakh or Russian, so Word checks its spelling in that language."""
    properties = style_element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)


def _centred(
    doc: DocxDocument,
    text: str,
    *,
    size: int,
    bold: bool = False,
    italic: bool = False,
    space_before: int = 0,
    space_after: int = 0,
) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic


def _section(doc: DocxDocument, number: int, section: Section, document: ReportDocument) -> None:
    doc.add_heading(f"{number}. {section.title}", level=1)
    for text in section.paragraphs:
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    for block in section.blocks:
        caption = doc.add_paragraph()
        caption.paragraph_format.space_before = Pt(8)
        caption.paragraph_format.keep_with_next = True
        run = caption.add_run(block.caption)
        run.bold, run.font.size = True, Pt(11)
        if isinstance(block, Chart):
            doc.add_picture(BytesIO(chart_png(block, document.lang)), width=Cm(16))
        else:
            _table(doc, block, document)


def _table(doc: DocxDocument, table: Table, document: ReportDocument) -> None:
    rows = [*table.rows, *([table.total] if table.total else [])]
    grid = doc.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, share in zip(grid.columns, column_shares(table), strict=True):
        width = int(TABLE_WIDTH * share)
        column.width = width  # the grid (LibreOffice reads it) and each cell (Word reads those)
        for cell in column.cells:
            cell.width = width
    for column, (title, kind) in enumerate(zip(table.columns, table.kinds, strict=True)):
        _cell(grid, 0, column, title, bold=True, right=kind != "text")
    _repeat_header(grid)
    for row_number, row in enumerate(rows, 1):
        is_total = table.total is not None and row_number == len(rows)
        for column, (value, kind) in enumerate(zip(row, table.kinds, strict=True)):
            text = "" if value is None and is_total else cell_text(value, kind, document.lang)
            _cell(grid, row_number, column, text, bold=is_total, right=kind != "text")


def _cell(grid: DocxTable, row: int, column: int, text: str, *, bold: bool, right: bool) -> None:
    paragraph = grid.cell(row, column).paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(10)


def _repeat_header(grid: DocxTable) -> None:
    """The heading row repeats on every page a long table runs over."""
    properties = grid.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
