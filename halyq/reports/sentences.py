"""The report's sentences, written the way the department writes its own account.

"Есептік кезеңде 52 ақпараттық-түсіндіру кездесуі өткізілді." /
"За отчётный период проведено 52 информационно-разъяснительные встречи."
Every function takes one section's figures and the language and returns its paragraphs.
"""

from __future__ import annotations

from datetime import date

from halyq.reports.appeals import AppealFigures
from halyq.reports.civil_counts import EventFigures, MediaFigures, NgoFigures, ProjectFigures
from halyq.reports.formatting import (
    Lang,
    RuNoun,
    as_of,
    count_kk,
    count_ru,
    counted,
    format_duration,
    format_money,
    format_money_short,
    format_number,
)
from halyq.reports.words import (
    BRANDED_CHANNELS,
    CHANNELS,
    LEGAL_FORMS_COUNTED,
    MEDIA_KINDS_COUNTED,
    VENUE_KINDS,
    label_of,
    say,
)

MEETING_ACC = RuNoun("встречу", "встречи", "встреч")
MEETING_DAT = RuNoun("встрече", "встречам", "встречам")
APPEAL = RuNoun("обращение", "обращения", "обращений")
APPEAL_DAT = RuNoun("обращению", "обращениям", "обращениям")


def ngos(figures: NgoFigures, end: date, lang: Lang) -> list[str]:
    forms = [
        counted(n, lang, *LEGAL_FORMS_COUNTED[form])
        for form, n in figures.by_form.items()
        if n and form in LEGAL_FORMS_COUNTED
    ]
    when = as_of(end, lang)
    if lang == "kk":
        if not figures.active:
            return [f"{_capital(when)} қалада тіркелген үкіметтік емес ұйым жоқ."]
        total = count_kk(figures.active, "үкіметтік емес ұйым")
        return [f"{_capital(when)} қалада {total} тіркелген: {_join(forms, lang)}."]
    if not figures.active:
        return [f"{_capital(when)} неправительственные организации в городе не зарегистрированы."]
    noun = RuNoun(
        "неправительственная организация",
        "неправительственные организации",
        "неправительственных организаций",
    )
    verb = RuNoun("зарегистрирована", "зарегистрированы", "зарегистрировано").form(figures.active)
    total = count_ru(figures.active, noun)
    return [f"{_capital(when)} в городе {verb} {total}: {_join(forms, lang)}."]


def projects(figures: ProjectFigures, lang: Lang) -> list[str]:
    money = format_money(figures.budget_tenge, lang)
    if figures.budget_tenge >= 1_000_000:
        money += f" ({format_money_short(figures.budget_tenge, lang)})"
    if lang == "kk":
        if not figures.count:
            return ["Есептік кезеңде мемлекеттік әлеуметтік тапсырыс аясында жоба іске асырылмады."]
        what = count_kk(figures.count, "әлеуметтік жобаны")
        return [
            "Есептік кезеңде мемлекеттік әлеуметтік тапсырыс аясында үкіметтік емес ұйымдар "
            f"жалпы сомасы {money} болатын {what} іске асырды."
        ]
    if not figures.count:
        return ["За отчётный период проекты в рамках государственного социального заказа "
                "не реализовывались."]  # fmt: skip
    noun = RuNoun("социальный проект", "социальных проекта", "социальных проектов")
    return [
        "За отчётный период в рамках государственного социального заказа неправительственные "
        f"организации реализовали {count_ru(figures.count, noun)} на общую сумму {money}."
    ]


def events(figures: EventFigures, lang: Lang) -> list[str]:
    if not figures.count:
        return [
            "Есептік кезеңде ақпараттық-түсіндіру кездесулері өткізілмеді."
            if lang == "kk"
            else "За отчётный период информационно-разъяснительные встречи не проводились."
        ]
    return [_events_held(figures, lang), _venues(figures, lang), _participants(figures, lang)]


def _events_held(figures: EventFigures, lang: Lang) -> str:
    group, ngo = figures.by_organiser.get("group", 0), figures.by_organiser.get("ngo", 0)
    if lang == "kk":
        total = count_kk(figures.count, "ақпараттық-түсіндіру кездесуі")
        parts = []
        if group:
            parts.append(f"қалалық ақпараттық-түсіндіру тобы {count_kk(group, 'кездесу')}")
        if ngo:
            parts.append(f"үкіметтік емес ұйымдар жобалар аясында {count_kk(ngo, 'кездесу')}")
        held = f" Оның ішінде {', '.join(parts)} өткізді." if parts else ""
        return f"Есептік кезеңде {total} өткізілді.{held}"
    noun = RuNoun(
        "информационно-разъяснительная встреча",
        "информационно-разъяснительные встречи",
        "информационно-разъяснительных встреч",
    )
    verb = RuNoun("проведена", "проведены", "проведено").form(figures.count)
    parts = []
    if group:
        parts.append(
            f"{count_ru(group, MEETING_ACC)} провела городская информационно-разъяснительная группа"
        )
    if ngo:
        who = "неправительственные организации в рамках проектов"
        parts.append(f"{count_ru(ngo, MEETING_ACC)} {'–' if group else 'провели'} {who}")
    held = f" Из них {', '.join(parts)}." if parts else ""
    return f"За отчётный период {verb} {count_ru(figures.count, noun)}.{held}"


def _venues(figures: EventFigures, lang: Lang) -> str:
    places = [
        f"{label_of(VENUE_KINDS, kind, lang).lower()} – {format_number(n, lang)}"
        for kind, n in figures.by_venue_kind.items()
        if n
    ]
    words = "Кездесулер өткізілген орындар" if lang == "kk" else "Места проведения встреч"
    return f"{words}: {', '.join(places)}."


def _participants(figures: EventFigures, lang: Lang) -> str:
    missing = figures.events_without_participants
    if missing == figures.count:
        return "Қатысушылар саны көрсетілмеген." if lang == "kk" else "Число участников не указано."
    if lang == "kk":
        note = f" ({count_kk(missing, 'кездесу')} бойынша қатысушылар саны көрсетілмеген)"
        people = count_kk(figures.participants, "адам")
        return f"Кездесулерге барлығы {people} қатысты{note if missing else ''}."
    note = f" (по {count_ru(missing, MEETING_DAT)} число участников не указано)"
    people = count_ru(figures.participants, RuNoun("человек", "человека", "человек"))
    return f"Общее число участников встреч – {people}{note if missing else ''}."


def media(figures: MediaFigures, lang: Lang) -> list[str]:
    if not figures.count:
        return [
            "Есептік кезеңде медиаөнім дайындалмады."
            if lang == "kk"
            else "За отчётный период медиапродукты не подготавливались."
        ]
    kinds = _join(
        [
            counted(n, lang, *MEDIA_KINDS_COUNTED[kind])
            for kind, n in figures.by_kind.items()
            if n and kind in MEDIA_KINDS_COUNTED
        ],
        lang,
    )
    partners = ", ".join(
        f"{name or say(('серіктессіз', 'без партнёра'), lang)} – {format_number(n, lang)}"
        for name, n in figures.by_partner.items()
    )
    if lang == "kk":
        total = count_kk(figures.count, "медиаөнім")
        return [f"Есептік кезеңде {total} дайындалды: {kinds}.", f"Серіктестер: {partners}."]
    noun = RuNoun("медиапродукт", "медиапродукта", "медиапродуктов")
    verb = RuNoun("подготовлен", "подготовлено", "подготовлено").form(figures.count)
    total = count_ru(figures.count, noun)
    return [f"За отчётный период {verb} {total}: {kinds}.", f"Партнёры: {partners}."]


def appeals(figures: AppealFigures, lang: Lang) -> list[str]:
    result = [_received(figures, lang)]
    outcomes = _outcomes(figures, lang)
    if outcomes:
        result.append(outcomes)
    result.append(_overdue(figures, lang))
    times = _times(figures, lang)
    if times:
        result.append(times)
    return result


def _received(figures: AppealFigures, lang: Lang) -> str:
    if not figures.received:
        return (
            "Есептік кезеңде тұрғындардан өтініш түскен жоқ."
            if lang == "kk"
            else "За отчётный период обращения от жителей не поступали."
        )
    channels = ", ".join(
        f"{_channel(code, lang)} – {format_number(n, lang)}"
        for code, n in figures.by_channel.items()
    )
    if lang == "kk":
        total = count_kk(figures.received, "өтініш")
        return f"Есептік кезеңде тұрғындардан {total} түсті. Түсу арналары: {channels}."
    total = count_ru(figures.received, APPEAL)
    return f"За отчётный период от жителей поступило {total}. По каналам поступления: {channels}."


def _channel(code: str, lang: Lang) -> str:
    label = label_of(CHANNELS, code, lang)
    return label if code in BRANDED_CHANNELS else label[:1].lower() + label[1:]


def _outcomes(figures: AppealFigures, lang: Lang) -> str:
    words = {
        "resolved": ("шешілді", "решено"),
        "redirected": ("құзыретті органға жіберілді", "перенаправлено в компетентные органы"),
        "rejected": ("қабылданбады", "отклонено"),
    }
    parts = [
        f"{say(label, lang)} – {format_number(getattr(figures, key), lang)}"
        for key, label in words.items()
        if getattr(figures, key)
    ]
    if not parts:
        return ""
    lead = "Кезеңдегі қарау нәтижелері" if lang == "kk" else "Итоги рассмотрения за период"
    return f"{lead}: {', '.join(parts)}."


def _overdue(figures: AppealFigures, lang: Lang) -> str:
    late, resolved_late = figures.overdue_open_at_end, figures.overdue_resolved_late
    if not figures.overdue:
        return "Қарау мерзімі бұзылған өтініш жоқ." if lang == "kk" else "Нарушений сроков нет."
    if lang == "kk":
        return (
            f"{count_kk(figures.overdue, 'өтініш')} бойынша қарау мерзімі бұзылды: "
            f"кезең соңында мерзімі өтіп, шешілмегені – {format_number(late, lang)}, "
            f"мерзімі өткеннен кейін шешілгені – {format_number(resolved_late, lang)}."
        )
    return (
        f"Срок рассмотрения нарушен по {count_ru(figures.overdue, APPEAL_DAT)}: "
        f"не решено в срок на конец периода – {format_number(late, lang)}, "
        f"решено после истечения срока – {format_number(resolved_late, lang)}."
    )


def _times(figures: AppealFigures, lang: Lang) -> str:
    day = figures.working_day_hours
    parts = []
    if figures.median_first_response_hours is not None:
        span = format_duration(figures.median_first_response_hours, day, lang)
        parts.append(
            f"алғашқы жауапқа дейінгі уақыттың медианасы – {span}"
            if lang == "kk"
            else f"медиана времени до первого ответа – {span}"
        )
    if figures.median_resolution_hours is not None:
        span = format_duration(figures.median_resolution_hours, day, lang)
        parts.append(
            f"шешілгенге дейінгі уақыттың медианасы – {span}"
            if lang == "kk"
            else f"медиана времени до решения – {span}"
        )
    return _capital("; ".join(parts)) + "." if parts else ""


def _join(items: list[str], lang: Lang) -> str:
    """ "A, B және C" / "A, B и C"."""
    if len(items) < 2:
        return "".join(items)
    word = "және" if lang == "kk" else "и"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
