"""The report's vocabulary in Kazakh and Russian: labels for codes, titles, column headings.

Each label is (Kazakh, Russian). Counted phrases (what follows a number in a sentence) are
(Kazakh, RuNoun), since Russian agrees with the number and Kazakh does not.
"""

from __future__ import annotations

from halyq.reports.formatting import Lang, RuNoun

Label = tuple[str, str]
Counted = tuple[str, RuNoun]

SECTION_TITLES: dict[str, Label] = {
    "ngos": ("Үкіметтік емес ұйымдар", "Неправительственные организации"),
    "projects": ("Мемлекеттік әлеуметтік тапсырыс", "Государственный социальный заказ"),
    "events": ("Ақпараттық-түсіндіру жұмысы", "Информационно-разъяснительная работа"),
    "media": ("Медиаөнімдер", "Медиапродукты"),
    "appeals": ("Тұрғындардың өтініштері", "Обращения жителей"),
}
# XLSX sheet names: at most 31 characters, none of []:*?/\
SHEET_NAMES: dict[str, Label] = {
    "ngos": ("ҮЕҰ", "НПО"),
    "projects": ("Әлеуметтік тапсырыс", "Социальный заказ"),
    "events": ("Түсіндіру жұмысы", "Разъяснительная работа"),
    "media": ("Медиаөнімдер", "Медиапродукты"),
    "appeals": ("Өтініштер", "Обращения"),
}

LEGAL_FORMS: dict[str, Label] = {
    "public_association": ("Қоғамдық бірлестіктер", "Общественные объединения"),
    "public_foundation": ("Қоғамдық қорлар", "Общественные фонды"),
    "association": ("Қауымдастықтар (одақтар)", "Ассоциации (союзы)"),
    "private_institution": ("Жеке мекемелер", "Частные учреждения"),
    "other": ("Өзге нысандар", "Иные формы"),
}
LEGAL_FORMS_COUNTED: dict[str, Counted] = {
    "public_association": (
        "қоғамдық бірлестік",
        RuNoun("общественное объединение", "общественных объединения", "общественных объединений"),
    ),
    "public_foundation": (
        "қоғамдық қор",
        RuNoun("общественный фонд", "общественных фонда", "общественных фондов"),
    ),
    "association": (
        "қауымдастық (одақ)",
        RuNoun("ассоциация (союз)", "ассоциации (союза)", "ассоциаций (союзов)"),
    ),
    "private_institution": (
        "жеке мекеме",
        RuNoun("частное учреждение", "частных учреждения", "частных учреждений"),
    ),
    "other": (
        "өзге нысандағы ұйым",
        RuNoun("организация иной формы", "организации иной формы", "организаций иной формы"),
    ),
}
ORGANISERS: dict[str, Label] = {
    "group": (
        "Қалалық ақпараттық-түсіндіру тобы",
        "Городская информационно-разъяснительная группа",
    ),
    "ngo": (
        "Үкіметтік емес ұйымдар (жобалар аясында)",
        "Неправительственные организации (в рамках проектов)",
    ),
}
VENUE_KINDS: dict[str, Label] = {
    "state_institution": ("Мемлекеттік мекемелер", "Государственные учреждения"),
    "school": ("Мектептер", "Школы"),
    "sports": ("Спорт кешендері", "Спортивные комплексы"),
    "settlement": ("Кенттер мен ауылдық округтер", "Посёлки и сельские округа"),
    "other": ("Басқа орындар", "Другие места"),
}
MEDIA_KINDS: dict[str, Label] = {
    "video": ("Бейнероликтер", "Видеоролики"),
    "article": ("Мақалалар", "Статьи"),
    "post": ("Әлеуметтік желілердегі жарияланымдар", "Публикации в социальных сетях"),
}
MEDIA_KINDS_COUNTED: dict[str, Counted] = {
    "video": ("бейнеролик", RuNoun("видеоролик", "видеоролика", "видеороликов")),
    "article": ("мақала", RuNoun("статья", "статьи", "статей")),
    "post": (
        "әлеуметтік желілердегі жарияланым",
        RuNoun(
            "публикация в социальных сетях",
            "публикации в социальных сетях",
            "публикаций в социальных сетях",
        ),
    ),
}
CHANNELS: dict[str, Label] = {
    "telegram": ("Telegram", "Telegram"),
    "instagram": ("Instagram", "Instagram"),
    "facebook": ("Facebook", "Facebook"),
    "whatsapp": ("WhatsApp", "WhatsApp"),
    "vk": ("ВКонтакте", "ВКонтакте"),
    "2gis": ("2ГИС", "2ГИС"),
    "webform": ("Сайттағы өтініш нысаны", "Форма обращения на сайте"),
    "email": ("Электрондық пошта", "Электронная почта"),
    "open311": ("Open311 интерфейсі", "Интерфейс Open311"),
    "egov": ("eGov порталы", "Портал eGov"),
    "demo": ("Демо-деректер", "Демо-данные"),
    "import": ("Файлдан жүктелгендер", "Загружено из файла"),
    "unknown": ("Белгісіз", "Неизвестно"),
}
# Channels named by a brand keep their capital letter inside a sentence.
BRANDED_CHANNELS = frozenset(
    {"telegram", "instagram", "facebook", "whatsapp", "vk", "2gis", "open311", "egov"}
)
INDICATORS: dict[str, Label] = {
    "meetings": ("Кездесулер", "Встречи"),
    "participants": ("Қатысушылар", "Участники"),
    "publications": ("Жарияланымдар", "Публикации"),
    "videos": ("Бейнероликтер", "Видеоролики"),
    "articles": ("Мақалалар", "Статьи"),
    "events": ("Іс-шаралар", "Мероприятия"),
    "consultations": ("Кеңестер", "Консультации"),
    "trainings": ("Тренингтер", "Тренинги"),
    "festivals": ("Фестивальдар", "Фестивали"),
    "workshops": ("Шеберлік сыныптары", "Мастер-классы"),
}
NOT_STATED: Label = ("көрсетілмеген", "не указано")

COLUMNS: dict[str, Label] = {
    "number": ("№", "№"),
    "project": ("Жоба", "Проект"),
    "project_number": ("Жоба №", "№ проекта"),
    "ngo": ("Орындаушы ҮЕҰ", "НПО-исполнитель"),
    "topic": ("Тақырыбы", "Тематика"),
    "budget": ("Сомасы, теңге", "Сумма, тенге"),
    "indicator": ("Көрсеткіш", "Показатель"),
    "planned": ("Жоспар", "План"),
    "actual": ("Нақты", "Факт"),
    "count": ("Саны", "Количество"),
    "form": ("Ұйымдық-құқықтық нысаны", "Организационно-правовая форма"),
    "organiser": ("Ұйымдастырушы", "Организатор"),
    "venue_kind": ("Өткізілген орны", "Место проведения"),
    "kind": ("Түрі", "Вид"),
    "partner": ("Серіктес", "Партнёр"),
    "channel": ("Түсу арнасы", "Канал поступления"),
    "category": ("Санат", "Категория"),
    "department": ("Бөлім", "Отдел"),
    "received": ("Түсті", "Поступило"),
    "resolved": ("Шешілді", "Решено"),
    "overdue": ("Мерзімі бұзылды", "Срок нарушен"),
    "first_response": ("Алғашқы жауапқа дейін, жұмыс сағ.", "До первого ответа, раб. ч"),
    "resolution": ("Шешілгенге дейін, жұмыс сағ.", "До решения, раб. ч"),
    "total": ("Барлығы", "Итого"),
}
CAPTIONS: dict[str, Label] = {
    "ngos_by_form": (
        "Үкіметтік емес ұйымдар ұйымдық-құқықтық нысаны бойынша",
        "Неправительственные организации по организационно-правовой форме",
    ),
    "projects": ("Әлеуметтік жобалар", "Социальные проекты"),
    "indicators": (
        "Жобалардың көрсеткіштері: жоспар және нақты орындалуы",
        "Показатели проектов: план и факт",
    ),
    "events_by_organiser": ("Кездесулер ұйымдастырушы бойынша", "Встречи по организаторам"),
    "events_by_venue": ("Кездесулер өткізілген орны бойынша", "Встречи по месту проведения"),
    "events_by_topic": ("Кездесулер тақырыбы бойынша", "Встречи по тематике"),
    "media_by_kind": ("Медиаөнімдер түрі бойынша", "Медиапродукты по видам"),
    "media_by_partner": ("Медиаөнімдер серіктес бойынша", "Медиапродукты по партнёрам"),
    "appeals_by_channel": ("Өтініштер түсу арнасы бойынша", "Обращения по каналам поступления"),
    "appeals_by_category": ("Өтініштер санат бойынша", "Обращения по категориям"),
    "appeals_by_department": ("Өтініштер бөлімдер бойынша", "Обращения по отделам"),
}


def say(label: Label, lang: Lang) -> str:
    """The label in the report's language."""
    return label[0] if lang == "kk" else label[1]


def label_of(labels: dict[str, Label], code: str, lang: Lang) -> str:
    """A code's label; a code the vocabulary does not know is shown as it is."""
    known = labels.get(code)
    return say(known, lang) if known else code
