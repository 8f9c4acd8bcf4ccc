"""The report as a PDF (fpdf2), with DejaVu Sans embedded: the font ships inside matplotlib,
so a fresh machine renders every Kazakh letter without any system font."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace
from fpdf.enums import Align, XPos, YPos

from halyq.reports.charts import chart_aspect, chart_png
from halyq.reports.sections import (
    Chart,
    ReportDocument,
    Section,
    Table,
    cell_text,
    column_shares,
)

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MARGIN = 20  # mm
LINE = 5.5  # mm per line of body text
INDENT = 10  # mm, the first line of a paragraph
BOLD = FontFace(emphasis="BOLD")
HEADINGS = FontFace(emphasis="BOLD", fill_color=(232, 238, 242))


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align=Align.C)


def pdf_bytes(document: ReportDocument) -> bytes:
    """The whole document as the bytes of a PDF file (A4)."""
    pdf = _Pdf(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(document.title)
    pdf.set_lang({"kk": "kk-KZ", "ru": "ru-RU"}[document.lang])
    pdf.set_creator("Halyq")
    pdf.add_page()
    for line in document.organisation:
        _text(pdf, line, size=10, bold=True, align=Align.C)
    pdf.ln(4)
    _text(pdf, document.title, size=14, bold=True, align=Align.C, line=7)
    _text(pdf, document.period_line, size=10, align=Align.C)
    pdf.ln(4)
    for number, section in enumerate(document.sections, 1):
        _section(pdf, number, section, document)
    pdf.ln(6)
    _text(pdf, document.footer, size=8)
    return bytes(pdf.output())


def _text(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: Align = Align.L,
    line: float = LINE,
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, line, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str) -> None:
    """Body text: justified, its first line indented, as in the department's own papers."""
    pdf.set_font(FONT, size=10.5)
    columns = pdf.text_columns(text_align=Align.J, line_height=1.25)
    with columns, columns.paragraph(first_line_indent=INDENT, bottom_margin=1.5) as paragraph:
        paragraph.write(text)


def _section(pdf: FPDF, number: int, section: Section, document: ReportDocument) -> None:
    _keep_room(pdf, 40)
    pdf.ln(3)
    _text(pdf, f"{number}. {section.title}", size=12, bold=True, line=7)
    pdf.ln(1)
    for text in section.paragraphs:
        _paragraph(pdf, text)
    for block in section.blocks:
        # A chart or a short table moves to the next page whole, with its caption.
        if isinstance(block, Chart):
            _keep_room(pdf, 12 + pdf.epw * chart_aspect(block))
        else:
            _keep_room(pdf, min(18 + 9 * len(block.rows), 80))
        pdf.ln(2)
        _text(pdf, block.caption, size=9.5, bold=True)
        pdf.ln(1)
        if isinstance(block, Chart):
            pdf.image(BytesIO(chart_png(block, document.lang)), w=pdf.epw)
        else:
            _table(pdf, block, document)


def _table(pdf: FPDF, table: Table, document: ReportDocument) -> None:
    pdf.set_font(FONT, size=8.5)
    widths = tuple(column_shares(table))
    aligns = tuple("LEFT" if kind == "text" else "RIGHT" for kind in table.kinds)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=HEADINGS,
        line_height=4.6,
        padding=1.2,
    ) as grid:
        heading = grid.row()
        for title in table.columns:
            heading.cell(title)
        for values in table.rows:
            row = grid.row()
            for value, kind in zip(values, table.kinds, strict=True):
                row.cell(cell_text(value, kind, document.lang))
        if table.total:
            row = grid.row()
            for value, kind in zip(table.total, table.kinds, strict=True):
                text = "" if value is None else cell_text(value, kind, document.lang)
                row.cell(text, style=BOLD)


def _keep_room(pdf: FPDF, millimetres: float) -> None:
    """Start a new page rather than leave a heading or caption alone at the bottom."""
    if pdf.get_y() + millimetres > pdf.h - MARGIN:
        pdf.add_page()
