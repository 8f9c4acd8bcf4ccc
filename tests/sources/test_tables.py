"""Appeals from CSV and XLSX tables: encodings, delimiters, dates as people write them, bad
rows named by row and column, and `halyq ingest table` on both databases."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cli import app
from halyq.db.models import Post
from halyq.sources import tables
from halyq.sources.records import DEFAULT_ZONE, PostIn, Rejected
from halyq.sources.tables import TableError, parse_mapping, read_table, table_time

MAP = "id=Нөмірі,text=Мәтін,created_at=Күні,author=Автор"
KZ = DEFAULT_ZONE


def _read(path: Path, mapping: str = MAP, **options: object) -> dict[str, PostIn | Rejected]:
    return dict(read_table(path, parse_mapping(mapping), **options))  # type: ignore[arg-type]


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


EXCEL_CSV = (
    "\ufeffӨтініштер тізімі, 2026 жылғы қараша\r\n"  # a title line above the header
    "Нөмірі;Мәтін;Күні;Автор\r\n"
    '101;"Абай даңғылы 45 үйде су жоқ;\r\nекі күн болды";03.11.2026 09:15;Айгерім Сейітова\r\n'
    "102;Нет света на улице Жибек жолы;03.11.2026;\r\n"
    "103;Shugylada su joq;2026-11-03T09:15:00+05:00;Nurlan\r\n"
    ";;;\r\n"
)


def test_an_excel_csv_with_bom_semicolons_and_quoted_newlines(tmp_path: Path) -> None:
    items = _read(_csv(tmp_path / "өтініштер.csv", EXCEL_CSV))
    assert list(items) == ["row 3", "row 4", "row 5"]  # as a spreadsheet numbers them
    first = items["row 3"]
    assert isinstance(first, PostIn)
    assert first.text == "Абай даңғылы 45 үйде су жоқ;\r\nекі күн болды"
    assert (first.source, first.external_id, first.author) == (
        "table:өтініштер",
        "101",
        "Айгерім Сейітова",
    )
    assert first.created_at == datetime(2026, 11, 3, 4, 15, tzinfo=UTC)
    day_only = items["row 4"]
    assert isinstance(day_only, PostIn) and day_only.author is None
    assert day_only.created_at == datetime(2026, 11, 3, tzinfo=KZ)
    assert first.raw["Мәтін"] == first.text and first.raw["_row"] == 3


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8"])
def test_russian_excel_csv_in_cp1251_or_utf8_with_commas(tmp_path: Path, encoding: str) -> None:
    text = (
        "Номер,Текст обращения,Дата,ФИО\n"
        '7,"Нет воды на Токмагамбетова, 5 — второй день",04.11.2026 08:30,Ахметов Д.\n'
        "8,Яма на проспекте Абая возле школы № 12,4.11.2026,\n"
    )
    path = _csv(tmp_path / "обращения.csv", text, encoding)
    items = _read(path, "id=Номер,text=Текст обращения,created_at=Дата,author=ФИО")
    water = items["row 2"]
    assert isinstance(water, PostIn)
    assert water.text == "Нет воды на Токмагамбетова, 5 — второй день"
    assert water.author == "Ахметов Д."
    assert water.created_at == datetime(2026, 11, 4, 3, 30, tzinfo=UTC)


def test_kazakh_windows_encoding_is_recognised(tmp_path: Path) -> None:
    text = "Нөмірі;Мәтін\n1;Қызылорда, Сұлтан Бейбарыс көшесінде жарық жоқ, қараңғы\n"
    [(_, post)] = _read(_csv(tmp_path / "kz.csv", text, "kz1048"), "id=Нөмірі,text=Мәтін").items()
    assert isinstance(post, PostIn) and post.text.startswith("Қызылорда, Сұлтан")


def test_bad_rows_are_named_by_row_and_column_and_the_rest_goes_in(tmp_path: Path) -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    text = (
        "Нөмірі;Мәтін;Күні;Автор\n"
        "1;Жарық жоқ;03.11.2026;\n"
        ";Нөмірі жоқ;03.11.2026;\n"
        "3;   ;03.11.2026;\n"
        "4;Күні қате;31.02.2026;\n"
        "5;Болашақтан;01.01.2027;\n"
        f"6;{'ұзын мәтін ' * 7000};03.11.2026;\n"
        "7;Бәрі дұрыс;27.11.2026 20:00;\n"
    )
    items = dict(read_table(_csv(tmp_path / "t.csv", text), parse_mapping(MAP), now=now))
    errors = {place: str(item) for place, item in items.items() if isinstance(item, Rejected)}
    assert errors == {
        "row 3": "row 3: column 'Нөмірі': empty; every row needs an id",
        "row 4": "row 4: column 'Мәтін': empty",
        "row 5": "row 5: column 'Күні': not a date: 31.02.2026",
        "row 6": "row 6: column 'Күні': is in the future: 2027-01-01T00:00:00+05:00",
        "row 7": "row 7: column 'Мәтін': 77,000 characters; the limit is 65,536",
    }
    assert [place for place, item in items.items() if isinstance(item, PostIn)] == [
        "row 2",
        "row 8",
    ]


def test_bytes_foreign_to_the_encoding_reject_their_row_only(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = "Нөмірі;Мәтін\n1;Су жоқ\n".encode()
    bad = "2;Жарық жоқ\n".encode("cp1251", errors="replace")  # one line saved as CP1251
    path.write_bytes(good + bad + "3;Жол бұзылған\n".encode())
    items = _read(path, "id=Нөмірі,text=Мәтін")
    rejected = items["row 3"]
    assert isinstance(rejected, Rejected)
    assert f"byte {len(good) + 2:,} is not utf-8" in rejected.message
    assert isinstance(items["row 2"], PostIn) and isinstance(items["row 4"], PostIn)


def test_a_csv_the_reader_cannot_go_on_with_stops_where_it_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_CELL_CHARS", 100)  # as a cell of 64 MB would
    path = tmp_path / "unclosed.csv"
    path.write_text(f'Нөмірі;Мәтін\n1;Су жоқ\n2;"{"жол " * 40}\n3;Жарық\n', encoding="utf-8")
    limit = csv.field_size_limit()
    items = _read(path, "id=Нөмірі,text=Мәтін")
    assert isinstance(items["row 2"], PostIn)
    [broken] = [item for item in items.values() if isinstance(item, Rejected)]
    assert broken.fatal and broken.place.startswith("row 3") and "field limit" in broken.message
    assert csv.field_size_limit() == limit  # put back for the rest of the process


def test_a_missing_column_or_a_wrong_mapping_is_an_error_before_anything(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path / "t.csv", "Нөмірі;Мәтін\n1;Су жоқ\n")
    with pytest.raises(TableError, match=r"'Күні'.*the first row has: Нөмірі, Мәтін"):
        read_table(path, parse_mapping("id=Нөмірі,text=Мәтін,created_at=Күні"))
    for wrong, why in (
        ("id=Нөмірі", "text"),
        ("id=Нөмірі,text=Мәтін,place=Мекенжай", "'place' is not one of"),
        ("id=Нөмірі,text", "not FIELD=COLUMN"),
    ):
        with pytest.raises(TableError, match=why):
            parse_mapping(wrong)
    with pytest.raises(TableError, match="no such file"):
        read_table(tmp_path / "жоқ.csv", parse_mapping("id=a,text=b"))


def _workbook(path: Path) -> Path:
    book = Workbook()
    book.active.title = "Түйін"
    book.active.append(["Бұл парақта жиынтық"])
    sheet = book.create_sheet("Өтініштер")
    sheet.append(["Қараша айындағы өтініштер"])
    sheet.append(["Нөмірі", "Мәтін", "Күні", "Автор"])
    sheet.append([1045, "Абай даңғылы 45 үйде су жоқ", datetime(2026, 11, 3, 9, 15), "Айгерім"])
    sheet.append([1046.0, "Нет света на Жибек жолы", date(2026, 11, 4), None])
    sheet.append(["1047", "Жол бұзылған", 46330.5, "Нұрлан"])  # a date kept as a number
    sheet.append([None, None, None, None])
    book.save(path)
    return path


def test_an_xlsx_sheet_with_date_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "қараша.xlsx")
    items = _read(path, sheet="Өтініштер")
    posts = {place: item for place, item in items.items() if isinstance(item, PostIn)}
    assert [post.external_id for post in posts.values()] == ["1045", "1046", "1047"]
    assert posts["row 3"].created_at == datetime(2026, 11, 3, 9, 15, tzinfo=KZ)
    assert posts["row 4"].created_at == datetime(2026, 11, 4, tzinfo=KZ)
    assert posts["row 5"].created_at == datetime(2026, 11, 4, 12, 0, tzinfo=KZ)
    assert posts["row 3"].source == "table:қараша"
    with pytest.raises(TableError, match="no header row"):
        read_table(path, parse_mapping(MAP))  # the first sheet is a summary
    with pytest.raises(TableError, match="no sheet 'Желтоқсан'; it has Түйін, Өтініштер"):
        read_table(path, parse_mapping(MAP), sheet="Желтоқсан")


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("03.11.2026 09:15", datetime(2026, 11, 3, 9, 15, tzinfo=KZ)),
        ("3.11.2026 9:05:30", datetime(2026, 11, 3, 9, 5, 30, tzinfo=KZ)),
        ("03/11/2026", datetime(2026, 11, 3, tzinfo=KZ)),
        ("2026-11-03T09:15:00+06:00", datetime(2026, 11, 3, 3, 15, tzinfo=UTC)),
        ("2026-11-03 09:15", datetime(2026, 11, 3, 9, 15, tzinfo=KZ)),
    ],
)
def test_dates_as_people_here_write_them(written: str, moment: datetime) -> None:
    assert table_time(written) == moment


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_day_first_dates_read_back_to_the_minute(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert table_time(moment.strftime("%d.%m.%Y %H:%M")) == moment.replace(tzinfo=KZ)


# --- through the command, on both databases -----------------------------------------------


def test_the_command_imports_once_and_names_bad_rows(
    db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    env = {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path / "var")}
    path = _csv(tmp_path / "appeals.csv", EXCEL_CSV + "104;;03.11.2026;\r\n")
    runner = CliRunner()
    args = ["ingest", "table", str(path), "--map", MAP, "--source", "akimat-blog"]
    first = runner.invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout.splitlines()[-1]) == {
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert f"{path}: row 7: column 'Мәтін': empty" in first.stderr
    again = json.loads(runner.invoke(app, args, env=env).stdout.splitlines()[-1])
    assert (again["added"], again["unchanged"]) == (0, 3)
    with sessions() as session:
        posts = session.scalars(select(Post).order_by(Post.external_id)).all()
    assert [(p.source, p.external_id) for p in posts] == [
        ("akimat-blog", "101"),
        ("akimat-blog", "102"),
        ("akimat-blog", "103"),
    ]
    assert posts[0].author_name == "Айгерім Сейітова" and posts[0].author_hash
    missing = runner.invoke(
        app, ["ingest", "table", str(path), "--map", "id=ID,text=Мәтін"], env=env
    )
    assert missing.exit_code == 2 and "'ID'" in missing.stderr
