"""Write the synthetic civil-society demo workbook of Kyzylorda, first half of 2026.

    python scripts/civil_demo.py [data/civil/kyzylorda-2026-h1.xlsx]

Every name, BIN, address and figure is invented, but the totals reproduce the internal policy
department head's account of the half year: 487 NGOs active on 30 June 2026 (301 public
associations, 186 public foundations), 7 state social-order projects of 2026 for exactly
22,227,000 tenge, 37 meetings of the city's information and explanatory group, 15 meetings held
by one NGO within its project, 3 video clips made with a news agency. Rows that must NOT count
in that half year are mixed in: NGOs liquidated before 30 June or registered after it, events
and media outside January–June 2026, projects of 2025. The output is byte-for-byte the same on
every run (fixed seed, fixed zip timestamps), so the committed file can be checked against it.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from halyq.civil.columns import COLUMNS
from halyq.civil.identifiers import is_valid_bin

OUT = Path("data/civil/kyzylorda-2026-h1.xlsx")
H1_END = date(2026, 6, 30)
ZIP_TIME = (2026, 7, 1, 0, 0, 0)
BRANDS = (
    "Жігер",
    "Арман",
    "Болашақ",
    "Мейірім",
    "Шапағат",
    "Ынтымақ",
    "Қамқор",
    "Достық",
    "Бірлік",
    "Сыр елі",
    "Сыр жұлдызы",
    "Ақмешіт",
    "Қорқыт",
    "Сырдария",
    "Парасат",
    "Зерде",
    "Кемел",
    "Тұмар",
    "Айбын",
    "Ақ ниет",
    "Нұр",
    "Шұғыла",
    "Самға",
    "Өркен",
    "Ізгілік",
    "Жарқын",
    "Сенім",
    "Үміт",
    "Талап",
    "Алау",
    "Арай",
    "Бәйтерек",
    "Шаңырақ",
    "Ақжол",
    "Ұлағат",
    "Мирас",
    "Дала",
    "Ақбота",
    "Құралай",
    "Тұлпар",
    "Береке",
    "Қуаныш",
    "Жұлдыз",
    "Ақсұңқар",
    "Нұрлы жол",
)
ASSOCIATION_NAMES = (
    ("«{}» жастар қоғамдық бірлестігі", "Молодёжное общественное объединение «{}»", "жастар"),
    ("«{}» әйелдер қоғамдық бірлестігі", "Женское общественное объединение «{}»", "әйелдер"),
    (
        "«{}» ардагерлер қоғамдық бірлестігі",
        "Общественное объединение ветеранов «{}»",
        "ардагерлер",
    ),
    (
        "«{}» мүгедектігі бар адамдардың қоғамдық бірлестігі",
        "Общественное объединение людей с инвалидностью «{}»",
        "мүгедектігі бар адамдар",
    ),
    (
        "«{}» көпбалалы отбасылар қоғамдық бірлестігі",
        "Общественное объединение многодетных семей «{}»",
        "отбасы",
    ),
    ("«{}» спорт қоғамдық бірлестігі", "Спортивное общественное объединение «{}»", "спорт"),
    (
        "«{}» этномәдени қоғамдық бірлестігі",
        "Этнокультурное общественное объединение «{}»",
        "этномәдениет",
    ),
    (
        "«{}» экологиялық қоғамдық бірлестігі",
        "Экологическое общественное объединение «{}»",
        "экология",
    ),
    (
        "«{}» кәсіпкерлер қоғамдық бірлестігі",
        "Общественное объединение предпринимателей «{}»",
        "кәсіпкерлік",
    ),
    (
        "«{}» құқық қорғау қоғамдық бірлестігі",
        "Правозащитное общественное объединение «{}»",
        "құқық қорғау",
    ),
    ("«{}» қоғамдық бірлестігі", "Общественное объединение «{}»", "азаматтық бастамалар"),
)
FOUNDATION_NAMES = (
    ("«{}» қоғамдық қоры", "Общественный фонд «{}»", "қайырымдылық"),
    (
        "«{}» әлеуметтік жобаларды қолдау қоғамдық қоры",
        "Общественный фонд поддержки социальных проектов «{}»",
        "әлеуметтік жобалар",
    ),
    (
        "«{}» білім беруді дамыту қоғамдық қоры",
        "Общественный фонд развития образования «{}»",
        "білім беру",
    ),
    (
        "«{}» салауатты өмір салтын қолдау қоғамдық қоры",
        "Общественный фонд поддержки здорового образа жизни «{}»",
        "денсаулық",
    ),
    (
        "«{}» мәдениет пен өнерді дамыту қоғамдық қоры",
        "Общественный фонд развития культуры и искусства «{}»",
        "мәдениет",
    ),
    ("«{}» балаларды қолдау қоғамдық қоры", "Общественный фонд поддержки детей «{}»", "балалар"),
    ("«{}» отбасын қолдау қоғамдық қоры", "Общественный фонд поддержки семьи «{}»", "отбасы"),
)
OTHER_NAMES = {
    "association": (
        "«{}» заңды тұлғалар қауымдастығы",
        "Ассоциация юридических лиц «{}»",
        "кәсіпкерлік",
    ),
    "private_institution": ("«{}» жеке мекемесі", "Частное учреждение «{}»", "білім беру"),
}
STREETS = (
    "Әйтеке би көшесі",
    "Абай даңғылы",
    "Жібек жолы көшесі",
    "Қорқыт ата көшесі",
    "Тоқмағамбетов көшесі",
    "Желтоқсан көшесі",
    "Сұлтан Бейбарыс көшесі",
    "Бұқарбай батыр көшесі",
)
SURNAMES = (
    "Әбдіқалықов",
    "Жұмабаев",
    "Серікбаев",
    "Тоқтаров",
    "Нұрмағанбетов",
    "Есенов",
    "Қалиев",
    "Омаров",
    "Байжанов",
    "Сейітов",
    "Ахметов",
    "Ермеков",
    "Мұхамеджанов",
    "Ізбасаров",
)
INITIALS = "АБДЕЖҚМНСТ"
ACTIVITIES = ("жастар", "отбасы", "білім беру", "денсаулық", "мәдениет", "қайырымдылық", "спорт")
# Kazakhstan's public holidays that fall on weekdays in the first half of 2026 (none of the
# demo meetings is held on them).
HOLIDAYS = frozenset(
    {
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 7),
        date(2026, 3, 9),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 3, 25),
        date(2026, 5, 1),
        date(2026, 5, 7),
        date(2026, 5, 8),
        date(2026, 5, 27),
    }
)
NGO_VENUES = {
    "school": ("№5 мектеп-лицей", "№34 орта мектеп", "№276 орта мектеп", "№9 мектеп-гимназия"),
    "state_institution": ("Қалалық кітапхана", "Жастар ресурстық орталығы", "Қалалық мәдениет үйі"),
    "settlement": ("Белкөл кенті", "Тасбөгет кенті", "Қызылжарма ауылы", "Ақжарма ауылы"),
}

# (code, title, topic, budget, planned and actual indicators)
PROJECTS_2026 = (
    (
        "GSZ-2026-01",
        "Діни экстремизм мен терроризмнің алдын алу бойынша түсіндіру жұмыстары",
        "діни экстремизм мен терроризмнің алдын алу",
        4_850_000,
        {"meetings": (15, 15), "participants": (600, 842), "publications": (6, 6)},
    ),
    (
        "GSZ-2026-02",
        "Сыбайлас жемқорлықтың алдын алу: тұрғындарға заң және психологиялық кеңес беру",
        "сыбайлас жемқорлықтың алдын алу",
        3_200_000,
        {"consultations": (120, 74), "meetings": (8, 5), "publications": (4, 2)},
    ),
    (
        "GSZ-2026-03",
        "Отбасылық құндылықтарды дәріптеу: «Берекелі отбасы» байқауы",
        "отбасылық құндылықтар",
        3_577_000,
        {"meetings": (10, 6), "participants": (500, 310)},
    ),
    (
        "GSZ-2026-04",
        "«Сыр медиа» өңірлік журналистер фестивалі",
        "журналистер фестивалі",
        2_900_000,
        {"participants": (150, 0), "publications": (20, 3)},
    ),
    (
        "GSZ-2026-05",
        "Мүгедектігі бар балаларға қолөнер үйірмелерін ұйымдастыру",
        "мүгедектігі бар балаларға қолөнер",
        2_600_000,
        {"participants": (60, 48), "meetings": (48, 30)},
    ),
    (
        "GSZ-2026-06",
        "Жастардың еріктілік қозғалысын дамыту",
        "жастар еріктілігі",
        2_750_000,
        {"participants": (300, 185), "meetings": (12, 7)},
    ),
    (
        "GSZ-2026-07",
        "Жасөспірімдер арасында нашақорлықтың алдын алу",
        "нашақорлықтың алдын алу",
        2_350_000,
        {"meetings": (20, 11), "participants": (800, 460), "videos": (2, 1)},
    ),
)
PROJECTS_2025 = (
    (
        "GSZ-2025-03",
        "Мемлекеттік тілді насихаттау: «Тіл – ел тірегі» акциясы",
        "мемлекеттік тілді дамыту",
        2_100_000,
        {"meetings": (10, 10)},
    ),
    (
        "GSZ-2025-05",
        "Қарттарға әлеуметтік-психологиялық қолдау көрсету",
        "егде жастағы адамдарды қолдау",
        1_800_000,
        {"participants": (200, 214)},
    ),
)
GROUP_VENUES = {
    "state_institution": (
        "Қызылорда қаласы әкімдігі",
        "Қалалық жұмыспен қамту орталығы",
        "Қалалық емхана №3",
        "Қалалық мәдениет үйі",
        "Белкөл кенті әкімінің аппараты",
        "Қалалық сот",
        "Қызылорда қалалық білім бөлімі",
        "Халыққа қызмет көрсету орталығы",
    ),
    "school": (
        "№5 мектеп-лицей",
        "№12 орта мектеп",
        "№181 орта мектеп",
        "Назарбаев Зияткерлік мектебі",
        "№264 мектеп-гимназия",
        "Қызылорда аграрлық-техникалық колледжі",
        "№8 орта мектеп",
    ),
    "sports": (
        "«Арай» спорт кешені",
        "Орталық стадион",
        "Қалалық жүзу бассейні",
        "«Қайсар» спорт мектебі",
    ),
}
GROUP_TOPICS = (
    "Мемлекет басшысының Жолдауын түсіндіру",
    "Сыбайлас жемқорлыққа қарсы мәдениет",
    "Діни экстремизмнің алдын алу",
    "Әлеуметтік қолдау шаралары",
    "Жол қауіпсіздігі",
    "Интернет-алаяқтықтан сақтану",
    "Отбасылық құндылықтар",
)
# Group meetings per venue kind in January–June 2026: 15 + 14 + 8 = 37.
GROUP_PLAN = {"state_institution": 15, "school": 14, "sports": 8}


SPEAKERS = (
    "қала әкімінің орынбасары; ішкі саясат бөлімінің басшысы",
    "ішкі саясат бөлімінің бас маманы; полиция басқармасының өкілі",
    "дін істері жөніндегі маман; заңгер",
    "ақпараттық-түсіндіру тобының мүшелері",
)
AGENCY = "«Сыр ақпарат» ақпараттық агенттігі"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(f"wrote {target}", file=sys.stderr)


def build() -> bytes:
    """The workbook's bytes: the same on every run."""
    rng = random.Random(20260630)
    ngo_rows = ngos(rng)
    project_rows = projects(rng, ngo_rows)
    sheets = {
        "ngos": ngo_rows,
        "projects": project_rows,
        "events": events(rng, ngo_rows),
        "media": media(rng),
    }
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets.items():
        page = book.create_sheet(name)
        header = _header(name, rows)
        page.append(header)
        for row in rows:
            page.append([row.get(column) for column in header])
    notes = book.create_sheet("notes")
    notes.append(["Жасанды деректер: ұйымдар, БСН-дер, адамдар мен сандар ойдан алынған."])
    notes.append(["Синтетические данные: организации, БИН, люди и цифры вымышлены."])
    book.properties.creator = "Halyq: scripts/civil_demo.py"
    book.properties.title = "Қызылорда: азаматтық қоғам, 2026 жылдың І жартыжылдығы (синтетикалық)"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _header(sheet: str, rows: list[dict[str, object]]) -> list[str]:
    names = [
        column.name for column in COLUMNS[sheet] if column.name in {k for r in rows for k in r}
    ]
    extra = sorted({key for row in rows for key in row} - set(names))
    return names + extra


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and document dates, so runs are identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-07-01T00:00:00Z",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def bin_for(rng: random.Random, registered: date, used: set[str]) -> str:
    """A valid BIN of a resident legal entity registered in that month."""
    while True:
        body = f"{registered:%y%m}40{rng.randrange(100000):05d}"
        for check in "0123456789":
            if is_valid_bin(body + check) and body + check not in used:
                used.add(body + check)
                return body + check


def ngos(rng: random.Random) -> list[dict[str, object]]:
    """301 + 186 NGOs active on 30 June 2026, then the ones that must not count."""
    used: set[str] = set()
    pools = {
        "public_association": _names(rng, ASSOCIATION_NAMES),
        "public_foundation": _names(rng, FOUNDATION_NAMES),
        **{form: _names(rng, (names,)) for form, names in OTHER_NAMES.items()},
    }
    plan: list[tuple[str, date | None, date | None]] = [
        *[("public_association", None, None)] * 300,
        *[("public_foundation", None, None)] * 185,
        # Liquidated after the half year: still active on 30 June, so counted.
        ("public_association", date(2026, 9, 14), None),
        ("public_foundation", date(2026, 8, 3), None),
        # Liquidated on or before 30 June: not counted.
        ("public_association", date(2025, 11, 20), None),
        ("public_association", date(2026, 3, 2), None),
        ("public_foundation", date(2026, 6, 30), None),
        ("private_institution", date(2024, 5, 17), None),
        # Registered after 30 June: not counted.
        ("public_association", None, date(2026, 7, 8)),
        ("public_foundation", None, date(2026, 9, 21)),
        ("association", None, date(2026, 8, 12)),
    ]
    rows = [_ngo(rng, pools, used, *item) for item in plan]
    rng.shuffle(rows)
    return rows


def _ngo(
    rng: random.Random,
    pools: dict[str, Iterator[tuple[str, str, str]]],
    used: set[str],
    form: str,
    liquidated_on: date | None,
    registered_on: date | None,
) -> dict[str, object]:
    registered = registered_on or _day_between(
        rng, date(2003, 6, 1), (liquidated_on or H1_END) - timedelta(days=60)
    )
    kk, ru, activity = next(pools[form])
    activities = sorted({activity, rng.choice(ACTIVITIES)})
    return {
        "bin": bin_for(rng, registered, used),
        "name_kk": kk,
        "name_ru": ru,
        "legal_form": form,
        "registered_on": registered,
        "status": "liquidated" if liquidated_on else "active",
        "liquidated_on": liquidated_on,
        "address": f"Қызылорда қ., {rng.choice(STREETS)}, {rng.randint(1, 180)}",
        "leader": f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}.",
        "activities": "; ".join(activities),
    }


def _names(
    rng: random.Random, templates: tuple[tuple[str, str, str], ...]
) -> Iterator[tuple[str, str, str]]:
    combos = [(template, brand) for template in templates for brand in BRANDS]
    rng.shuffle(combos)
    for (kk, ru, activity), brand in combos:
        yield kk.format(brand), ru.format(brand), activity


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _working_days(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if day.weekday() < 5 and day not in HOLIDAYS]


def projects(rng: random.Random, ngo_rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """7 projects of 2026 (22,227,000 tenge in all) and 2 of 2025, each run by an active NGO."""
    candidates = [
        row
        for row in ngo_rows
        if row["status"] == "active" and row["registered_on"] < date(2025, 1, 1)
    ]  # type: ignore[operator]
    runners = rng.sample(candidates, len(PROJECTS_2026) + len(PROJECTS_2025))
    rows = []
    for index, (code, title, topic, budget, indicators) in enumerate(PROJECTS_2026 + PROJECTS_2025):
        year = int(code[4:8])
        row: dict[str, object] = {
            "code": code,
            "title": title,
            "topic": topic,
            "ngo_bin": runners[index]["bin"],
            "budget_tenge": budget,
            "year": year,
            "starts_on": date(year, 2 + index % 2, 1),
            "ends_on": date(year, 11 + index % 2, 30),
            "status": "active" if year == 2026 else "completed",
        }
        for name, (planned, actual) in indicators.items():
            row[f"planned_{name}"] = planned
            row[f"actual_{name}"] = actual
        rows.append(row)
    return rows


def events(rng: random.Random, ngo_rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """37 group meetings and 15 NGO meetings in January–June 2026, and some outside it."""
    rows = []
    kinds = [kind for kind, n in GROUP_PLAN.items() for _ in range(n)]
    rng.shuffle(kinds)
    days = [*sorted(rng.sample(_working_days(date(2026, 1, 12), date(2026, 6, 29)), 36)), H1_END]
    outside = [
        date(2025, 12, 9),
        date(2025, 12, 23),
        date(2025, 12, 30),
        date(2026, 7, 1),
        date(2026, 7, 21),
        date(2026, 8, 18),
        date(2026, 9, 15),
    ]
    for day, kind in [
        *zip(days, kinds, strict=True),
        *((d, rng.choice(list(GROUP_PLAN))) for d in outside),
    ]:
        venue = rng.choice(GROUP_VENUES[kind])
        rows.append(
            {
                "date": day,
                "title": f"Ақпараттық-түсіндіру тобының кездесуі: {venue}",
                "organiser": "group",
                "venue": venue,
                "venue_kind": kind,
                "topic": rng.choice(GROUP_TOPICS),
                "participants": rng.randint(30, 150),
                "speakers": rng.choice(SPEAKERS),
            }
        )
    ngo_days = sorted(rng.sample(_working_days(date(2026, 2, 2), date(2026, 6, 26)), 15))
    ngo_outside = [
        (date(2026, 7, 9), "GSZ-2026-01"),
        (date(2026, 7, 23), "GSZ-2026-01"),
        (date(2025, 9, 18), "GSZ-2025-03"),
        (date(2025, 10, 2), "GSZ-2025-03"),
    ]
    for number, (day, code) in enumerate(
        [*((d, "GSZ-2026-01") for d in ngo_days), *ngo_outside], 1
    ):
        kind = rng.choice(("school", "state_institution", "settlement"))
        venue = rng.choice(NGO_VENUES[kind])
        rows.append(
            {
                "date": day,
                "title": f"Жоба аясындағы кездесу №{number}: {venue}",
                "organiser": "ngo",
                "project_code": code,
                "venue": venue,
                "venue_kind": kind,
                "topic": "діни экстремизм мен терроризмнің алдын алу"
                if code.startswith("GSZ-2026")
                else "мемлекеттік тілді дамыту",
                "participants": rng.randint(25, 90),
                "speakers": "теолог; психолог; жоба үйлестірушісі",
            }
        )
    rows.sort(key=lambda row: (row["date"], row["title"]))  # type: ignore[return-value]
    return rows


def media(rng: random.Random) -> list[dict[str, object]]:
    """3 video clips with a news agency in January–June 2026, and media outside it."""
    items = [
        (
            date(2026, 2, 19),
            "«Сенім»: діни экстремизмнен сақтану туралы бейнеролик",
            "video",
            AGENCY,
            None,
        ),
        (
            date(2026, 4, 8),
            "«Адал азамат»: сыбайлас жемқорлыққа қарсы бейнеролик",
            "video",
            AGENCY,
            None,
        ),
        (
            date(2026, 6, 17),
            "«Берекелі отбасы»: отбасылық құндылықтар туралы бейнеролик",
            "video",
            AGENCY,
            None,
        ),
        (
            date(2025, 12, 10),
            "Қала жастарының еріктілік жылы: қорытынды мақала",
            "article",
            "«Сыр бойы» газеті",
            None,
        ),
        (
            date(2026, 7, 15),
            "Жазғы демалыс және балалар қауіпсіздігі: бейнеролик",
            "video",
            AGENCY,
            None,
        ),
        (
            date(2026, 8, 1),
            "Нашақорлықтың алдын алу: жасөспірімдерге кеңес",
            "post",
            None,
            "GSZ-2026-07",
        ),
    ]
    rows = []
    for day, title, kind, partner, project in items:
        rows.append(
            {
                "date": day,
                "title": title,
                "kind": kind,
                "partner": partner,
                "project_code": project,
                "published_where": "«Сыр ақпарат» сайты және әлеуметтік желілері"
                if partner == AGENCY
                else "Instagram, Facebook",
                "published_at": datetime.combine(day, time(10 + rng.randint(0, 7), 0)),
                "reach": rng.randint(3000, 25000),
            }
        )
    return rows


if __name__ == "__main__":
    main()
