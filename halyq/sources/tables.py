"""Appeals from tables: CSV (as Excel here saves it) and XLSX, one post a row.

The person names the columns by their headers (`id=Нөмірі,text=Мәтін,created_at=Күні`);
the header row is found among the first rows, so a title line above it does no harm.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from halyq.sources.records import (
    DEFAULT_ZONE,
    MAX_TEXT_CHARS,
    BadRecord,
    PostIn,
    Rejected,
    check_lengths,
    check_not_future,
    parse_time,
)

FIELDS = ("id", "text", "created_at", "author", "url", "reply_to")
REQUIRED = ("id", "text")
HEADER_SEARCH_ROWS = 20
SAMPLE_BYTES = 64 * 1024
MAX_CELL_CHARS = 64 * 1024 * 1024
# Single-byte encodings Kazakh and Russian offices save in: Windows Cyrillic, its Kazakh
# variant (KZ-1048, with ә ғ қ ң ө ұ ү һ), and KOI8-R from older systems.
LEGACY_ENCODINGS = ["cp1251", "kz1048", "koi8_r"]
DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)

# (row number as a spreadsheet shows it, its cells or why they cannot be read)
Row = tuple[int, list[Any] | Rejected]


class TableError(ValueError):
    """The table cannot be read as asked; nothing has been stored."""


def parse_mapping(text: str) -> dict[str, str]:
    """ "id=Нөмірі,text=Мәтін" → {"id": "Нөмірі", "text": "Мәтін"}; TableError if wrong."""
    mapping: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise TableError(f"--map: '{part}' is not FIELD=COLUMN")
        if field not in FIELDS:
            raise TableError(f"--map: '{field}' is not one of {', '.join(FIELDS)}")
        mapping[field] = column
    missing = [field for field in REQUIRED if field not in mapping]
    if missing:
        raise TableError(f"--map must name the column of {' and '.join(missing)}")
    return mapping


def read_table(
    path: Path,
    mapping: dict[str, str],
    *,
    source: str | None = None,
    sheet: str | None = None,
    now: datetime | None = None,
) -> Iterator[tuple[str, PostIn | Rejected]]:
    """(place, post or rejection) for each non-empty row below the header. The file, the
    sheet and the mapped columns are checked before this returns (TableError), so a wrong
    command stores nothing; after that, a bad row is a Rejected naming row and column."""
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    kind = path.suffix.lower()
    if kind not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise TableError(f"{path}: expected a .csv or .xlsx file")
    rows = _xlsx_rows(path, sheet) if kind.startswith(".xls") else _csv_rows(path)
    columns = _find_header(rows, mapping, path)
    return _posts(rows, columns, source or f"table:{path.stem}", now)


def _find_header(
    rows: Iterator[Row], mapping: dict[str, str], path: Path
) -> dict[str, tuple[int, str]]:
    """Each field's column index and header, from the first row that holds every mapped
    header (matched case-insensitively); TableError naming the missing ones if none does."""
    wanted = {field: _name(column) for field, column in mapping.items()}
    first: list[Any] = []
    for number, cells in rows:
        if isinstance(cells, Rejected):
            raise TableError(f"{path}: {cells}")
        names = [_name(cell) for cell in cells]
        first = first or cells
        if all(name in names for name in wanted.values()):
            return {field: (names.index(name), mapping[field]) for field, name in wanted.items()}
        if number >= HEADER_SEARCH_ROWS:
            break
    absent = [column for column in mapping.values() if _name(column) not in map(_name, first)]
    seen = ", ".join(str(cell).strip() for cell in first if _name(cell)) or "nothing"
    raise TableError(
        f"{path}: no header row (among the first {HEADER_SEARCH_ROWS}) has the column(s) "
        f"{', '.join(repr(column) for column in absent)}; the first row has: {seen}"
    )


def _name(cell: Any) -> str:
    return str(cell).strip().casefold() if cell is not None else ""


def _posts(
    rows: Iterator[Row], columns: dict[str, tuple[int, str]], source: str, now: datetime | None
) -> Iterator[tuple[str, PostIn | Rejected]]:
    for number, cells in rows:
        if isinstance(cells, Rejected):
            yield cells.place, cells
            continue
        if all(cell in (None, "") for cell in cells):
            continue
        place = f"row {number}"
        try:
            yield place, _post(number, cells, columns, source, now)
        except BadRecord as exc:
            yield place, Rejected(place, str(exc))


def _post(
    number: int,
    cells: list[Any],
    columns: dict[str, tuple[int, str]],
    source: str,
    now: datetime | None,
) -> PostIn:
    values = {field: _cell(cells, index) for field, (index, _) in columns.items()}

    def fail(field: str, why: str) -> BadRecord:
        return BadRecord(f"column '{columns[field][1]}': {why}")

    external_id = _id(values["id"])
    if not external_id:
        raise fail("id", "empty; every row needs an id")
    text = _text(values["text"])
    if not text.strip():
        raise fail("text", "empty")
    if len(text) > MAX_TEXT_CHARS:
        raise fail("text", f"{len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    created_at = None
    if values.get("created_at") not in (None, ""):
        try:
            created_at = table_time(values["created_at"])
            check_not_future(created_at, "created_at", now)
        except BadRecord as exc:
            raise fail("created_at", str(exc).removeprefix("field 'created_at' ")) from None
        except ValueError:
            raise fail("created_at", f"not a date: {values['created_at']!s:.40}") from None
    post = PostIn(
        source=source,
        external_id=external_id,
        text=text,
        created_at=created_at,
        author=_text(values.get("author")).strip() or None,
        url=_text(values.get("url")).strip() or None,
        reply_to=_id(values.get("reply_to")) or None,
        raw={"_row": number, **{c: _plain(values[f]) for f, (_, c) in columns.items()}},
    )
    check_lengths(post)
    return post


def table_time(value: Any) -> datetime:
    """A date as people here write it, or as Excel stores it, as an aware time:
    "03.11.2026 09:15", "03.11.2026", "2026-11-03T09:15:00+05:00", a date cell, an Excel
    serial number. Without a zone it is Kyzylorda time. ValueError when it is none of these."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=DEFAULT_ZONE)
    if isinstance(value, date):
        return datetime.combine(value, time(), DEFAULT_ZONE)
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        return table_time(from_excel(value))
    text = str(value).strip()
    match = DAY_FIRST.fullmatch(text)
    if match:
        parts = {key: int(found) for key, found in match.groupdict().items() if found}
        return datetime(
            parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0),
            parts.get("S", 0), tzinfo=DEFAULT_ZONE,
        )  # fmt: skip
    return parse_time(text)


def _cell(cells: list[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps numbers as floats: 1045.0 is row id 1045
    return _text(value).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    """A cell as JSON can keep it."""
    return value if value is None or isinstance(value, str | int | float) else _text(value)


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[Row]:
    """Rows of a CSV file with its encoding and delimiter detected. A row with bytes that
    are not of the detected encoding comes as a Rejected in place of its cells."""
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        encoding = _encoding(sample, path)
        delimiter = _delimiter(sample, encoding)
        stream.seek(0)
        bad: dict[int, str] = {}
        reader = csv.reader(_lines(stream, encoding, bad), delimiter=delimiter)
        # A 5 MB cell must reach the length check as a row, not stop the reader (the csv
        # module's limit, 128 KiB, is process-wide: raised while reading, then put back).
        previous = csv.field_size_limit(MAX_CELL_CHARS)
        line = number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                spanned, line = range(line + 1, reader.line_num + 1), reader.line_num
                broken = [bad[n] for n in spanned if n in bad]
                if broken:
                    yield number, Rejected(f"row {number}", broken[0])
                else:
                    yield number, list(cells)
        except csv.Error as exc:  # a cell past even that (an unclosed quote): cannot go on
            place = f"row {number + 1} (line {reader.line_num + 1})"
            why = f"not readable as CSV ({exc}); nothing after it was read"
            yield number + 1, Rejected(place, why, fatal=True)
        finally:
            csv.field_size_limit(previous)


def _encoding(sample: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), or the likeliest Cyrillic single-byte encoding."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"{path}: UTF-16 text; save it from Excel as 'CSV UTF-8' instead")
    text = sample.decode("utf-8", "replace")
    foreign = text.count("\ufffd")
    letters = sum(char > "\x7f" for char in text) - foreign
    # Mostly good UTF-8 is UTF-8 with a few bad bytes (their rows are rejected, see _lines);
    # Cyrillic in CP1251 read as UTF-8 is nearly all bad bytes.
    if letters >= 2 * foreign:
        return "utf-8"
    guess = from_bytes(sample, cp_isolation=LEGACY_ENCODINGS).best()
    if guess is None:
        raise TableError(f"{path}: neither UTF-8 nor CP1251; save it from Excel as 'CSV UTF-8'")
    return str(guess.encoding)


def _delimiter(sample: bytes, encoding: str) -> str:
    """What separates the cells: `;` (Excel with Kazakh and Russian settings), `,`, tab, `|`."""
    text = sample.decode(encoding, "replace").lstrip("\ufeff")
    complete = text[: text.rfind("\n") + 1] or text
    try:
        return csv.Sniffer().sniff(complete, delimiters=";,\t|").delimiter
    except csv.Error:  # one column, or too little to tell: the commonest in the first line
        first = complete.splitlines()[0] if complete else ""
        return max(";,\t|", key=first.count)


def _lines(stream: BinaryIO, encoding: str, bad: dict[int, str]) -> Iterator[str]:
    """Decoded lines; a line with foreign bytes is decoded with replacements and noted in
    `bad` with its byte offset, so its row is rejected instead of stored garbled."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw, offset = raw[3:], 3
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            bad[number] = f"byte {offset + exc.start:,} is not {encoding} ({exc.reason})"
            line = raw.decode(encoding, "replace")
        offset += len(raw)
        yield line


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise TableError(f"{path}: not a readable XLSX file ({exc})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(f"{path}: no sheet '{sheet}'; it has {', '.join(book.sheetnames)}")
        pages = book[sheet] if sheet is not None else book.worksheets[0]
        for number, cells in enumerate(pages.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()
