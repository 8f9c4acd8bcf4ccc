from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from halyq.nlp.when import find_event, find_event_date, find_events, local_date

# 2026-11-02 20:30 UTC is already 2026-11-03 01:30 in Kyzylorda (UTC+5).
LATE_EVENING_UTC = datetime(2026, 11, 2, 20, 30, tzinfo=UTC)
POSTED = date(2026, 11, 3)


def test_created_at_is_converted_to_kyzylorda_time() -> None:
    assert local_date(LATE_EVENING_UTC) == POSTED
    assert local_date(datetime(2026, 11, 3, 1, 30)) == POSTED  # naive means local already


@pytest.mark.parametrize(
    ("text", "days_back", "surface"),
    [
        ("Бүгін су жоқ", 0, "Бүгін"),
        ("Сегодня опять нет света", 0, "Сегодня"),
        ("Кеше Абай даңғылында жарық болмады", 1, "Кеше"),
        ("Вчера отключили газ", 1, "Вчера"),
        ("Алдыңгүні басталды", 2, "Алдыңгүні"),
        ("Позавчера прорвало трубу", 2, "Позавчера"),
        # A duration counts back whole days: the problem started three days ago.
        ("3 күн болды су жоқ", 3, "3 күн болды"),
        ("Нет воды уже 3 дня", 3, "уже 3 дня"),
        ("Үш күннен бері жарық жоқ", 3, "Үш күннен бері"),
        ("Бір апта болды", 7, "Бір апта болды"),
        # An ordinal counts the first day as day one: the third day began two days ago.
        ("Нет воды уже третий день", 2, "третий день"),
        ("Бүгін 3-ші күн", 0, "Бүгін"),
        ("3-ші күн су жоқ", 2, "3-ші күн"),
    ],
)
def test_relative_expressions(text: str, days_back: int, surface: str) -> None:
    found = find_event_date(text, LATE_EVENING_UTC)
    assert found == (POSTED - timedelta(days=days_back), surface)


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [
        ("12.11.2026 су болмады", date(2026, 11, 12), "12.11.2026"),
        ("с 30.10 нет воды", date(2026, 10, 30), "30.10"),
        ("12 қарашада өшірді", date(2026, 11, 12), "12 қарашада"),
        ("с 28 октября нет отопления", date(2026, 10, 28), "28 октября"),
        ("12 ноября 2025 года", date(2025, 11, 12), "12 ноября 2025"),
        ("2026-10-30 күні", date(2026, 10, 30), "2026-10-30"),
    ],
)
def test_explicit_dates(text: str, expected: date, surface: str) -> None:
    assert find_event_date(text, LATE_EVENING_UTC) == (expected, surface)


def test_a_date_without_a_year_is_the_nearest_one() -> None:
    january = datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=5)))
    assert find_event_date("28 желтоқсаннан бері жылу жоқ", january)[0] == date(2026, 12, 28)


def test_a_weekday_is_the_latest_one_not_after_the_post() -> None:
    # 2026-11-03 is a Tuesday.
    assert find_event_date("в понедельник отключили свет", LATE_EVENING_UTC)[0] == date(2026, 11, 2)
    assert find_event_date("Сейсенбі күні", LATE_EVENING_UTC)[0] == POSTED


def test_future_counts_go_forward() -> None:
    assert find_event_date("через 3 дня обещали", LATE_EVENING_UTC) == (
        date(2026, 11, 6),
        "через 3 дня",
    )


def test_the_first_expression_wins() -> None:
    assert find_event_date("Кеше айттым, 12 қарашаға дейін", LATE_EVENING_UTC)[1] == "Кеше"


def test_every_expression_is_found_in_text_order_without_overlaps() -> None:
    text = "С понедельника нет воды, вчера вечером приезжала аварийка, 1 ноября писали в акимат"
    found = find_events(text, LATE_EVENING_UTC, complaint=True)
    assert [(text[f.start : f.end], f.date, f.time_of_day) for f in found] == [
        ("С понедельника", date(2026, 11, 2), None),
        ("вчера вечером", date(2026, 11, 2), "evening"),
        ("1 ноября", date(2026, 11, 1), None),
    ]
    assert find_event(text, LATE_EVENING_UTC, complaint=True) == found[0]
    # a deadline among them is still no event, and one day word read with its part of the day
    # ("кеше түнде") is one expression, not two
    both = "Кеше түнде су кетті, 12 қарашаға дейін береміз дейді"
    assert [both[f.start : f.end] for f in find_events(both, LATE_EVENING_UTC)] == ["Кеше түнде"]


def test_without_created_at_only_full_dates_resolve() -> None:
    assert find_event_date("Вчера отключили свет", None) == (None, None)
    assert find_event_date("12.11.2026 отключили", None) == (date(2026, 11, 12), "12.11.2026")


@pytest.mark.parametrize(
    "text",
    ["Су жоқ", "1.5 литр су", "спорт кешені жабық", "сағат 10.30-да", "Абай 45 үй", ""],
)
def test_no_date(text: str) -> None:
    assert find_event_date(text, LATE_EVENING_UTC) == (None, None)


@pytest.mark.parametrize(
    "created_at", [datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)]
)
@pytest.mark.parametrize("text", ["кеше", "через 3 дня", "3 күн", "третий день", "в понедельник"])
def test_the_ends_of_the_calendar_do_not_raise(created_at: datetime, text: str) -> None:
    found, _ = find_event_date(text, created_at)
    assert found is None or date.min <= found <= date.max


# 2026-11-03 10:00 in Kyzylorda, a Tuesday.
MORNING = datetime(2026, 11, 3, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected", "surface", "time_of_day"),
    [
        ("Кеше су болмады", date(2026, 11, 2), "Кеше", None),
        ("Кеше түнде Абай даңғылында су жоқ", date(2026, 11, 2), "Кеше түнде", "night"),
        ("Бүгін таңертең жарық өшті", date(2026, 11, 3), "Бүгін таңертең", "morning"),
        ("Алдыңғы күні құбыр жарылды", date(2026, 11, 1), "Алдыңғы күні", None),
        ("3 күннен бері су жоқ", date(2026, 10, 31), "3 күннен бері", None),
        ("үш күннен бері жылу берілмей жатыр", date(2026, 10, 31), "үш күннен бері", None),
        ("өткен аптадан бері жарық жоқ", date(2026, 10, 27), "өткен аптадан бері", None),
        ("дүйсенбіден бері газ жоқ", date(2026, 11, 2), "дүйсенбіден бері", None),
        ("12 қарашада өшірді", date(2026, 11, 12), "12 қарашада", None),
        ("маусымнан бері ыстық су жоқ", date(2026, 6, 1), "маусымнан бері", None),
        ("2 айдан бері дәрігер жоқ", date(2026, 9, 3), "2 айдан бері", None),
        ("таңғы 6-дан бері су жоқ", date(2026, 11, 3), "таңғы 6-дан бері", "06:00"),
        ("Вчера вечером отключили свет", date(2026, 11, 2), "Вчера вечером", "evening"),
        ("Позавчера прорвало", date(2026, 11, 1), "Позавчера", None),
        ("нет воды второй день", date(2026, 11, 2), "второй день", None),
        ("без отопления третьи сутки", date(2026, 11, 1), "третьи сутки", None),
        ("батареи холодные вторую неделю", date(2026, 10, 27), "вторую неделю", None),
        ("с понедельника нет газа", date(2026, 11, 2), "с понедельника", None),
        ("на прошлой неделе обещали", date(2026, 10, 27), "на прошлой неделе", None),
        ("12 ноября отключили", date(2026, 11, 12), "12 ноября", None),
        ("с 12.11 нет воды", date(2026, 11, 12), "12.11", None),
        ("с 2 часов ночи батарея холодная", date(2026, 11, 3), "с 2 часов ночи", "02:00"),
        ("С обеда сидим без воды", date(2026, 11, 3), "С обеда", "day"),
        ("света нет уже 4 часа", date(2026, 11, 3), "уже 4 часа", "06:00"),
        ("лифт стоит с марта", date(2026, 3, 1), "с марта", None),
        ("vchera ne bylo sveta", date(2026, 11, 2), "vchera", None),
        ("jaryq joq 3 kun boldy", date(2026, 10, 31), "3 kun boldy", None),
        ("Қазанның 28-інде жарық өшті", date(2026, 10, 28), "Қазанның 28-інде", None),
        ("Қазан айының 15-інен бастап жылу жоқ", date(2026, 10, 15), "Қазан айының 15-інен", None),
        ("3 ай бұрын өтініш бердім", date(2026, 8, 3), "3 ай бұрын", None),
        ("Bır aptadan berı su joq", date(2026, 10, 27), "Bır aptadan berı", None),  # 2021 "ı"
        ("Qaraşanyñ 1-ınde jaryq öştı", date(2026, 11, 1), "Qaraşanyñ 1-ınde", None),
        ("неделю уже не вывозят мусор", date(2026, 10, 27), "неделю уже", None),
        ("sveta net uzhe mesyac", date(2026, 10, 3), "uzhe mesyac", None),
        ("Қарашаның басында жылу берілді", date(2026, 11, 1), "Қарашаның басында", None),
        ("в начале октября отключили", date(2026, 10, 1), "в начале октября", None),
    ],
)
def test_kazakh_russian_and_latin_expressions(
    text: str, expected: date, surface: str, time_of_day: str | None
) -> None:
    found = find_event(text, MORNING)
    assert found is not None
    assert (found.date, text[found.start : found.end], found.time_of_day) == (
        expected,
        surface,
        time_of_day,
    )


def test_since_monday_said_on_a_monday_is_the_monday_before() -> None:
    monday = datetime(2026, 11, 2, 12, 0)
    assert find_event_date("с понедельника нет воды", monday)[0] == date(2026, 10, 26)


@pytest.mark.parametrize(
    "text",
    [
        "Дорогие женщины, с 8 Марта! Здоровья 💐",
        "Жөндеу 30 қарашаға дейін созылады",
        "Тәуелсіздік күні құтты болсын! Желтоқсанның 16-сы — ұлы күн",
        "Желтоқсанның 20-сына дейін жөндейміз",
        "Бизде кеше жарыгы мулдем жок, кешке караннгы",  # "көше жарығы", street lighting
        "құжаттарды 15 желтоқсанға шейін тапсыру керек",
        "6 шілде мерекесі құтты болсын!",
        "вакцинация до 30 ноября",
        "приём граждан каждый четверг",
        "Әр сенбі сайын кітап алмасу",
        "Сенбілікке шықтық",
        "бір аптада шешіп берді",
        "3 күн қатарынан хабарластым",
        "МРТ кезегі 2 ай",
        "всё сделали за 10 минут",
        "кешке қараңғы, шам жоқ",
        "автобусы с 7:30 до 8:30 идут битком",
        "Төле бидің сөзі бүгінге де сай",
    ],
)
def test_deadlines_habits_greetings_and_spans_are_not_event_dates(text: str) -> None:
    assert find_event(text, MORNING) is None


def test_today_with_a_time_dates_an_announcement_too() -> None:
    found = find_event("Бүгін кешкі 7-де Мерейде концерт болады", MORNING, complaint=False)
    assert found is not None and (found.date, found.time_of_day) == (date(2026, 11, 3), "19:00")
    assert find_event("Бүгін ауа райы жақсы, күн ашық", MORNING, complaint=False) is None


def test_today_alone_dates_a_complaint_but_not_weather_talk() -> None:
    assert find_event_date("Бүгін +44, көлеңкеде де ыстық", MORNING, complaint=False) == (
        None,
        None,
    )
    assert find_event_date("Бүгін жұма, жақсы демалыс!", MORNING, complaint=False) == (None, None)
    assert find_event_date("Бүгін су жоқ", MORNING, complaint=True)[0] == date(2026, 11, 3)
    # "since this morning" is an event in any post
    assert find_event_date("с утра нет света", MORNING, complaint=False)[0] == date(2026, 11, 3)


# 2026-11-03 is a Tuesday; posted at 09:00 in Kyzylorda.
@pytest.mark.parametrize(
    ("text", "complaint", "expected", "surface"),
    [
        ("Ертең 10:00-16:00 Әуезов көшесінде жарық өшіріледі", False, date(2026, 11, 4), "Ертең"),
        ("zavtra s 10 do 14 otklyuchat svet na Titova", False, date(2026, 11, 4), "zavtra s 10"),
        ("Бүрсігүні су болмайды", False, date(2026, 11, 5), "Бүрсігүні"),
        ("Жаңа ғана қабырға құлады, адамдар бар!", True, date(2026, 11, 3), "Жаңа ғана"),
        ("Только что прорвало трубу на Абая", True, date(2026, 11, 3), "Только что"),
        ("u nas voda tolko noch'yu, s ponedelnika tak", True, date(2026, 11, 2), "s ponedelnika"),
        ("kotlovan kopayut uzhe 3 mesyaca", True, date(2026, 8, 3), "uzhe 3 mesyaca"),
        ("полив не работает с мая, деревья сохнут", True, date(2026, 5, 1), "с мая"),
        ("кәріз ақпан айынан бері ағып жатыр", True, date(2026, 2, 1), "ақпан айынан бері"),
        ("Қосшыңырауда таңнан бері жарық жоқ", True, date(2026, 11, 3), "таңнан бері"),
        ("Фонари на мосту не работают неделю", True, date(2026, 10, 27), "не работают неделю"),
        ("Табло апта бойы қате уақыт көрсетеді", True, date(2026, 10, 27), "апта бойы"),
        ("Пыль столбом, окна не открыть всё лето", True, date(2026, 6, 1), "всё лето"),
        ("Қыстан бері подъезд жылымайды", True, date(2025, 12, 1), "Қыстан бері"),
    ],
)
def test_tomorrow_just_now_latin_russian_spans_and_seasons(
    text: str, complaint: bool, expected: date, surface: str
) -> None:
    assert find_event_date(text, MORNING, complaint=complaint) == (expected, surface)


@pytest.mark.parametrize(
    "text",
    [
        "Ертең Орталық алаңда концерт бола ма?",  # a question about an event
        "Обещали завтра починить, а воды всё нет",  # a complaint's problem began already
        "Мусор вывозят раз в неделю",
        "Путёвку дали на неделю",
        "Ертеңге дейін тапсыру керек",
        "Утром завтрак в школе бесплатный",
    ],
)
def test_tomorrow_in_questions_promises_and_habits_dates_nothing(text: str) -> None:
    complaint = "воды" in text
    assert find_event(text, MORNING, complaint=complaint) is None
