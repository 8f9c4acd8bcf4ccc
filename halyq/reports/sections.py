"""One structure for every document: sections of sentences, tables and charts.

`build_document()` turns the figures into a `ReportDocument`; the DOCX, PDF and XLSX writers
only lay it out, so the three formats cannot say different things. Table cells keep their
numbers as numbers (the XLSX wants them so); the writers format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from halyq.city.profile import CityProfile
from halyq.reports import sentences
from halyq.reports.figures import Figures
from halyq.reports.formatting import Lang, format_day, format_number
from halyq.reports.periods import Period
from halyq.reports.titles import period_line, report_title
from halyq.reports.words import (
    CAPTIONS,
    CHANNELS,
    COLUMNS,
    INDICATORS,
    LEGAL_FORMS,
    MEDIA_KINDS,
    NOT_STATED,
    ORGANISERS,
    SECTION_TITLES,
    SHEET_NAMES,
    VENUE_KINDS,
    Label,
    label_of,
    say,
)

Cell = str | int | float | None
ColumnKind = Literal["text", "int", "money", "hours"]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]
    kinds: list[ColumnKind]
    rows: list[list[Cell]]
    total: list[Cell] | None = None


# A column's share of a table's width by what it holds; a row-number column ("№") needs only
# the room of its digits.
WEIGHTS: dict[ColumnKind, float] = {"text": 3.0, "int": 1.25, "money": 1.6, "hours": 1.5}


def column_shares(table: Table) -> list[float]:
    """Each column's share of the table's width; the shares add up to 1."""
    weights = [
        0.4 if title == "№" else WEIGHTS[kind]
        for title, kind in zip(table.columns, table.kinds, strict=True)
    ]
    return [weight / sum(weights) for weight in weights]


def cell_text(value: Cell, kind: ColumnKind, lang: Lang) -> str:
    """A cell as a document shows it: numbers with the language's separators, "—" for none."""
    if value is None:
        return "—"
    if kind != "text" and isinstance(value, int | float):
        return format_number(round(value, 1) if kind == "hours" else value, lang)
    return str(value)


@dataclass(frozen=True)
class Chart:
    """A bar chart; `label_column` and `count_column` head its figures where a table is shown."""

    caption: str
    labels: list[str]
    values: list[int]
    label_column: str
    count_column: str

    def as_table(self) -> Table:
        pairs = zip(self.labels, self.values, strict=True)
        rows: list[list[Cell]] = [[label, value] for label, value in pairs]
        return Table(self.caption, [self.label_column, self.count_column], ["text", "int"], rows)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sheet: str
    paragraphs: list[str]
    blocks: list[Table | Chart] = field(default_factory=list)


@dataclass(frozen=True)
class ReportDocument:
    lang: Lang
    organisation: list[str]
    title: str
    period_line: str
    sections: list[Section]
    footer: str


def build_document(
    figures: Figures, *, period: Period, profile: CityProfile, made_on: date
) -> ReportDocument:
    """The whole report in the figures' language; `made_on` is the date in its footer."""
    lang = figures.lang
    sections = [
        _section(
            "ngos", lang, sentences.ngos(figures.ngos, period.end, lang), _ngo_blocks(figures)
        ),
        _section("projects", lang, sentences.projects(figures.projects, lang), _projects(figures)),
        _section("events", lang, sentences.events(figures.events, lang), _events(figures)),
        _section("media", lang, sentences.media(figures.media, lang), _media(figures)),
        _section(
            "appeals", lang, sentences.appeals(figures.appeals, lang), _appeals(figures, profile)
        ),
    ]
    footer = (
        f"Есеп Halyq жүйесінде {format_day(made_on)} жасалды."
        if lang == "kk"
        else f"Отчёт сформирован в системе Halyq {format_day(made_on)}."
    )
    return ReportDocument(
        lang=lang,
        organisation=_organisation(profile, lang),
        title=report_title(period, lang),
        period_line=period_line(period, lang),
        sections=sections,
        footer=footer,
    )


def _section(key: str, lang: Lang, paragraphs: list[str], blocks: list[Table | Chart]) -> Section:
    title, sheet = say(SECTION_TITLES[key], lang), say(SHEET_NAMES[key], lang)
    kept = [block for block in blocks if _has_figures(block)]
    return Section(key, title, sheet, paragraphs, kept)


def _has_figures(block: Table | Chart) -> bool:
    return bool(block.values if isinstance(block, Chart) else block.rows)


def _organisation(profile: CityProfile, lang: Lang) -> list[str]:
    city = profile.name_kk if lang == "kk" else profile.name_ru
    office = profile.departments.get("internal_policy")
    lines = [city[:1].upper() + city[1:]]
    if office is not None:
        lines.insert(0, office.name_kk if lang == "kk" else office.name_ru)
    return lines


def _chart(
    key: str, lang: Lang, column: str, counts: dict[str, int], labels: dict[str, Label]
) -> Chart:
    shown = {code: n for code, n in counts.items() if n}
    return Chart(
        caption=say(CAPTIONS[key], lang),
        labels=[label_of(labels, code, lang) for code in shown],
        values=list(shown.values()),
        label_column=say(COLUMNS[column], lang),
        count_column=say(COLUMNS["count"], lang),
    )


def _counts(key: str, lang: Lang, column: str, rows: dict[str, str | int]) -> Table:
    return Table(
        say(CAPTIONS[key], lang),
        [say(COLUMNS[column], lang), say(COLUMNS["count"], lang)],
        ["text", "int"],
        [[label, n] for label, n in rows.items()],
    )


def _ngo_blocks(figures: Figures) -> list[Table | Chart]:
    return [_chart("ngos_by_form", figures.lang, "form", figures.ngos.by_form, LEGAL_FORMS)]


def _projects(figures: Figures) -> list[Table | Chart]:
    lang, items = figures.lang, figures.projects.items
    heads = [say(COLUMNS[key], lang) for key in ("number", "project", "ngo", "topic", "budget")]
    rows: list[list[Cell]] = [
        [number, item.title, item.ngo or "—", item.topic or "—", item.budget_tenge]
        for number, item in enumerate(items, 1)
    ]
    total: list[Cell] = [
        None,
        say(COLUMNS["total"], lang),
        None,
        None,
        figures.projects.budget_tenge,
    ]
    # A project by its number in the table above: the titles are long.
    indicator_rows: list[list[Cell]] = [
        [number, label_of(INDICATORS, row.name, lang), row.planned, row.actual]
        for number, item in enumerate(items, 1)
        for row in item.indicators
    ]
    indicator_heads = [
        say(COLUMNS[key], lang) for key in ("project_number", "indicator", "planned", "actual")
    ]
    return [
        Table(
            say(CAPTIONS["projects"], lang),
            heads,
            ["int", "text", "text", "text", "money"],
            rows,
            total,
        ),
        Table(
            say(CAPTIONS["indicators"], lang),
            indicator_heads,
            ["int", "text", "int", "int"],
            indicator_rows,
        ),
    ]


def _events(figures: Figures) -> list[Table | Chart]:
    lang, events = figures.lang, figures.events
    organisers = {
        label_of(ORGANISERS, code, lang): n for code, n in events.by_organiser.items() if n
    }
    topics = {name or say(NOT_STATED, lang): n for name, n in events.by_topic.items()}
    return [
        _counts("events_by_organiser", lang, "organiser", dict(organisers)),
        _chart("events_by_venue", lang, "venue_kind", events.by_venue_kind, VENUE_KINDS),
        _counts("events_by_topic", lang, "topic", dict(topics)),
    ]


def _media(figures: Figures) -> list[Table | Chart]:
    lang, media = figures.lang, figures.media
    kinds = {label_of(MEDIA_KINDS, code, lang): n for code, n in media.by_kind.items() if n}
    partners = {name or say(NOT_STATED, lang): n for name, n in media.by_partner.items()}
    return [
        _counts("media_by_kind", lang, "kind", dict(kinds)),
        _counts("media_by_partner", lang, "partner", dict(partners)),
    ]


def _appeals(figures: Figures, profile: CityProfile) -> list[Table | Chart]:
    lang, appeals = figures.lang, figures.appeals
    categories = {code: (c.name_kk, c.name_ru) for code, c in profile.categories.items()}
    channels = {label_of(CHANNELS, code, lang): n for code, n in appeals.by_channel.items()}
    heads = [
        say(COLUMNS[key], lang)
        for key in ("department", "received", "resolved", "overdue", "first_response", "resolution")
    ]
    rows: list[list[Cell]] = []
    for code, row in appeals.by_department.items():
        department = profile.departments.get(code)
        name = (department.name_kk if lang == "kk" else department.name_ru) if department else code
        rows.append([
            name, row.received, row.resolved, row.overdue,
            row.median_first_response_hours, row.median_resolution_hours,
        ])  # fmt: skip
    total: list[Cell] = [
        say(COLUMNS["total"], lang), appeals.received, appeals.resolved, appeals.overdue,
        appeals.median_first_response_hours, appeals.median_resolution_hours,
    ]  # fmt: skip
    return [
        _counts("appeals_by_channel", lang, "channel", dict(channels)),
        _chart("appeals_by_category", lang, "category", appeals.by_category, categories),
        Table(
            say(CAPTIONS["appeals_by_department"], lang),
            heads,
            ["text", "int", "int", "int", "hours", "hours"],
            rows,
            total,
        ),
    ]
